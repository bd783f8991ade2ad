"""Knowledge-base search: the one entry point used by the search page, the as-you-type box and the API.

The query is read the same way for both databases (faq.search.query), words the index does not
know are paired with their closest known word (faq.search.typos), and the backend of the database
in use (faq.search.backends: FTS5 + bm25 on SQLite, weighted tsvector + SearchRank + pg_trgm on
PostgreSQL) matches and ranks: articles with every unit first (as websearch does), articles with
any unit when those are too few, and articles covering an error code named in the query before
all. Only published articles are indexed, and results are re-checked as published when fetched.
"""
from __future__ import annotations

import re
from typing import cast

from django.db import connection
from django.db.models.functions import Left

from faq.models import Article, ErrorCode, SearchLog

from . import lexicon, memo, semantic
from .backends import backend
from .diversity import diversify_by_category
from .fusion import fuse, lexical_weight_for
from .highlight import highlight
from .passages import READ_CHARACTERS, best_passage
from .query import MAX_QUERY_LENGTH, MAX_UNITS, WORD, clean_query, forget_synonyms, parse, synonym_groups
from .scoring import common_cap
from .types import Hit, ParsedQuery, SearchResult, SearchResults
from .typos import with_corrections

__all__ = [
    "MAX_LIMIT",
    "MAX_QUERY_LENGTH",
    "SearchResult",
    "SearchResults",
    "clean_query",
    "forget_index_stats",
    "forget_synonyms",
    "log_search",
    "search",
    "suggest",
]

MAX_LIMIT = 50
# How many candidates each ranking offers for fusion, whatever the page size: meaning's are a free
# by-product of one matrix product; each lexical one past the first pass's costs ranking work.
CANDIDATES = 30
LEXICAL_CANDIDATES = 10
OPENING_WORDS = 30


def search(raw_query: str | None, *, limit: int = 10) -> SearchResults:
    """Search the published articles; best first, at most `limit` (capped at MAX_LIMIT) results."""
    query = clean_query(raw_query)
    results = SearchResults(query=query)
    limit = max(1, min(limit, MAX_LIMIT))
    parsed = parse(query, synonym_groups())
    if parsed.is_empty and not query:
        return results
    ranked, total = _hybrid(query, parsed, limit, results.corrections)
    # An error code's article the words did not match is one more; one they matched is in `total`.
    results.count = max(total, len(ranked))
    results.results = _fetch(parsed, ranked)
    if not results.results:
        results.count = 0
        results.did_you_mean = _did_you_mean(query)
    return results


def suggest(raw_query: str | None, *, limit: int = 6) -> list[Article]:
    """Titles for the search box as the customer types: the page's ranking, with the last word
    read as the start of a word while it is still being typed."""
    query = clean_query(raw_query)
    if len(query) < 2:
        return []
    still_typing = not (raw_query or "").endswith(" ")
    parsed = parse(query, synonym_groups(), prefix=still_typing)
    ranked, _ = _hybrid(query, parsed, limit, {})
    articles = Article.objects.published().only("title", "slug").in_bulk([pk for pk, _ in ranked[:limit]])
    return [articles[pk] for pk, _ in ranked[:limit] if pk in articles]


