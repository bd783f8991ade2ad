"""The home page: the knowledge base's topics and popular articles beside the troubleshooters."""
from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from common.page_cache import cached_page
from faq import queries as faq_queries
from faq.models import Article, Category
from troubleshooter import queries as troubleshooter_queries
from troubleshooter.models import Tree


@dataclass(frozen=True)
class HomePage:
    categories: list[Category]
    popular: list[Article]
    troubleshooters: list[Tree]


@require_safe
@cached_page()
def home(request: HttpRequest) -> HttpResponse:
    """Topics with their articles, the most read articles and the troubleshooters (four queries)."""
    page = HomePage(
        categories=faq_queries.topics_with_articles(),
        popular=faq_queries.popular_articles(),
        troubleshooters=troubleshooter_queries.published_trees(),
    )
    return render(request, "portal/home.html", {"page": page})
