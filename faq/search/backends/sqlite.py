"""SQLite search engine: the FTS5 table faq_search_fts (porter stemming), bm25 ranking, and an
FTS5 trigram index over the vocabulary for typo candidates. Snippets are faq.search's own
(faq.search.passages), the same on both databases."""
from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from ..scoring import informative_units, widened_units
from ..types import ParsedQuery, Unit

# bm25 column weights, in the table's column order: title, codes, keywords, body.
COLUMN_WEIGHTS = (10.0, 6.0, 4.0, 1.0)


def _phrase(words: tuple[str, ...], prefix: bool = False) -> str:
    # Words hold letters and digits only (see search.parse), so quoting them is enough.
    return '"' + " ".join(words) + '"' + (" *" if prefix else "")


def _unit(unit: Unit) -> str:
    return "(" + " OR ".join(_phrase(words, unit.prefix) for words in unit.alternatives) + ")"


def match_expression(query: ParsedQuery, every_unit: bool = False) -> str:
    """The FTS5 MATCH expression: every unit (or any) must match; excluded words must not."""
    expression = (" AND " if every_unit else " OR ").join(_unit(unit) for unit in query.units)
    if query.excluded:
        expression = f"({expression}) NOT ({' OR '.join(_phrase((word,)) for word in query.excluded)})"
    return expression


def match(
    query: ParsedQuery, limit: int, *, counts: list[int], total: int, every_unit: bool, also: Sequence[int] = ()
) -> tuple[list[tuple[int, float]], int]:
    """Up to `limit` (article id, score) pairs, best first, the scores of those of `also` that
    match too, and how many articles match in all.

    The score is bm25 negated, so higher is better; bm25 already weighs rare words above common
    ones, and units most articles contain are left out when rarer ones exist (see
    search.informative_units) so that "sms" does not make every article a match to rank.
    """
    kept = informative_units(query.units, counts, total)
    expression = match_expression(
        ParsedQuery(units=tuple(query.units[index] for index in kept), excluded=query.excluded), every_unit
    )
    weights = ", ".join(str(weight) for weight in COLUMN_WEIGHTS)
    wanted = list(dict.fromkeys(int(pk) for pk in also))
    in_wanted = f"({', '.join(['%s'] * len(wanted)) or 'NULL'})"
    matching = "faq_search_fts MATCH %s"
    params: list[str | int] = [expression]
    widened = widened_units(query.units, counts, kept) if wanted else []
    if widened:
        # The meaning's candidates also match on the common words (scoring.widened_units); bm25
        # ranks every phrase of the expression it is given, so all matches are ranked on the wide one.
        wide = match_expression(
            ParsedQuery(units=tuple(query.units[index] for index in [*kept, *widened]), excluded=query.excluded)
        )
        matching = (
            f"faq_search_fts MATCH %s AND (rowid IN {in_wanted} OR "
            "rowid IN (SELECT rowid FROM faq_search_fts WHERE faq_search_fts MATCH %s))"
        )
        params = [wide, *wanted, expression]
    with connection.cursor() as cursor:
        # One scan gives the best `limit`, the scores of `also` (the meaning's candidates, so that
        # fusion weighs both sides of every candidate) and the total (a window over all matches,
        # not a second query). FTS5 refuses bm25() beside a window function, hence the inner query.
        cursor.execute(
            "SELECT id, rank, n FROM (SELECT id, rank, count(*) OVER () AS n, "
            "row_number() OVER (ORDER BY rank, id) AS position FROM ("
            f"SELECT rowid AS id, bm25(faq_search_fts, {weights}) AS rank FROM faq_search_fts WHERE {matching})) "
            f"WHERE position <= %s OR id IN {in_wanted} ORDER BY rank, id",
            [*params, limit, *wanted],
        )
        rows = cursor.fetchall()
        return [(pk, -rank) for pk, rank, _ in rows], (rows[0][2] if rows else 0)


def capped_counts(units: list[Unit], cap: int) -> list[int]:
    """How many articles match each unit, counted up to `cap` (search.common_cap), in one statement."""
    part = "(SELECT count(*) FROM (SELECT 1 FROM faq_search_fts WHERE faq_search_fts MATCH %s LIMIT %s))"
    parts = [part] * len(units)
    params = [value for unit in units for value in (_unit(unit), cap)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return list(cursor.fetchone())


def total_documents() -> int:
    """The number of indexed articles."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM faq_searchdocument")
        return cursor.fetchone()[0]


def similar_words(word: str, limit: int = 20, *, loose: bool = False) -> list[str]:
    """Vocabulary words sharing the most three-letter sequences with `word` (typo candidates);
    any shared sequence makes a candidate, so `loose` changes nothing here."""
    trigrams = sorted({word[i : i + 3] for i in range(len(word) - 2)})
    if not trigrams:
        return []
    expression = " OR ".join(f'"{trigram}"' for trigram in trigrams)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM faq_searchterm_fts WHERE faq_searchterm_fts MATCH %s ORDER BY rank LIMIT %s",
            [expression, limit],
        )
        return [row[0] for row in cursor.fetchall()]
