"""GET /api/v1/search: the knowledge-base search as JSON (the same entry points as the search page).

`troubleshooters` are those the query is about (troubleshooter.matching), best first; a `url`
with ?answer= starts the troubleshooter with what the query already said. `url` of a result is
the article's path; `snippet` is HTML (escaped text with <mark> around the matches);
`score` is the engine's relevance, higher is better, comparable only within one answer. A `limit`
above 50 is treated as 50; an empty query answers with no results. Every search is logged.
"""
from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from faq import search
from faq.models import SearchLog

from .search import troubleshooters_for

router = Router(tags=["search"])


class SearchHitOut(Schema):
    slug: str
    title: str
    url: str
    snippet: str
    score: float


class TroubleshooterOut(Schema):
    slug: str
    title: str
    url: str


class SearchOut(Schema):
    query: str
    count: int
    results: list[SearchHitOut]
    troubleshooters: list[TroubleshooterOut]


@router.get("/search", response=SearchOut, summary="Search the published articles, best first")
def search_articles(request: HttpRequest, q: str = "", limit: int = 10) -> dict:
    if limit < 1:
        raise HttpError(400, f"limit must be between 1 and {search.MAX_LIMIT}.")
    results = search.search(q, limit=min(limit, search.MAX_LIMIT))
    search.log_search(results, SearchLog.Source.API)
    return {
        "query": results.query,
        "count": results.count,
        "results": [
            {
                "slug": result.article.slug,
                "title": result.article.title,
                "url": result.article.get_absolute_url(),
                "snippet": str(result.snippet),
                "score": result.score,
            }
            for result in results.results
        ],
        "troubleshooters": [
            {"slug": match.tree.slug, "title": match.tree.title, "url": match.get_absolute_url()}
            for match in troubleshooters_for(results)
        ],
    }
