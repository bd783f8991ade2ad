"""PostgreSQL search engine: the stored weighted vector (title A; codes, keywords B; body C) behind a
GIN index, the websearch syntax read by faq.search turned into tsqueries, SearchRank,
SearchHeadline, and pg_trgm over the vocabulary for typo candidates. See faq.search for the contract."""
from __future__ import annotations

import html
from functools import reduce
from operator import add, and_, or_
from typing import Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, TrigramSimilarity
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Replace

from faq.models import SearchDocument, SearchTerm

from ..scoring import bm25_idf, common_cap, informative_units
from ..types import MARK_END, MARK_START, AtLeast, ParsedQuery, Unit

CONFIG = "english"
# Weights for D, C, B, A (body C, codes/keywords B, title A).
RANK_WEIGHTS = [0.3, 0.5, 0.7, 1.0]
# 32: rank / (rank + 1), so one unit's rank saturates (as term frequency does in BM25) and an
# article matching several of the customer's words beats one repeating a single word.
RANK_NORMALIZATION = 32
# pg_trgm's default threshold for the % operator, and the lower one "did you mean" may use.
SIMILARITY = 0.3
LOOSE_SIMILARITY = 0.15
ESTIMATE_FROM = 5000
# A query matching at least this many articles is broad: ranking every match would cost more than
# the rest of the search, so title/keyword matches are ranked first (see match). Far above what the
# seed's 26 articles can reach, so their ranking never takes this path.
BROAD_FROM = 500


def _unit_text(unit: Unit) -> str:
    """A unit as tsquery text: its alternatives OR-ed, a phrase's words in sequence (<->).

    Written out here rather than through websearch_to_tsquery because faq.search has already
    read the websearch syntax (quotes, -word) and reduced every word to letters and digits, so
    the text is safe, and one to_tsquery per unit is far cheaper than one call per alternative.
    """
    return " | ".join("(" + " <-> ".join(words) + ")" for words in unit.alternatives)


def _unit(unit: Unit) -> SearchQuery:
    query = SearchQuery(_unit_text(unit), search_type="raw", config=CONFIG)
    if unit.prefix:
        # The word being typed, as the start of any lexeme (unstemmed, so "receivin" finds "receiving").
        query |= SearchQuery(f"{unit.alternatives[0][-1]}:*", search_type="raw", config="simple")
    return query


def match(
    query: ParsedQuery, limit: int, *, counts: list[int], total: int, every_unit: bool
) -> tuple[list[tuple[int, float]], int]:
    """Up to `limit` (article id, score) pairs, best first, and how many articles match in all.

    ts_rank knows nothing of how common a word is across articles, so each unit's rank is
    weighted by its BM25 inverse document frequency (from `counts` of `total`, see
    search.unit_counts), and units most articles contain are left out when rarer ones exist (see
    search.informative_units): "sms" does not drown "blocked".

    A broad query (every unit common, BROAD_FROM matches or more) with at least `limit` matches
    in the title, codes or keywords returns those, ranked on the small head vector (see
    _broad_or_ranked); every other query ranks every match on the full vector, as always.
    """
    units = [_unit(unit) for unit in query.units]
    kept = informative_units(query.units, counts, total)
    combine = and_ if every_unit else or_
    condition = _excluding(reduce(combine, (units[index] for index in kept)), query)

    def rank(vector: str):
        return reduce(
            add,
            (
                SearchRank(F(vector), units[index], weights=RANK_WEIGHTS, normalization=RANK_NORMALIZATION)
                * Value(bm25_idf(counts[index], total))
                for index in kept
            ),
        )

    cap = common_cap(total)
    if (every_unit or len(kept) == 1) and all(counts[index] >= cap for index in kept) and total >= BROAD_FROM:
        # Every unit is common (in `cap` articles or more), so the query may be broad.
        return _broad_or_ranked(condition, rank("head_vector"), rank("vector"), limit, excluding=bool(query.excluded))
    return _ranked(SearchDocument.objects.filter(vector=condition), rank("vector"), limit)


def _ranked(matching, rank, limit: int) -> tuple[list[tuple[int, float]], int]:
    """The best `limit` of `matching` by `rank` and how many it holds, in one statement."""
    sql, params = matching.annotate(rank=rank).values_list("pk", "rank").query.sql_with_params()
    with connection.cursor() as cursor:
        # The total comes from the same scan (a window over all matches), not from a second query.
        # The window sits outside the scan so that it keeps only (id, rank) per match: over the
        # scan itself it would hold every matching row with its vector and spill to disk. OFFSET 0
        # keeps the planner from merging the two levels back into one.
        cursor.execute(
            f"SELECT pk, rank, count(*) OVER () FROM ({sql} OFFSET 0) AS matches ORDER BY rank DESC, pk LIMIT %s",
            [*params, limit],
        )
        rows = cursor.fetchall()
    return [(pk, float(score)) for pk, score, _ in rows], (rows[0][2] if rows else 0)


