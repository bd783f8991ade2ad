"""The best passage of a text for a query: the window of words holding the most of the query's
words (any form: "arrives" finds "arrived"), matches wrapped in MARK_START/MARK_END. Pure: no
database. SQLite's snippets use it (FTS5's snippet() runs the whole MATCH again over the index,
which at 10,000 articles cost more than the search itself); PostgreSQL has ts_headline."""
from __future__ import annotations

import re

from .types import MARK_END, MARK_START

WINDOW = 28
_WORD = re.compile(r"[^\W_]+")


def stem(word: str) -> str:
    """A rough English stem for telling forms of a word apart from other words."""
    word = word.lower()
    for suffix in ("ing", "ed", "es", "s", "e", "y"):
        if word.endswith(suffix) and len(word) > len(suffix) + 3:
            return word[: -len(suffix)]
    return word


def best_passage(text: str, words: set[str], size: int = WINDOW) -> str:
    """The `size`-word window of `text` with the most distinct query words, matches marked; the
    opening of the text when none matches."""
    tokens = list(_WORD.finditer(text))
    if not tokens:
        return ""
    stems = {stem(word) for word in words if word}
    hits = [stem(token.group(0)) in stems for token in tokens]
    best_start, best_score = 0, -1
    for start in range(0, max(1, len(tokens) - size + 1)):
        window = {stem(tokens[i].group(0)) for i in range(start, min(start + size, len(tokens))) if hits[i]}
        if len(window) > best_score:
            best_start, best_score = start, len(window)
    end = min(best_start + size, len(tokens))
    pieces, cursor = [], tokens[best_start].start()
    for i in range(best_start, end):
        token = tokens[i]
        pieces.append(text[cursor : token.start()])
        pieces.append(f"{MARK_START}{token.group(0)}{MARK_END}" if hits[i] else token.group(0))
        cursor = token.end()
    if end == len(tokens):
        pieces.append(text[cursor:])
    passage = "".join(pieces).strip()
    return ("…" if best_start > 0 else "") + passage + ("…" if end < len(tokens) else "")
