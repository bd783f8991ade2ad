"""Load the search-relevance set and score a search function on it.

Pure Python, no Django: ``search`` is any function from a query text to article slugs, best
first. A query is right when its article (or one of its ``also`` articles) is first, and right in
the top three when it is among the first three. Every query names its article in both knowledge
bases: the default content (``article``/``also``) and the seed import (``seed_article``/``seed_also``).
"""
from __future__ import annotations

import random
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SETS = ("tune", "test")
KBS = ("default", "seed")
KINDS = ("paraphrase", "keyword", "error", "typo", "mixed")
# The least number of queries of each kind, over both sets together.
MINIMUMS = {"paraphrase": 90, "keyword": 40, "error": 15, "typo": 15, "mixed": 15}
SPLIT_SEED = 20250
TOP = 3


@dataclass(frozen=True)
class Query:
    text: str
    kind: str
    article: str
    seed_article: str
    also: tuple[str, ...] = ()
    seed_also: tuple[str, ...] = ()

    def answers(self, kb: str = "default") -> tuple[str, ...]:
        """Every slug that counts as right in that knowledge base, the main one first."""
        if kb == "seed":
            return (self.seed_article, *self.seed_also)
        if kb == "default":
            return (self.article, *self.also)
        raise ValueError(f"unknown knowledge base {kb!r}; expected one of {KBS}")


@dataclass
class Tally:
    n: int = 0
    first: int = 0
    top: int = 0

    def add(self, first: bool, top: bool) -> None:
        self.n += 1
        self.first += first
        self.top += top


@dataclass
class Miss:
    query: Query
    got: list[str]


@dataclass
class Score:
    by_kind: dict[str, Tally] = field(default_factory=dict)
    overall: Tally = field(default_factory=Tally)
    misses: list[Miss] = field(default_factory=list)  # queries whose first result is not right


def path(set_name: str) -> Path:
    if set_name not in SETS:
        raise ValueError(f"unknown set {set_name!r}; expected one of {SETS}")
    return HERE / f"{set_name}.toml"


def load(set_name: str) -> list[Query]:
    """The queries of ``tune`` or ``test``, in file order."""
    with path(set_name).open("rb") as file:
        data = tomllib.load(file)
    queries = []
    for row in data.get("query", []):
        query = Query(
            text=row["text"],
            kind=row["kind"],
            article=row["article"],
            seed_article=row["seed_article"],
            also=tuple(row.get("also", ())),
            seed_also=tuple(row.get("seed_also", ())),
        )
        if query.kind not in KINDS:
            raise ValueError(f"{set_name}.toml: {query.text!r} has unknown kind {query.kind!r}")
        queries.append(query)
    return queries


def score(
    queries: Iterable[Query], search: Callable[[str], Sequence[str]], *, kb: str = "default", top: int = TOP
) -> Score:
    """Run every query through ``search`` and count right-first and right-in-top ``top`` per kind."""
    result = Score(by_kind={kind: Tally() for kind in KINDS})
    for query in queries:
        got = list(search(query.text))
        right = set(query.answers(kb))
        first = bool(got) and got[0] in right
        in_top = bool(right.intersection(got[:top]))
        result.by_kind.setdefault(query.kind, Tally()).add(first, in_top)
        result.overall.add(first, in_top)
        if not first:
            result.misses.append(Miss(query, got[:top]))
    return result


def split(queries: Iterable[Query], seed: int = SPLIT_SEED) -> tuple[list[Query], list[Query]]:
    """The tune/test split: per kind (in KINDS order), the queries sorted by text, shuffled with
    one ``random.Random(seed)``, the first half (rounded up) to tune and the rest to test."""
    queries = list(queries)
    rng = random.Random(seed)
    tune: list[Query] = []
    test: list[Query] = []
    for kind in KINDS:
        group = sorted((query for query in queries if query.kind == kind), key=lambda query: query.text)
        rng.shuffle(group)
        half = (len(group) + 1) // 2
        tune += group[:half]
        test += group[half:]
    return tune, test