def _hybrid(query: str, parsed: ParsedQuery, limit: int, corrections: dict[str, str]) -> tuple[list[Hit], int]:
    """The fused lexical and semantic ranking (at most `limit`, error codes' articles first) and
    how many articles match; `corrections` receives the typo corrections made.

    Each ranking offers its candidates, and each candidate is then scored by both: the meaning's
    candidates get their lexical score from the same scan, the words' candidates their
    similarity from the same matrix product. Fusion so weighs every candidate on all the
    evidence, not on whichever list happened to reach it.
    """
    if not parsed.is_empty:
        parsed, found = with_corrections(parsed, backend(), strict=True)
        corrections.update(found)
    near = semantic.similarities(lexicon.in_english(_respelt(query, corrections)))
    meaning = near.nearest(max(limit, CANDIDATES)) if near is not None else []
    lexical: list[Hit] = []
    total = 0
    if not parsed.is_empty:
        lexical, total = _match(parsed, max(limit, LEXICAL_CANDIDATES), also=[pk for pk, _ in meaning])
    if '"' in query or parsed.excluded:
        # "Quoted phrases" and -excluded words ask for exactly these words: meaning may reorder
        # what matched them, never add what did not.
        matched = {pk for pk, _ in lexical}
        meaning = [hit for hit in meaning if hit[0] in matched]
    if near is not None:
        offered = {pk for pk, _ in meaning}
        meaning += near.of([pk for pk, _ in lexical if pk not in offered])
    gaps = near.topic_gaps(list({pk for pk, _ in (*lexical, *meaning)})) if near is not None else None
    fused = fuse(lexical, meaning, gaps, lexical_weight=lexical_weight_for(len(parsed.units)))
    # Articles only the meaning found count too (those close enough for fuse to keep).
    total = max(total, len(fused))
    if near is not None:
        # Categories are known from the meaning's topics; without the model the order stays the words'.
        fused = diversify_by_category(fused, near.topic_of)
    return _rank(fused, _articles_for_codes(query))[:limit], total


def _respelt(query: str, corrections: dict[str, str]) -> str:
    if not corrections:
        return query
    return re.sub(r"[^\W_]+", lambda match: corrections.get(match.group(0).lower(), match.group(0)), query)


def forget_index_stats() -> None:
    """Forget what this process remembers about the index (faq.search.index calls it on every change)."""
    memo.forget()


def log_search(results: SearchResults, source: str = SearchLog.Source.PAGE) -> SearchLog | None:
    """Record a search so that admins can see what people look for and what finds nothing."""
    if not results.query:
        return None
    entry = SearchLog(query=results.query.lower(), result_count=results.count, source=source)
    if connection.vendor == "postgresql":
        # A log line is not worth waiting for the disk: losing the last few in a crash is fine. The
        # setting is made for this transaction by the INSERT itself, so the line costs one round
        # trip instead of four (BEGIN, SET LOCAL, INSERT, COMMIT).
        table = connection.ops.quote_name(SearchLog._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (query, result_count, source, created_at) SELECT %s, %s, %s, %s "
                "FROM (SELECT set_config('synchronous_commit', 'off', true)) AS unhurried RETURNING id",
                [entry.query, entry.result_count, entry.source, entry.created_at],
            )
            entry.pk = cursor.fetchone()[0]
        entry._state.adding = False
        entry._state.db = connection.alias
    else:
        entry.save(force_insert=True)
    results.log_id = entry.pk
    return entry


def _match(parsed: ParsedQuery, limit: int, *, also: list[int] | None = None) -> tuple[list[Hit], int]:
    """Articles matching every unit first (websearch's AND), then, if those are too few, articles
    matching any unit; ranked hits (higher score first) and how many articles matched. The
    articles of `also` that match are scored too, whatever their rank."""
    engine = backend()
    counts, total = _unit_counts(parsed)
    also = also or []
    if len(parsed.units) == 1:
        return engine.match(parsed, limit, counts=counts, total=total, every_unit=False, also=also)
    hits, matched = engine.match(parsed, limit, counts=counts, total=total, every_unit=True, also=also)
    if len(hits) >= limit:
        return hits, matched
    more, matched = engine.match(parsed, limit, counts=counts, total=total, every_unit=False, also=also)
    found = {pk for pk, _ in hits}
    more = [hit for hit in more if hit[0] not in found]
    lift = max((score for _, score in more), default=0.0)  # keeps the scores in rank order
    return [(pk, score + lift) for pk, score in hits] + more, matched


