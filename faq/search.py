"""Knowledge-base search: the one entry point used by the search page, the as-you-type box and the API.

The query is read here, the same way for both databases: websearch syntax ("quoted phrases",
-excluded words, hyphenated compounds as phrases), English stop words dropped, synonym groups
from the admin expanded, unknown words paired with their closest known word (typo tolerance),
error codes recognised. The engine of the database in use (faq.search_sqlite: FTS5 + bm25;
faq.search_pg: weighted tsvector + SearchRank + pg_trgm) then matches and ranks: articles with
every unit first (as websearch does), articles with any unit when those are too few, and
articles covering an error code named in the query before all. Only published articles are
indexed, and results are re-checked as published when they are fetched.
"""
from __future__ import annotations

import html
import math
import re
import time
from dataclasses import dataclass, field
from types import ModuleType

from django.core.cache import cache
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.utils.safestring import SafeString, mark_safe

from . import markdown
from .models import Article, ErrorCode, SearchLog, SearchTerm, Synonym

MAX_QUERY_LENGTH = 200
MAX_UNITS = 12
MAX_LIMIT = 50
MAX_TYPO_LOOKUPS = 4
# A unit found in more than this share of the articles says little about which one is meant (like
# "sms" in an SMS knowledge base): when a query has rarer units too, the engines leave it out.
COMMON_FRACTION = 0.3
COMMON_MOST = 250
SYNONYM_CACHE_KEY = "faq:search:synonyms"
# Facts about the index every search needs (its size, how many articles contain a unit, which
# words are known, which articles cover an error code) are remembered per process for this long.
# Index changes made in this process forget them at once (see forget_index_stats); a change made by
# another process is seen within this time, which only nudges ranking weights meanwhile: results
# are always matched against, and re-checked as published in, the live tables.
INDEX_STATS_TTL = 60.0
INDEX_STATS_MOST = 4096
# Engines wrap matches in these private-use characters so the text can be HTML-escaped before
# they become <mark> tags.
MARK_START, MARK_END = "\ue000", "\ue001"

# A quoted phrase, a word after a minus (excluded), a hyphenated compound, or a word.
_TOKEN = re.compile(r'"([^"]*)"?|(?:(?<=\s)|^)-([^\W_]+)|([^\W_]+(?:-[^\W_]+)*)')
_WORD = re.compile(r"[^\W_]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

STOP_WORDS = frozenset(
    """a about after again all am an and any are as at be been before being but by can cannot
    could did do does doing during each for from had has have having he her here his how i if in
    into is it its itself just me more most my myself no nor of off on once only or other our
    out over own same she should so some such than that the their them then there these they
    this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours please hi hello thanks thank get gets got getting
    s t d m ll re ve didn doesn don isn wasn aren weren won wouldn couldn shouldn haven hasn""".split()
)


@dataclass(frozen=True)
class Unit:
    """One thing the customer asked about, in every way it may be written (each a phrase of words)."""

    alternatives: tuple[tuple[str, ...], ...]
    prefix: bool = False  # the last word is still being typed


@dataclass(frozen=True)
class ParsedQuery:
    units: tuple[Unit, ...]
    excluded: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.units


@dataclass
class SearchResult:
    article: Article
    snippet: SafeString
    score: float


class AtLeast(int):
    """A match count that is a lower bound: an engine stopped counting a broad query there
    (see faq.search_pg.BROAD_FROM) rather than read every match."""


@dataclass
class SearchResults:
    query: str
    count: int = 0
    count_is_lower_bound: bool = False
    results: list[SearchResult] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)
    did_you_mean: str | None = None
    log_id: int | None = None


def engine() -> ModuleType:
    """The search engine module for the database in use."""
    if connection.vendor == "postgresql":
        from . import search_pg

        return search_pg
    from . import search_sqlite

    return search_sqlite


