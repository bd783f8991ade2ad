"""PostgreSQL search engine: the stored weighted vector (title A; codes, keywords B; body C) behind a
GIN index, the websearch syntax read by faq.search turned into tsqueries, SearchRank, and pg_trgm
over the vocabulary for typo candidates. See faq.search for the contract; snippets are faq.search's
own (faq.search.passages: ts_headline parsed and stemmed ten whole bodies a search, 2-5 ms)."""
from __future__ import annotations

from collections.abc import Sequence
from functools import reduce
from operator import add, and_, or_
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.db import connection
from django.db.models import F, Q, Value

from faq.models import SearchDocument, SearchTerm

from .. import scoring
from ..query import STOP_WORDS
from ..scoring import bm25_idf, informative_units, widened_units
from ..types import ParsedQuery, Unit

CONFIG = "english"
# Weights for D, C, B, A (body C, codes/keywords B, title A).
RANK_WEIGHTS = [0.3, 0.5, 0.7, 1.0]
# 32: rank / (rank + 1), so one unit's rank saturates (as term frequency does in BM25) and an
# article matching several of the customer's words beats one repeating a single word.
RANK_NORMALIZATION = 32
_WEIGHTS_SQL = "'{" + ",".join(map(str, RANK_WEIGHTS)) + "}'::float4[]"
# pg_trgm's default threshold for the % operator, and the lower one "did you mean" may use.
SIMILARITY = 0.3
LOOSE_SIMILARITY = 0.15
ESTIMATE_FROM = 5000
# From this many indexed articles a pass of common words only is bounded (see match). At 10,000
# the bound cost one tuning query its top-three place (seed import) and saved little, so the
# knowledge bases of up to tens of thousands of articles rank every match, as they always did.
BOUND_FROM = 50_000
# How many matches, best first by the cheap rank (one ts_rank per unit), are ranked again
# alternative by alternative (see _unit_rank) with the meaning's candidates: that rank costs a
# ts_rank per alternative, too much for every match of a common word at scale.
SHORTLIST = 50


def _unit_text(unit: Unit) -> str:
    """A unit as tsquery text: its alternatives OR-ed, a phrase's words in sequence (<->).

    Written out here rather than through websearch_to_tsquery because faq.search has already
    read the websearch syntax (quotes, -word) and reduced every word to letters and digits, so
    the text is safe, and one to_tsquery per unit is far cheaper than one call per alternative.
    """
    return " | ".join("(" + " <-> ".join(words) + ")" for words in _alternatives(unit))


def _alternatives(unit: Unit) -> tuple[tuple[str, ...], ...]:
    """The unit's alternatives PostgreSQL can match as written: not a phrase that stop words
    reduce to one word (unless the unit has nothing else).

    The english configuration drops stop words, so the phrase "from number" (for "sender") is
    read as "number": in the vector "number" is one of the commonest words, so the unit matched
    most articles, counted as common, and was left out of the query altogether. FTS5 (SQLite)
    keeps stop words and matches the phrase as written; here it is better left to the unit's
    other alternatives. A negation is no stop word of faq.search ("not receive" stays).
    """
    kept = tuple(
        words for words in unit.alternatives if len(words) < 2 or sum(word not in STOP_WORDS for word in words) >= 2
    )
    return kept or unit.alternatives


def _unit(unit: Unit) -> SearchQuery:
    query = SearchQuery(_unit_text(unit), search_type="raw", config=CONFIG)
    if unit.prefix:
        # The word being typed, as the start of any lexeme (unstemmed, so "receivin" finds "receiving").
        query |= SearchQuery(f"{unit.alternatives[0][-1]}:*", search_type="raw", config="simple")
    return query


def match(
    query: ParsedQuery, limit: int, *, counts: list[int], total: int, every_unit: bool, also: Sequence[int] = ()
) -> tuple[list[tuple[int, float]], int]:
    """Up to `limit` (article id, score) pairs, best first, the scores of those of `also` that
    match too, and how many articles match in all.

    ts_rank knows nothing of how common a word is across articles, so each unit's rank is
    weighted by its BM25 inverse document frequency (from `counts` of `total`, see
    search.unit_counts), and units most articles contain are left out when rarer ones exist (see
    search.informative_units): "sms" does not drown "blocked". Every query takes this one path.

    At scale (BOUND_FROM articles or more), when every word left is in COMMON_MOST articles or
    more, only the articles of `also` (the meaning's candidates) are matched and ranked, and the
    count returned is a lower bound: at 100,000 articles "contact support" or "json single quotes" match 10,000-20,000
    articles, and ranking them all took 250-700 ms a statement, while such words say little the
    meaning does not (ts_rank's cost is per matching row; PostgreSQL has no top-k over it). If
    none of those candidates matches any word (the OR pass), every match is ranked after all, so
    a query never loses its results to the bound.
    """
    units = [_unit(unit) for unit in query.units]
    kept = informative_units(query.units, counts, total)
    bounded = (
        bool(also) and total >= BOUND_FROM and all(counts[index] >= scoring.COMMON_MOST for index in kept)
    )
    if bounded:
        hits, matched = _ranked(query, units, kept, counts, total, every_unit, limit, also, only=also)
        if hits or every_unit:  # (an empty AND pass is followed by the OR pass, which may widen)
            return hits, max(matched, *(counts[index] for index in kept)) if hits else 0
    return _ranked(query, units, kept, counts, total, every_unit, limit, also)


