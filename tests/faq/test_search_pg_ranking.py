"""PostgreSQL's lexical ranking of a unit of alternatives (synonyms and phrases)."""
import pytest
from django.db import connection

from faq import search
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
