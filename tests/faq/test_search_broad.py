"""Broad searches on PostgreSQL: when every word is common, the query matches BROAD_FROM articles or
more and at least `limit` of them match in the title, codes or keywords, those are returned, ranked on
the small head vector; with fewer head matches every match is ranked on the full vector, as always."""
import pytest
from django.db import connection

from faq import search
from tests.factories import make_article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the head vector is PostgreSQL's"),
]


@pytest.fixture
def broad_corpus(monkeypatch):
    """Eight articles that all mention "sender number" in their body; two say it in the title or keywords."""
    from faq.search.backends import postgresql as search_pg

    monkeypatch.setattr(search_pg, "BROAD_FROM", 5)
    # The backend is asked for exactly the page's results (not the usual CANDIDATES for fusion), and
    # meaning adds nothing, so what is tested is the lexical path alone.
    monkeypatch.setattr(search, "LEXICAL_CANDIDATES", 0)
    monkeypatch.setattr(search.semantic, "nearest", lambda query, limit: [])
    search.forget_index_stats()
    for n in range(6):
        # Body-only matches that say the words often, so the body ranking alone would like them.
        make_article(
            slug=f"body-{n}",
            title=f"Delivery reports {n}",
            body="The sender number and the number of the sender. " * (n + 1) + ("Refunds." if n == 0 else ""),
        )
    make_article(slug="title", title="Which sender number is used?", body="It depends on the number and the sender.")
    make_article(
        slug="keywords", title="Choosing a signature", keywords="sender number", body="A sender number is shown."
    )
    yield
    search.forget_index_stats()


def slugs(results):
    return [result.article.slug for result in results.results]


def test_a_broad_query_ranks_title_and_keyword_matches_first_without_ranking_every_body(broad_corpus, monkeypatch):
    from faq.search.backends import postgresql as search_pg

    full_rankings = []
    ranked = search_pg._ranked
    monkeypatch.setattr(search_pg, "_ranked", lambda *args: full_rankings.append(args) or ranked(*args))
    results = search.search("sender number", limit=2)
    assert slugs(results) == ["title", "keywords"]
    # Counting stopped at BROAD_FROM: a lower bound, said as such.
    assert (results.count, results.count_is_lower_bound) == (5, True)
    assert full_rankings == []


def test_a_broad_query_with_too_few_head_matches_ranks_every_match_and_returns_body_only_ones(broad_corpus):
    results = search.search("sender number", limit=5)
    found = slugs(results)
    assert found[:2] == ["title", "keywords"]
    assert len(found) == 5 and all(slug.startswith("body-") for slug in found[2:])
    assert (results.count, results.count_is_lower_bound) == (8, False)  # every match was ranked
    scores = [result.score for result in results.results]
    assert scores == sorted(scores, reverse=True)


def test_excluded_words_still_exclude_on_the_broad_path(broad_corpus):
    make_article(slug="title-refunds", title="Sender number refunds", body="Refunds for the sender number.")
    found = slugs(search.search("sender number -refunds", limit=10))
    assert "title-refunds" not in found and "body-0" not in found
    assert found[:2] == ["title", "keywords"]


def test_a_narrow_query_is_ranked_as_before(broad_corpus):
    # "refunds" is in one article: below BROAD_FROM, the full body ranking as always.
    assert slugs(search.search("refunds")) == ["body-0"]


def test_the_head_vector_follows_title_edits(broad_corpus):
    from faq.models import Article

    article = Article.objects.get(slug="title")
    article.title = "Which signature is used?"
    article.save()
    assert slugs(search.search("sender number", limit=1)) == ["keywords"]


def test_the_page_and_the_api_say_a_stopped_count_is_a_lower_bound(broad_corpus, client, monkeypatch):
    from portal import search as search_page

    monkeypatch.setattr(search_page, "PAGE_RESULTS", 2)
    page = client.get("/search/", {"q": "sender number"}).content.decode()
    assert "5 or more articles found; the best 2 are shown." in " ".join(page.split())
    data = client.get("/api/v1/search", {"q": "sender number", "limit": 2}).json()
    assert data["count"] == 5 and [result["slug"] for result in data["results"]] == ["title", "keywords"]
