"""PostgreSQL search engine: the stored weighted vector (title A; codes, keywords B; body C) behind a
GIN index, websearch_to_tsquery, SearchRank, SearchHeadline, and pg_trgm over the vocabulary for
typo candidates. See faq.search for the contract."""
from __future__ import annotations

from functools import reduce
from operator import or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, TrigramSimilarity
from django.db import connection
from django.db.models import F

from .models import SearchDocument, SearchTerm
from .search import MARK_END, MARK_START, ParsedQuery, Unit

CONFIG = "english"
# Weights for D, C, B, A (body C, codes/keywords B, title A).
RANK_WEIGHTS = [0.1, 0.2, 0.5, 1.0]
# 1: divide the rank by 1 + log(document length), so a long page does not win by sheer size.
RANK_NORMALIZATION = 1
# pg_trgm's default threshold for the % operator, and the lower one "did you mean" may use.
SIMILARITY = 0.3
LOOSE_SIMILARITY = 0.15


def _alternative(words: tuple[str, ...], prefix: bool) -> SearchQuery:
    if prefix:
        # Words hold letters and digits only (see search.parse), so a raw prefix query is safe.
        stem = SearchQuery(" ".join(words), search_type="websearch", config=CONFIG)
        return stem | SearchQuery(f"{words[-1]}:*", search_type="raw", config="simple")
    text = " ".join(words)
    return SearchQuery(f'"{text}"' if len(words) > 1 else text, search_type="websearch", config=CONFIG)


def _unit(unit: Unit) -> SearchQuery:
    return reduce(or_, (_alternative(words, unit.prefix) for words in unit.alternatives))


def tsquery(query: ParsedQuery) -> SearchQuery:
    """Any unit may match; excluded words must not."""
    combined = reduce(or_, (_unit(unit) for unit in query.units))
    for word in query.excluded:
        combined &= ~SearchQuery(word, search_type="websearch", config=CONFIG)
    return combined


def match(query: ParsedQuery, limit: int) -> list[tuple[int, float]]:
    """(article id, score) pairs, best first."""
    search_query = tsquery(query)
    rank = SearchRank(F("vector"), search_query, weights=RANK_WEIGHTS, normalization=RANK_NORMALIZATION)
    rows = (
        SearchDocument.objects.filter(vector=search_query)
        .annotate(rank=rank)
        .order_by("-rank", "pk")
        .values_list("pk", "rank")[:limit]
    )
    return [(pk, float(score)) for pk, score in rows]


def count(query: ParsedQuery) -> int:
    return SearchDocument.objects.filter(vector=tsquery(query)).count()


def snippets(query: ParsedQuery, ids: list[int]) -> dict[int, str]:
    """The body passage around the matches for each id, matches wrapped in MARK_START/MARK_END."""
    headline = SearchHeadline(
        "body",
        tsquery(query),
        config=CONFIG,
        start_sel=MARK_START,
        stop_sel=MARK_END,
        max_words=32,
        min_words=16,
        short_word=2,
        max_fragments=2,
        fragment_delimiter=" … ",
    )
    return dict(SearchDocument.objects.filter(pk__in=ids).annotate(snippet=headline).values_list("pk", "snippet"))


def similar_words(word: str, limit: int = 20, *, loose: bool = False) -> list[str]:
    """Vocabulary words similar to `word` by trigrams (the % operator, served by the trigram index).

    `loose` lowers pg_trgm's similarity threshold for this one lookup ("did you mean" after a
    search found nothing may reach further than the automatic correction).
    """
    words = (
        SearchTerm.objects.filter(word__trigram_similar=word)
        .annotate(similarity=TrigramSimilarity("word", word))
        .order_by("-similarity", "word")
        .values_list("word", flat=True)[:limit]
    )
    if not loose:
        return list(words)
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, false)", [str(LOOSE_SIMILARITY)])
        try:
            return list(words)
        finally:
            cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, false)", [str(SIMILARITY)])
