"""The best passage of a text for a query: the window of words holding the most of the query's
words (any form: "arrives" finds "arrived"), matches wrapped in MARK_START/MARK_END. Pure: no
database. Every search's snippets are these, on both databases: FTS5's snippet() ran the whole
MATCH again over the index (at 10,000 articles it cost more than the search itself), and
PostgreSQL's ts_headline parsed and stemmed ten whole bodies a search (2-5 ms)."""
from __future__ import annotations

import functools
import re

from .query import light_stem
from .types import MARK_END, MARK_START

WINDOW = 28
# Only the start of a long article is read for its passage: the answer to a support question is
# rarely past its first few hundred words, and reading them all cost a search milliseconds.
READ_CHARACTERS = 4000
_WORD = re.compile(r"[^\W_]+")


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """faq.search.query's rough stem of the lower-cased word (remembered: the same words recur)."""
    return light_stem(word.lower())


def best_passage(text: str, words: set[str], size: int = WINDOW) -> str:
    """The `size`-word window of `text` with the most distinct query words, matches marked; the
    opening of the text when none matches."""
    tokens = list(_WORD.finditer(text, 0, READ_CHARACTERS))
    if not tokens:
        return ""
    wanted = {stem(word) for word in words if word}
    # The stem of each token that is a query word, else None; then one pass of a sliding window
    # that counts how many times each query word is inside it.
    starts = {word[:3] for word in wanted}
    found = [
        token_stem
        if token.group(0)[:3].lower() in starts and (token_stem := stem(token.group(0))) in wanted
        else None
        for token in tokens
    ]
    hits = [value is not None for value in found]
    inside: dict[str, int] = {}
    best_start, best_score = 0, -1
    for end in range(len(tokens)):
        entering = found[end]
        if entering is not None:
            inside[entering] = inside.get(entering, 0) + 1
        start = end - size + 1
        leaving = found[start - 1] if start > 0 else None
        if leaving is not None:
            inside[leaving] -= 1
            if not inside[leaving]:
                del inside[leaving]
        if (start >= 0 or end == len(tokens) - 1) and len(inside) > best_score:
            best_start, best_score = max(start, 0), len(inside)
    end = min(best_start + size, len(tokens))
    pieces, cursor = [], tokens[best_start].start()
    for i in range(best_start, end):
        token = tokens[i]
        pieces.append(text[cursor : token.start()])
        pieces.append(f"{MARK_START}{token.group(0)}{MARK_END}" if hits[i] else token.group(0))
        cursor = token.end()
    if end == len(tokens):
        pieces.append(text[cursor:READ_CHARACTERS])
    passage = "".join(pieces).strip()
    cut = end < len(tokens) or len(text) > READ_CHARACTERS
    return ("…" if best_start > 0 else "") + passage + ("…" if cut else "")
