"""The one cache search keeps: facts about the index and the synonyms, remembered per process.

Every search needs the index size, how many articles contain each word, which words are known,
which articles cover an error code and the admin's synonym groups. Asking the database each time
would double a search's cost, so they are remembered here for TTL seconds. Any change to the
index or the synonyms made in this process forgets everything at once (faq.search.index and the
Synonym signals call `forget`); a change made by another process is seen within TTL, which only
nudges ranking weights meanwhile: results are always matched against the live tables.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

TTL = 60.0
MOST = 4096

T = TypeVar("T")

_entries: dict[Hashable, tuple[float, Any]] = {}
_lock = threading.Lock()


def get(key: Hashable) -> Any:
    """The remembered value for `key`, or None when there is none (or it is too old)."""
    entry = _entries.get(key)
    if entry is None or entry[0] < time.monotonic():
        return None
    return entry[1]


def put(key: Hashable, value: T) -> T:
    with _lock:
        if len(_entries) >= MOST:
            _entries.clear()  # a crude bound; the entries are cheap to ask for again
        _entries[key] = (time.monotonic() + TTL, value)
    return value


def remember(key: Hashable, compute: Callable[[], T]) -> T:
    """The remembered value for `key`, computed (and remembered) when there is none."""
    value = get(key)
    return put(key, compute()) if value is None else value


def forget(**kwargs: Any) -> None:
    """Forget everything (usable as a signal receiver)."""
    with _lock:
        _entries.clear()
