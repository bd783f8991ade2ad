"""The as-you-type suggestions and the click-through that records which result was opened.

The search page itself shows troubleshooters beside the articles, so it lives in portal.
"""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from faq import search
from faq.models import Article

from . import clicks

# A result list never holds more than this (faq.search.MAX_LIMIT): a larger rank is no real link.
MOST_RANK = 50


@require_GET
def search_suggestions(request: HttpRequest) -> HttpResponse:
    """An HTML fragment of article titles for the search box (htmx swaps it in under the box)."""
    query = search.clean_query(request.GET.get("q"))
    return render(
        request, "faq/search_suggestions.html", {"query": query, "articles": search.suggest(request.GET.get("q"))}
    )


@require_GET
def search_click(request: HttpRequest, log_id: int, rank: int, slug: str) -> HttpResponse:
    """Record that a search's result was opened (first click only, by the visitor who searched), then go to it.

    A plain link, so it works without JavaScript.
    """
    article = get_object_or_404(Article.objects.published().only("pk", "slug"), slug=slug)
    if 1 <= rank <= MOST_RANK:
        clicks.record(log_id, rank, article, request.GET.get("k", ""), clicks.visitor(request))
    return redirect(article)