def _ranked(
    query: ParsedQuery, units: list[SearchQuery], kept: list[int], counts: list[int], total: int,
    every_unit: bool, limit: int, also: Sequence[int], only: Sequence[int] | None = None,
) -> tuple[list[tuple[int, float]], int]:
    """The statement of `match`, over the articles of `only` when given.

    Every match is ranked cheaply (one ts_rank per unit, of its alternatives OR-ed); the best SHORTLIST of
    them and the meaning's candidates are then ranked alternative by alternative (_unit_rank),
    and that rank orders and scores what is returned.
    """
    combine = and_ if every_unit else or_
    condition = _excluding(reduce(combine, (units[index] for index in kept)), query)
    widened = widened_units(query.units, counts, kept) if also else []
    ranked = [*kept, *widened]
    cheap = reduce(
        add,
        (
            SearchRank(F("vector"), units[index], weights=RANK_WEIGHTS, normalization=RANK_NORMALIZATION)
            * Value(bm25_idf(counts[index], total))
            for index in ranked
        ),
    )
    precise: list[str] = []
    precise_params: list[Any] = []
    for index in ranked:
        unit_sql, unit_params = _unit_rank(query.units[index])
        precise.append(f"%s * {unit_sql}")
        precise_params += [bm25_idf(counts[index], total), *unit_params]
    documents = SearchDocument.objects.filter(vector=condition)
    if widened:
        # The meaning's candidates also match on the common words (scoring.widened_units).
        wide = _excluding(reduce(or_, (units[index] for index in ranked)), query)
        documents = SearchDocument.objects.filter(Q(vector=condition) | Q(pk__in=list(also), vector=wide))
    if only is not None:
        documents = documents.filter(pk__in=list(only))
    matching = documents.annotate(rank=cheap).values_list("pk", "rank")
    sql, params = matching.query.sql_with_params()
    with connection.cursor() as cursor:
        # One scan gives the shortlist (the best SHORTLIST by the cheap rank and the meaning's
        # candidates, so that fusion weighs both sides of every candidate) and the total (a window
        # over all matches, not a second query). The windows sit outside the scan so that they
        # keep only (id, rank) per match; OFFSET 0 keeps the planner from merging the levels back
        # into one. The shortlist is then ranked again, each row looked up by its primary key (a
        # join let the planner scan the whole table), its vector read once (a long article's is
        # stored compressed, and each ts_rank would decompress it again), each rank computed once
        # (OFFSET 0), and the best `limit` of it and the candidates are returned.
        cursor.execute(
            "WITH shortlist AS MATERIALIZED (SELECT pk, n FROM (SELECT pk, count(*) OVER () AS n, "
            "row_number() OVER (ORDER BY rank DESC, pk) AS position "
            f"FROM ({sql} OFFSET 0) AS matches) AS numbered WHERE position <= %s OR pk = ANY(%s)) "
            "SELECT pk, rank, n FROM (SELECT pk, rank, n, row_number() OVER (ORDER BY rank DESC, pk) AS position "
            f"FROM (SELECT pk, n, (SELECT {' + '.join(precise)} FROM (SELECT vector || ''::tsvector AS vector "
            "FROM faq_searchdocument WHERE article_id = shortlist.pk OFFSET 0) AS document) AS rank "
            "FROM shortlist OFFSET 0) AS again) AS ranked "
            "WHERE position <= %s OR pk = ANY(%s) ORDER BY rank DESC, pk",
            [*params, max(limit, SHORTLIST), list(also), *precise_params, limit, list(also)],
        )
        rows = cursor.fetchall()
    return [(pk, float(score)) for pk, score, _ in rows], (rows[0][2] if rows else 0)


def _unit_rank(unit: Unit) -> tuple[str, list[str]]:
    """A unit's rank in an article (SQL over document.vector, and its parameters): that of its best
    alternative, each ranked on its own, as bm25 ranks each phrase of an FTS5 query (SQLite).

    ts_rank of the unit's alternatives OR-ed, the cheap rank, divides by how many lexemes they hold,
    so a unit with synonyms ranked at a fraction of its word alone ("country code" with its ten
    alternatives fell below a blocklist's "list"), and it scores a phrase's words one by one where
    the phrase is absent ("mainland" and "china" of "outside mainland china"). Here a single word
    is ranked alone and a phrase as a phrase, only where it matches as one. Written as SQL, not as
    Django expressions: compiling one per alternative cost more than ranking them.
    """
    rank = f"ts_rank({_WEIGHTS_SQL}, document.vector, to_tsquery(%s::regconfig, %s), {RANK_NORMALIZATION})"
    ranks: list[str] = []
    params: list[str] = []
    for words in _alternatives(unit):
        text = " <-> ".join(words)
        if len(words) > 1:
            ranks.append(f"CASE WHEN document.vector @@ to_tsquery(%s::regconfig, %s) THEN {rank} ELSE 0 END")
            params += [CONFIG, text, CONFIG, text]
        else:
            ranks.append(rank)
            params += [CONFIG, text]
    if unit.prefix:
        ranks.append(rank)
        params += ["simple", f"{unit.alternatives[0][-1]}:*"]
    return "GREATEST(" + ", ".join(ranks) + ")", params


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
