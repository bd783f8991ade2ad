"""Reading a query: websearch syntax ("quoted phrases", -excluded words, hyphenated compounds as
phrases), English stop words dropped, and the admin's synonym groups expanded into alternatives."""
from __future__ import annotations

import re
from typing import Any

from django.db.models.signals import post_delete, post_save

from faq.models import Synonym

from . import lexicon, memo
from .types import ParsedQuery, Unit

MAX_QUERY_LENGTH = 200
MAX_UNITS = 12

# A quoted phrase, a word after a minus (excluded), a hyphenated compound, or a word.
_TOKEN = re.compile(r'"([^"]*)"?|(?:(?<=\s)|^)-([^\W_]+)|([^\W_]+(?:-[^\W_]+)*)')
WORD = re.compile(r"[^\W_]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# Words that say nothing about which article is meant. Negations ("not", "no", "never", "didn't")
# and the verbs of the problem ("get", "receive") are not among them: in a support desk "did not
# get the code" is the whole question.
STOP_WORDS = frozenset(
    """a about after again all am an and any are as at be been before being but by can could did do
    does doing during each for from had has have having he her here his how i if in into is it its
    itself just me more most my myself of off on once only or other our out over own same she
    should so some such than that the their them then there these they this those through to too
    under until up very was we were what when where which while who whom why will with would you
    your yours please hi hello thanks thank s t d m ll re ve""".split()
)
# "didn't" is read as the words "didn" and "t": each such half of a negation stands for "not".
# Kept, but like a common word they narrow a search only when nothing rarer does ("not" and "get"
# are in most articles); within a synonym phrase ("did not get" → "not received") they count fully.
SOFT_WORDS = frozenset("not no never nor get gets got getting".split())
NEGATIONS = frozenset("didn doesn don isn wasn aren weren won wouldn couldn shouldn haven hasn cannot".split())


def words_of(text: str) -> tuple[str, ...]:
    """The words of `text` as search reads them: each negation is "not" ("didn't" → "not")."""
    words: list[str] = []
    for word in WORD.findall(text):
        if word == "t" and words and words[-1] == "not":
            continue
        words.append("not" if word in NEGATIONS else word)
    return tuple(words)


def clean_query(raw: str | None) -> str:
    """The query as typed, made safe: control characters and NUL bytes dropped, spaces folded, cut short.

    Short enough in its lower-cased form too, which is what the search log stores and the parser
    reads: a few letters grow when lower-cased ("İ" becomes two characters), so a query cut to the
    limit could still overflow the log's column on PostgreSQL.
    """
    text = _CONTROL.sub(" ", raw or "")
    query = " ".join(text.split())[:MAX_QUERY_LENGTH].strip()
    while len(query.lower()) > MAX_QUERY_LENGTH:
        query = query[:-1].rstrip()
    return query


def parse(query: str, groups: list[tuple[str, ...]] | tuple = (), *, prefix: bool = False) -> ParsedQuery:
    """Read a query in websearch style into units of alternatives (synonyms) and excluded words."""
    units: list[Unit] = []
    excluded: list[str] = []
    loose: list[str] = []

    def flush() -> None:
        units.extend(_expand(loose, groups))
        loose.clear()

    synonym_keys = _synonym_index(groups)
    for match in _TOKEN.finditer(lexicon.segment(query.lower())):
        phrase, excluded_word, words = match.groups()
        if excluded_word:
            excluded.append(excluded_word)
            continue
        parts = words_of(phrase if phrase is not None else words)
        if len(parts) > 1 and (phrase is not None or tuple(map(light_stem, parts)) not in synonym_keys):
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


def _expand(words: list[str], groups: list[tuple[str, ...]] | tuple) -> list[Unit]:
    """Group words into units: a synonym phrase found in the words (longest first) becomes one unit
    with all its group's phrases as alternatives; other words stand alone unless they are stop words."""
    index = _synonym_index(groups)
    longest = max((len(key) for key in index), default=0)
    units: list[Unit] = []
    position = 0
    stems = [light_stem(word) for word in words]
    while position < len(words):
        for size in range(min(longest, len(words) - position), 0, -1):
            group = index.get(tuple(stems[position : position + size]))
            if group is not None:
                own = tuple(words[position : position + size])
                typed = tuple(stems[position : position + size])
                others = tuple(alt for alt in group if tuple(map(light_stem, alt)) != typed)
                # The typed words on their own too, so a phrase written differently still counts.
                singles = tuple((word,) for word in own if len(own) > 1 and word not in STOP_WORDS)
                units.append(Unit(alternatives=tuple(dict.fromkeys((own, *others, *singles)))))
                position += size
                break
        else:
            word = words[position]
            if word not in STOP_WORDS:
                units.append(Unit(alternatives=((word,),), soft=word in SOFT_WORDS))
            position += 1
    return units


def light_stem(word: str) -> str:
    """A rough English stem (plurals, -ed, -ing): for matching query words to synonym entries and
    for marking them in passages."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2 and not word.endswith("ss"):
            word = word[: -len(suffix)]
            break
    return word.removesuffix("e") if len(word) > 3 else word


def _synonym_index(groups: list[tuple[str, ...]] | tuple = ()) -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Each synonym phrase (lightly stemmed) mapped to all the phrases of its groups."""
    key = tuple(groups)
    return memo.remember(("synonym-index", key), lambda: _build_synonym_index(list(key)))


def _build_synonym_index(groups: list[tuple[str, ...]]) -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    index: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
    for group in groups:
        phrases = tuple(words_of(term) for term in group)
        phrases = tuple(phrase for phrase in phrases if phrase)
        for phrase in phrases:
            key = tuple(light_stem(word) for word in phrase)
            index[key] = tuple(dict.fromkeys(index.get(key, ()) + phrases))
    return index


def synonym_groups() -> list[tuple[str, ...]]:
    """The built-in vocabulary (faq.search.lexicon) and the admin's synonym groups (remembered,
    and forgotten whenever one changes)."""
    return memo.remember(
        ("synonyms",), lambda: [*lexicon.groups(), *(tuple(synonym.terms) for synonym in Synonym.objects.all())]
    )


def forget_synonyms(**kwargs: Any) -> None:
    """Forget the remembered synonym groups (bulk_create sends no signal, so callers of it call this)."""
    memo.forget()


post_save.connect(forget_synonyms, sender=Synonym, dispatch_uid="faq_search_synonyms_saved")
post_delete.connect(forget_synonyms, sender=Synonym, dispatch_uid="faq_search_synonyms_deleted")
