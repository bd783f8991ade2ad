"""The search page: the knowledge base's articles for a query, and the troubleshooters it is about
(faq.search finds the articles; troubleshooter.matching the trees)."""
from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from faq import search
from faq.models import SearchLog
from faq.search import followup
from faq.search.clicks import click_url, visitor
from troubleshooter import queries as troubleshooter_queries
from troubleshooter.matching import TreeMatch, matching_trees

PAGE_RESULTS = 20


@dataclass(frozen=True)
class ShownResult:
    result: search.SearchResult
    url: str  # the signed click-through that records the rank, or the article itself


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    results = search.search(request.GET.get("q"), limit=PAGE_RESULTS)
    search.log_search(results, SearchLog.Source.PAGE)
    who = visitor(request)
    shown = [
        ShownResult(
            result=result,
            url=(click_url(results.log_id, rank, result.article, who) if results.log_id
                 else result.article.get_absolute_url()),
        )
        for rank, result in enumerate(results.results, 1)
    ]
    matched = troubleshooters_for(results)
    matched_ids = {match.tree.pk for match in matched}
    others = [tree for tree in troubleshooter_queries.published_trees() if tree.pk not in matched_ids]
    return render(
        request,
        "portal/search.html",
        {"query": results.query, "search": results, "results": shown, "matched": matched, "troubleshooters": others,
         # The page's "Contact support" links name this search, so a ticket filed from them counts
         # as "followed by a ticket" (faq.search.followup); the page is never cached.
         "contact_search": followup.contact_token(results.log_id) if results.log_id else ""},
    )


def troubleshooters_for(results: search.SearchResults) -> list[TreeMatch]:
    """The troubleshooters a search's query is about (see troubleshooter.matching)."""
    if not results.query:
        return []
    best = results.results[0].article.pk if results.results else None
    return matching_trees(results.query, best)