def _unit_counts(parsed: ParsedQuery) -> tuple[list[int], int]:
    """How many articles contain each unit (counted up to common_cap) and how many are indexed.

    Remembered (faq.search.memo): the AND and the OR pass of one search, and the next searches
    with the same words, ask the database once.
    """
    engine = backend()
    total = memo.remember(("total",), engine.total_documents)
    cap = common_cap(total)
    keys = [("count", cap, unit) for unit in parsed.units]
    known = {key: memo.get(key) for key in keys}
    missing = [key for key in keys if known[key] is None]
    if missing:
        for key, count in zip(missing, engine.capped_counts([key[2] for key in missing], cap), strict=True):
            known[key] = memo.put(key, count)
    counts = [known[key] for key in keys]
    return counts, max(total, *counts)


def _did_you_mean(query: str) -> str | None:
    """A respelling of a query that found nothing, offered only if the respelling finds something."""
    parsed = parse(query)
    if parsed.is_empty:
        return None
    corrected, corrections = with_corrections(parsed, backend(), strict=False)
    if not corrections:
        return None
    suggestion = _respelt(query, corrections)
    if suggestion.lower() == query.lower() or not _match(corrected, 1)[0]:
        return None
    return suggestion


def _articles_for_codes(query: str) -> list[int]:
    """Published articles covering an error code named in the query ("1014", "error 60008")."""
    numbers = [token for token in WORD.findall(query) if token.isdigit() and len(token) <= 12][:MAX_UNITS]
    if not numbers:
        return []
    return memo.remember(
        ("codes", tuple(sorted(set(numbers)))),
        lambda: list(
            ErrorCode.objects.filter(code__in=numbers, articles__status=Article.Status.PUBLISHED)
            .values_list("articles__pk", flat=True)
            .distinct()
        ),
    )


def _rank(hits: list[Hit], code_article_ids: list[int]) -> list[Hit]:
    """Articles for a named error code first (scored above every other hit), then the backend's order."""
    if not code_article_ids:
        return hits
    scores = dict(hits)
    top = max(scores.values(), default=0.0)
    boosted = sorted(((pk, top + scores.get(pk, 0.0)) for pk in code_article_ids), key=lambda hit: -hit[1])
    return boosted + [hit for hit in hits if hit[0] not in set(code_article_ids)]


def _fetch(parsed: ParsedQuery, ranked: list[Hit]) -> list[SearchResult]:
    """The articles and snippets for ranked ids, in one query whatever their number.

    A snippet is the article's best passage for the query's words (faq.search.passages: every
    form and synonym of them, matches marked), chosen here from the start of the indexed text
    that comes with the article, on both databases. An article found by meaning alone may have
    no matched words to show: its passage is then its opening. A query of no words shows the
    summary, or the start of the text.
    """
    if not ranked:
        return []
    ids = [pk for pk, _ in ranked]
    # Not the Markdown and HTML bodies (the page shows neither): they are most of each row. One
    # character past what a passage reads, so that it still knows whether the text goes on.
    articles = cast(
        dict[int, Article],
        Article.objects.published()
        .select_related("category")
        .defer("body", "body_html")
        .annotate(search_text=Left("search_document__body", READ_CHARACTERS + 1))
        .in_bulk(ids),
    )
    words = {word for unit in parsed.units for alternative in unit.alternatives for word in alternative}
    results = []
    for pk, score in ranked:
        if pk not in articles:
            continue
        article = articles[pk]
        snippet = _snippet(getattr(article, "search_text", None) or "", words, article.summary)
        results.append(SearchResult(article=article, snippet=highlight(snippet), score=round(score, 6)))
    return results


def _snippet(text: str, words: set[str], summary: str) -> str:
    if words:
        return best_passage(text, words) or summary
    return summary or _opening(text)


def _opening(text: str) -> str:
    words = text.split()
    return " ".join(words[:OPENING_WORDS]) + (" …" if len(words) > OPENING_WORDS else "")
