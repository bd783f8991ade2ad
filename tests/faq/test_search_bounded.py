"""PostgreSQL at scale: a pass whose every word is in COMMON_MOST articles or more ranks only the
meaning's candidates (ranking every match cost 250-700 ms at 100,000 articles), and widens to every
match when none of them has the words. Scale is simulated by lowering COMMON_MOST and BOUND_FROM."""
import pytest
from django.db import connection

from faq import search
from faq.models import Article
from faq.search import scoring
from faq.search.backends import postgresql
from faq.search.query import parse
from tests.factories import make_article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the bound is PostgreSQL's"),
]


@pytest.fixture
def common(monkeypatch):
    """Twelve articles saying "sender number"; both words count as common at scale."""
    monkeypatch.setattr(scoring, "COMMON_MOST", 4)
    monkeypatch.setattr(postgresql, "BOUND_FROM", 10)
    search.forget_index_stats()
    for n in range(12):
        make_article(slug=f"sender-{n}", title=f"Sender number {n}", body="The sender number shown. " * (n + 1))
    yield {slug: pk for slug, pk in Article.objects.values_list("slug", "pk")}
    search.forget_index_stats()


def match(query: str, also: list[int], every_unit: bool = False):
    parsed = parse(query)
    counts, total = search._unit_counts(parsed)
    return postgresql.match(parsed, 10, counts=counts, total=total, every_unit=every_unit, also=also)


def test_common_words_at_scale_rank_only_the_meanings_candidates(common):
    hits, total = match("sender number", also=[common["sender-3"], common["sender-7"]])
    assert {pk for pk, _ in hits} == {common["sender-3"], common["sender-7"]}
    assert total >= 4  # a lower bound: at least as many as made the words common


def test_without_candidates_every_match_is_ranked(common):
    hits, total = match("sender number", also=[])
    assert len(hits) == 10 and total == 12


def test_when_no_candidate_has_the_words_every_match_is_ranked_after_all(common):
    elsewhere = make_article(slug="refunds", title="Refunds", body="Money back.")
    search.forget_index_stats()
    hits, total = match("sender number", also=[elsewhere.pk])
    assert len(hits) == 10 and total == 12 and elsewhere.pk not in dict(hits)


def test_an_and_pass_with_no_candidate_matching_leaves_widening_to_the_or_pass(common):
    elsewhere = make_article(slug="refunds", title="Refunds", body="Money back.")
    search.forget_index_stats()
    assert match("sender number", also=[elsewhere.pk], every_unit=True) == ([], 0)


def test_a_knowledge_base_below_bound_from_is_never_bounded(common, monkeypatch):
    monkeypatch.setattr(postgresql, "BOUND_FROM", 50_000)
    search.forget_index_stats()
    hits, total = match("sender number", also=[common["sender-3"]])
    assert len(hits) == 10 and total == 12
