"""PostgreSQL's lexical ranking of a unit of alternatives (synonyms and phrases)."""
import pytest
from django.db import connection

from faq import search
from faq.models import Article
from faq.search.backends import postgresql
from faq.search.query import parse
from faq.search.types import Unit
from tests.factories import make_article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's ranking"),
]


def match(query: str, groups=(), every_unit: bool = False):
    search.forget_index_stats()
    parsed = parse(query, list(groups))
    counts, total = search._unit_counts(parsed)
    hits, matched = postgresql.match(parsed, 10, counts=counts, total=total, every_unit=every_unit)
    return hits, matched, counts


def test_a_phrase_that_stop_words_reduce_to_one_word_is_left_to_the_other_alternatives():
    unit = Unit(alternatives=(("sender",), ("from", "number"), ("sending", "number")))
    assert postgresql._unit_text(unit) == "(sender) | (sending <-> number)"


def test_a_unit_of_such_phrases_only_keeps_them():
    unit = Unit(alternatives=(("from", "number"),))
    assert postgresql._unit_text(unit) == "(from <-> number)"


def test_a_synonym_phrase_of_stop_words_does_not_make_its_unit_match_the_common_word():
    make_article(slug="sender-id", title="Sender ID", body="Which sender recipients see.")
    for n in range(4):
        make_article(slug=f"numbers-{n}", title=f"Number formats {n}", body="Write the number with its country code.")
    hits, matched, counts = match("sender", groups=[("sender", "from number")])
    assert counts == [1] and matched == 1 and len(hits) == 1


def scores(query: str, groups=()) -> dict[str, float]:
    hits, _, _ = match(query, groups)
    slugs = dict(Article.objects.values_list("pk", "slug"))
    return {slugs[pk]: score for pk, score in hits}


def test_a_unit_ranks_an_article_by_its_best_alternative_however_many_synonyms_it_has():
    make_article(slug="country-codes", title="Country codes", body="The codes of every country we serve.")
    make_article(slug="refunds", title="Refunds", body="Money back.")
    alone = scores("country")["country-codes"]
    with_synonyms = scores("country", groups=[("country", "nation", "territory", "region", "land")])
    assert with_synonyms["country-codes"] == pytest.approx(alone)


def test_a_phrase_alternative_counts_only_where_the_phrase_is():
    make_article(slug="apart", title="Sender", body="Mainland customers and those in the rest of China.")
    make_article(slug="phrase", title="Sender", body="Customers outside mainland China.")
    make_article(slug="synonym", title="Sender", body="Customers abroad.")
    for n in range(10):  # so that "sender" is not common
        make_article(slug=f"other-{n}", title=f"Invoices {n}", body="Billing.")
    ranked = scores("abroad sender", groups=[("abroad", "outside mainland china")])
    assert ranked["phrase"] > ranked["apart"] and ranked["synonym"] > ranked["apart"]


def test_the_meanings_candidates_beyond_the_shortlist_are_still_scored(monkeypatch):
    monkeypatch.setattr(postgresql, "SHORTLIST", 2)
    pks = [make_article(slug=f"sender-{n}", title=f"Sender {n}", body="The sender. " * (n + 1)).pk for n in range(14)]
    search.forget_index_stats()
    parsed = parse("sender")
    counts, total = search._unit_counts(parsed)
    hits, matched = postgresql.match(parsed, 3, counts=counts, total=total, every_unit=False, also=pks[:1] + pks[-1:])
    assert matched == 14 and len(hits) >= 3 and {pks[0], pks[-1]} <= {pk for pk, _ in hits}
