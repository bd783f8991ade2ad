"""The shapes search passes around, and the interface each database backend implements.

Backends import from here (never from the facade in faq.search), so the arrows point one way:
facade → backends → types.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from django.utils.safestring import SafeString

if TYPE_CHECKING:
    from faq.models import Article

# Backends wrap matches in these private-use characters so the text can be HTML-escaped before
# they become <mark> tags (see faq.search.highlight).
MARK_START, MARK_END = "\ue000", "\ue001"

Hit = tuple[int, float]  # (article id, score), higher is better


@dataclass(frozen=True)
class Unit:
    """One thing the customer asked about, in every way it may be written (each a phrase of words)."""

    alternatives: tuple[tuple[str, ...], ...]
    prefix: bool = False  # the last word is still being typed
    soft: bool = False  # a word such as "not" or "get": see faq.search.query.SOFT_WORDS


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


@dataclass
class SearchResults:
    query: str
    count: int = 0
    results: list[SearchResult] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)
    did_you_mean: str | None = None
    log_id: int | None = None


class Backend(Protocol):
    """What faq.search asks of a database's full-text engine."""

    def match(
        self, query: ParsedQuery, limit: int, *, counts: list[int], total: int, every_unit: bool,
        also: Sequence[int] = (),
    ) -> tuple[list[Hit], int]:
        """Up to `limit` hits, best first, the hits of the articles of `also` that match (whatever
        their rank), and how many articles match in all."""
        ...

    def capped_counts(self, units: list[Unit], cap: int) -> list[int]:
        """How many articles contain each unit, counted up to `cap`."""
        ...

    def total_documents(self) -> int:
        """How many articles are indexed."""
        ...

    def similar_words(self, word: str, limit: int = 20, *, loose: bool = False) -> list[str]:
        """Vocabulary words that may be what a misspelt `word` meant."""
        ...
