"""The search page, the as-you-type suggestions and the click-through that records which result was opened."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from troubleshooter.models import Tree

from faq import search
from faq.models import Article, SearchLog

PAGE_RESULTS = 20


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    results = search.search(request.GET.get("q"), limit=PAGE_RESULTS)
    search.log_search(results, SearchLog.Source.PAGE)
    troubleshooters = Tree.objects.filter(status=Tree.Status.PUBLISHED).only("slug", "title", "description")
    return render(
        request,
        "faq/search.html",
        {"query": results.query, "search": results, "troubleshooters": troubleshooters},
    )


@require_GET
def search_suggestions(request: HttpRequest) -> HttpResponse:
    """An HTML fragment of article titles for the search box (htmx swaps it in under the box)."""
    query = search.clean_query(request.GET.get("q"))
    return render(
        request, "faq/search_suggestions.html", {"query": query, "articles": search.suggest(query)}
    )


@require_GET
def search_click(request: HttpRequest, log_id: int, slug: str) -> HttpResponse:
    """Record that a search's result was opened, then go to the article (a plain link: no JavaScript needed)."""
    article = get_object_or_404(Article.objects.published().only("pk", "slug"), slug=slug)
    # Only the first click counts: the link is public, so later visits to it (or anyone editing the
    # address) must not rewrite what the search led to.
    SearchLog.objects.filter(pk=log_id, clicked_article__isnull=True).update(clicked_article=article)
    return redirect(article)