def _broad_or_ranked(
    condition: SearchQuery, head_rank, rank, limit: int, *, excluding: bool
) -> tuple[list[tuple[int, float]], int]:
    """For a query that may be broad: when it is (BROAD_FROM matches or more, `limit` of them in
    the title, codes or keywords), the best `limit` head matches ranked on the small head vector,
    with BROAD_FROM as search.AtLeast (a lower bound, which the search page words as "500 or
    more"); otherwise every match ranked on the full vector, exactly as _ranked does.

    Ranking, and even counting, every match means reading each match's whole vector (phrases
    need it), which for thousands of matches is most of a search, while head vectors are a few
    words each. So the head matches are ranked first; only when they fill `limit` are the
    matches counted, and only up to BROAD_FROM. One statement and one round trip either way: the
    conditions on the head and on the count are uncorrelated, so PostgreSQL makes them one-time
    filters and runs only the branch that applies.
    """
    head = SearchDocument.objects.filter(head_vector=condition)
    if excluding:
        # An excluded word in the body must still exclude; the head vector does not hold the body.
        head = head.filter(vector=condition)
    head_sql, head_params = (
        head.annotate(rank=head_rank).values_list("pk", "rank").order_by("-rank", "pk")[:limit].query.sql_with_params()
    )
    matching = SearchDocument.objects.filter(vector=condition)
    count_sql, count_params = matching.values("pk").query.sql_with_params()
    full_sql, full_params = matching.annotate(rank=rank).values_list("pk", "rank").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH head AS MATERIALIZED ({head_sql}), "
            f"everything AS (SELECT count(*) AS n FROM ({count_sql} AND (SELECT count(*) FROM head) >= %s "
            "LIMIT %s) AS matching) "
            "SELECT pk, rank, NULL::bigint FROM head WHERE (SELECT n FROM everything) >= %s "
            "UNION ALL SELECT * FROM (SELECT pk, rank, count(*) OVER () "
            f"FROM ({full_sql} OFFSET 0) AS matches WHERE (SELECT n FROM everything) < %s "
            "ORDER BY rank DESC, pk LIMIT %s) AS full_ranking ORDER BY 2 DESC, 1",
            [*head_params, *count_params, limit, BROAD_FROM, BROAD_FROM, *full_params, BROAD_FROM, limit],
        )
        rows = cursor.fetchall()
    if rows and rows[0][2] is None:
        return [(pk, float(score)) for pk, score, _ in rows], AtLeast(BROAD_FROM)
    return [(pk, float(score)) for pk, score, _ in rows], (rows[0][2] if rows else 0)


def capped_counts(units: list[Unit], cap: int) -> list[int]:
    """How many articles match each unit, counted up to `cap` (search.common_cap), in one
    statement; each count stops early, so common words cost no more than rare ones."""
    parts: list[str] = []
    params: list[Any] = []
    for unit in units:
        sql, unit_params = SearchDocument.objects.filter(vector=_unit(unit)).values("pk")[:cap].query.sql_with_params()
        parts.append(f"(SELECT count(*) FROM ({sql}) AS matching)")
        params.extend(unit_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return list(cursor.fetchone())


def total_documents() -> int:
    """The number of indexed articles: PostgreSQL's own estimate for large tables (free, and the
    weights need the size, not the exact count), an exact count below ESTIMATE_FROM."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT CASE WHEN reltuples < %s THEN (SELECT count(*) FROM faq_searchdocument) "
            "ELSE reltuples::bigint END FROM pg_class WHERE oid = 'faq_searchdocument'::regclass",
            [ESTIMATE_FROM],
        )
        return int(cursor.fetchone()[0])


def _excluding(search_query: SearchQuery, query: ParsedQuery) -> SearchQuery:
    if query.excluded:
        search_query &= ~SearchQuery(" | ".join(query.excluded), search_type="raw", config=CONFIG)
    return search_query


def snippets(query: ParsedQuery, ids: list[int]) -> dict[int, str]:
    """The body passage around the matches for each id, matches wrapped in MARK_START/MARK_END.

    ts_headline reads its text as HTML and drops whatever looks like a tag, so "<b>" written as
    text in an article would vanish from its snippet: the body goes in with & and < escaped and
    the passage comes back unescaped.
    """
    escaped_body = Replace(Replace(F("body"), Value("&"), Value("&amp;")), Value("<"), Value("&lt;"))
    headline = SearchHeadline(
        escaped_body,
        _any_word(query),
        config=CONFIG,
        start_sel=MARK_START,
        stop_sel=MARK_END,
        max_words=32,
        min_words=16,
        short_word=2,  # type: ignore[arg-type]  # django-stubs says str; Django writes ShortWord=2 either way
        max_fragments=2,
        fragment_delimiter=" … ",
    )
    rows = SearchDocument.objects.filter(pk__in=ids).annotate(snippet=headline).values_list("pk", "snippet")
    return {pk: html.unescape(snippet) for pk, snippet in rows}


def _any_word(query: ParsedQuery) -> SearchQuery:
    """Every word of the query, any of them: enough to highlight, and far cheaper for ts_headline than phrases."""
    words = sorted({word for unit in query.units for words in unit.alternatives for word in words})
    # Words hold letters and digits only (see search.parse), so a raw query is safe.
    return SearchQuery(" | ".join(words), search_type="raw", config=CONFIG)


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