def clean_query(raw: str | None) -> str:
    """The query as typed, made safe: control characters and NUL bytes dropped, spaces folded, cut short."""
    text = _CONTROL.sub(" ", raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def search(raw_query: str | None, *, limit: int = 10) -> SearchResults:
    """Search the published articles; best first, at most `limit` (capped at MAX_LIMIT) results."""
    query = clean_query(raw_query)
    results = SearchResults(query=query)
    limit = max(1, min(limit, MAX_LIMIT))
    parsed = parse(query, synonym_groups())
    if parsed.is_empty:
        return results
    parsed, results.corrections = _with_typo_corrections(parsed, strict=True)
    code_article_ids = _articles_for_codes(query)

    hits, total = _match(parsed, limit)
    ranked = _rank(hits, code_article_ids)[:limit]
    # An error code's article the words did not match is one more; one they matched is in `total`.
    results.count = max(total, len(ranked))
    results.count_is_lower_bound = isinstance(total, AtLeast) and total >= len(ranked)
    results.results = _fetch(parsed, ranked)
    if not results.results:
        results.count, results.count_is_lower_bound = 0, False
        results.did_you_mean = _did_you_mean(query)
    return results


def suggest(raw_query: str | None, *, limit: int = 6) -> list[Article]:
    """Titles for the search box as the customer types: the last word may be unfinished."""
    query = clean_query(raw_query)
    if len(query) < 2:
        return []
    still_typing = not (raw_query or "").endswith(" ")
    parsed = parse(query, synonym_groups(), prefix=still_typing)
    if parsed.is_empty:
        return []
    ranked = _rank(_match(parsed, limit)[0], _articles_for_codes(query))[:limit]
    articles = Article.objects.published().only("title", "slug").in_bulk([pk for pk, _ in ranked])
    return [articles[pk] for pk, _ in ranked if pk in articles]


def _match(parsed: ParsedQuery, limit: int) -> tuple[list[tuple[int, float]], int]:
    """Articles matching every unit first (websearch's AND), then, if those are too few, articles
    matching any unit; ranked hits (higher score first) and how many articles matched."""
    counts, total = unit_counts(parsed)
    if len(parsed.units) == 1:
        return engine().match(parsed, limit, counts=counts, total=total, every_unit=False)
    hits, matched = engine().match(parsed, limit, counts=counts, total=total, every_unit=True)
    if len(hits) >= limit:
        return hits, matched
    more, matched = engine().match(parsed, limit, counts=counts, total=total, every_unit=False)
    found = {pk for pk, _ in hits}
    more = [hit for hit in more if hit[0] not in found]
    lift = max((score for _, score in more), default=0.0)  # keeps the scores in rank order
    return [(pk, score + lift) for pk, score in hits] + more, matched


def unit_counts(parsed: ParsedQuery) -> tuple[list[int], int]:
    """How many articles contain each unit (counted up to common_cap) and how many are indexed.

    Remembered per process (see INDEX_STATS_TTL): the AND and the OR pass of one search, and
    the next searches with the same words, ask the database once.
    """
    total = _remembered(("total",), lambda: engine().total_documents())
    cap = common_cap(total)
    keys = [("count", cap, unit) for unit in parsed.units]
    known = {key: _index_stats_get(key) for key in keys}
    missing = [key for key in keys if known[key] is None]
    if missing:
        for key, count in zip(missing, engine().capped_counts([key[2] for key in missing], cap)):
            known[key] = _index_stats_put(key, count)
    counts = [known[key] for key in keys]
    return counts, max(total, *counts)


_index_stats: dict = {}


def _index_stats_get(key):
    entry = _index_stats.get(key)
    if entry is None or entry[0] < time.monotonic():
        return None
    return entry[1]


def _index_stats_put(key, value):
    if len(_index_stats) >= INDEX_STATS_MOST:
        _index_stats.clear()  # a crude bound; the entries are cheap to ask for again
    _index_stats[key] = (time.monotonic() + INDEX_STATS_TTL, value)
    return value


def _remembered(key, compute):
    value = _index_stats_get(key)
    return _index_stats_put(key, compute()) if value is None else value


def forget_index_stats() -> None:
    """Forget what this process remembers about the index (faq.search_index calls it on every change)."""
    _index_stats.clear()


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


def parse(query: str, groups: list[tuple[str, ...]] = (), *, prefix: bool = False) -> ParsedQuery:
    """Read a query in websearch style into units of alternatives (synonyms) and excluded words."""
    units: list[Unit] = []
    excluded: list[str] = []
    loose: list[str] = []

    def flush() -> None:
        units.extend(_expand(loose, groups))
        loose.clear()

    synonym_keys = _synonym_index(groups)
    for match in _TOKEN.finditer(query.lower()):
        phrase, excluded_word, words = match.groups()
        if excluded_word:
            excluded.append(excluded_word)
            continue
        parts = tuple(_WORD.findall(phrase if phrase is not None else words))
        if len(parts) > 1 and (phrase is not None or tuple(map(_light_stem, parts)) not in synonym_keys):
            # "quoted words" and hyphenated compounds ("content-type") must match as written.
            flush()
            units.append(Unit(alternatives=(parts,)))
        else:
            loose.extend(parts)
    trailing_prefix = prefix and bool(loose) and not query.rstrip().endswith('"')
    last = loose[-1] if trailing_prefix else None
    if last is not None:
        loose.pop()
    flush()
    if last is not None:
        units.append(Unit(alternatives=((last,),), prefix=True))
    units = [unit for unit in units if unit.alternatives][:MAX_UNITS]
    return ParsedQuery(units=tuple(units), excluded=tuple(excluded[:MAX_UNITS]))


def _expand(words: list[str], groups: list[tuple[str, ...]]) -> list[Unit]:
    """Group words into units: a synonym phrase found in the words (longest first) becomes one unit
    with all its group's phrases as alternatives; other words stand alone unless they are stop words."""
    index = _synonym_index(groups)
    longest = max((len(key) for key in index), default=0)
    units: list[Unit] = []
    position = 0
    stems = [_light_stem(word) for word in words]
    while position < len(words):
        for size in range(min(longest, len(words) - position), 0, -1):
            group = index.get(tuple(stems[position : position + size]))
            if group is not None:
                own = tuple(words[position : position + size])
                others = tuple(alt for alt in group if tuple(map(_light_stem, alt)) != tuple(stems[position : position + size]))
                # The typed words on their own too, so a phrase written differently still counts.
                singles = tuple((word,) for word in own if len(own) > 1 and word not in STOP_WORDS)
                units.append(Unit(alternatives=tuple(dict.fromkeys((own, *others, *singles)))))
                position += size
                break
        else:
            word = words[position]
            if word not in STOP_WORDS:
                units.append(Unit(alternatives=((word,),)))
            position += 1
    return units


def _light_stem(word: str) -> str:
    """A rough English stem, only for matching query words to synonym entries (plurals, -ed, -ing)."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2 and not word.endswith("ss"):
            word = word[: -len(suffix)]
            break
    return word.removesuffix("e") if len(word) > 3 else word


def _synonym_index(groups: list[tuple[str, ...]]) -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Each synonym phrase (lightly stemmed) mapped to all the phrases of its groups; memoised per group list."""
    key = tuple(groups)
    if _synonym_index_memo.get("key") != key:
        _synonym_index_memo.update(key=key, index=_build_synonym_index(groups))
    return _synonym_index_memo["index"]


_synonym_index_memo: dict = {}


def _build_synonym_index(groups: list[tuple[str, ...]]) -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    index: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
    for group in groups:
        phrases = tuple(tuple(_WORD.findall(term)) for term in group)
        phrases = tuple(phrase for phrase in phrases if phrase)
        for phrase in phrases:
            key = tuple(_light_stem(word) for word in phrase)
            index[key] = tuple(dict.fromkeys(index.get(key, ()) + phrases))
    return index


def synonym_groups() -> list[tuple[str, ...]]:
    """The admin's synonym groups, cached (cleared whenever one changes)."""
    groups = cache.get(SYNONYM_CACHE_KEY)
    if groups is None:
        groups = [tuple(synonym.terms) for synonym in Synonym.objects.all()]
        cache.set(SYNONYM_CACHE_KEY, groups, timeout=300)
    return groups


def forget_synonyms(**kwargs) -> None:
    """Drop the cached synonym groups (bulk_create sends no signal, so callers of it call this)."""
    cache.delete(SYNONYM_CACHE_KEY)


post_save.connect(forget_synonyms, sender=Synonym, dispatch_uid="faq_search_synonyms_saved")
post_delete.connect(forget_synonyms, sender=Synonym, dispatch_uid="faq_search_synonyms_deleted")


def _with_typo_corrections(parsed: ParsedQuery, *, strict: bool) -> tuple[ParsedQuery, dict[str, str]]:
    """Pair each word the index does not know with the closest word it does (as an alternative)."""
    candidates = [
        unit.alternatives[0][0]
        for unit in parsed.units
        if len(unit.alternatives) == 1 and len(unit.alternatives[0]) == 1 and not unit.prefix
        and unit.alternatives[0][0].isalpha() and len(unit.alternatives[0][0]) >= 4
    ]
    if not candidates:
        return parsed, {}
    known = _known_words(candidates)
    corrections: dict[str, str] = {}
    for word in [word for word in candidates if word not in known][:MAX_TYPO_LOOKUPS]:
        best = _remembered(
            ("closest", word, strict),
            lambda: closest_word(word, engine().similar_words(word, loose=not strict), strict=strict) or "",
        )
        if best:
            corrections[word] = best
    if not corrections:
        return parsed, {}
    units = tuple(
        Unit(alternatives=(*unit.alternatives, (corrections[unit.alternatives[0][0]],)))
        if len(unit.alternatives) == 1 and unit.alternatives[0][0] in corrections and len(unit.alternatives[0]) == 1
        else unit
        for unit in parsed.units
    )
    return ParsedQuery(units=units, excluded=parsed.excluded), corrections


def _known_words(words: list[str]) -> set[str]:
    """Which of `words` the vocabulary holds; asked once per word and process (see INDEX_STATS_TTL),
    so a search whose words are all known usually needs no vocabulary query at all."""
    answers = {word: _index_stats_get(("known", word)) for word in words}
    unasked = [word for word, answer in answers.items() if answer is None]
    if unasked:
        found = set(SearchTerm.objects.filter(word__in=unasked).values_list("word", flat=True))
        for word in unasked:
            answers[word] = _index_stats_put(("known", word), word in found)
    return {word for word, answer in answers.items() if answer}


def closest_word(word: str, candidates: list[str], *, strict: bool = True) -> str | None:
    """The candidate within a small edit distance of `word` (closer, then same first letter, then shorter)."""
    allowed = (1 if len(word) <= 5 else 2) if strict else max(2, len(word) // 3)
    scored = []
    for candidate in candidates:
        distance = edit_distance(word, candidate)
        if 0 < distance <= allowed:
            scored.append((distance, candidate[0] != word[0], abs(len(candidate) - len(word)), candidate))
    return min(scored)[3] if scored else None


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment): swapped letters count as one typo."""
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        previous_previous, previous = previous, current
    return previous[-1]


def _did_you_mean(query: str) -> str | None:
    """A respelling of a query that found nothing, offered only if the respelling finds something."""
    parsed = parse(query)
    if parsed.is_empty:
        return None
    corrected, corrections = _with_typo_corrections(parsed, strict=False)
    if not corrections:
        return None
    suggestion = re.sub(
        r"[^\W_]+", lambda match: corrections.get(match.group(0).lower(), match.group(0)), query
    )
    if suggestion.lower() == query.lower() or not _match(corrected, 1)[0]:
        return None
    return suggestion


def _articles_for_codes(query: str) -> list[int]:
    """Published articles covering an error code named in the query ("1014", "error 60008")."""
    numbers = [token for token in _WORD.findall(query) if token.isdigit() and len(token) <= 12][:MAX_UNITS]
    if not numbers:
        return []
    return _remembered(
        ("codes", tuple(sorted(set(numbers)))),
        lambda: list(
            ErrorCode.objects.filter(code__in=numbers, articles__status=Article.Status.PUBLISHED)
            .values_list("articles__pk", flat=True)
            .distinct()
        ),
    )


def _rank(hits: list[tuple[int, float]], code_article_ids: list[int]) -> list[tuple[int, float]]:
    """Articles for a named error code first (scored above every other hit), then the engine's order."""
    if not code_article_ids:
        return hits
    scores = dict(hits)
    top = max(scores.values(), default=0.0)
    boosted = sorted(((pk, top + scores.get(pk, 0.0)) for pk in code_article_ids), key=lambda hit: -hit[1])
    return boosted + [hit for hit in hits if hit[0] not in set(code_article_ids)]


def _fetch(parsed: ParsedQuery, ranked: list[tuple[int, float]]) -> list[SearchResult]:
    """The articles and snippets for ranked ids, in two queries whatever the number of results."""
    if not ranked:
        return []
    ids = [pk for pk, _ in ranked]
    articles = Article.objects.published().select_related("category").in_bulk(ids)
    snippets = engine().snippets(parsed, ids)
    return [
        SearchResult(article=articles[pk], snippet=highlight(snippets.get(pk, "")), score=round(score, 6))
        for pk, score in ranked
        if pk in articles
    ]


def informative_units(units: tuple[Unit, ...], counts: list[int], total: int) -> list[int]:
    """Indexes of the units worth matching: all but the common ones, unless every one is common."""
    cap = common_cap(total)
    rare = [index for index, count in enumerate(counts) if count < cap]
    return rare or list(range(len(units)))


def common_cap(total: int) -> int:
    """How many matching articles make a unit common (engines count each unit up to this).

    A share of the articles, but never more than COMMON_MOST: a word in hundreds of articles
    does not narrow the search, and counting further would cost time on every search.
    """
    return max(3, min(int(total * COMMON_FRACTION) + 1, COMMON_MOST))


def bm25_idf(count: int, total: int) -> float:
    """How telling a unit is, from how many of the articles contain it (BM25's inverse document frequency)."""
    return math.log(1 + (total - count + 0.5) / (count + 0.5))


def highlight(marked_text: str) -> SafeString:
    """Escape engine snippet text and turn its match markers into <mark> elements."""
    escaped = html.escape(marked_text.replace(MARK_END + " " + MARK_START, " "))
    marked = escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    # Sanitised as well, so that even an unbalanced marker cannot leave broken markup behind.
    return mark_safe(markdown.sanitise(marked))  # noqa: S308
