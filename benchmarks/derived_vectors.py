"""Vectors for benchmark articles made without the model: averages of real vectors (benchmarks only).

Embedding 100,000 articles with the real model costs ~2.5 CPU-hours here, so the latency benchmark
at 100,000 gives the articles beyond the first (really embedded) ones vectors derived from real
ones: the scan then has its true size (as many vectors as the model would have made, one whole
and up to three passages an article) and a realistic distribution (vectors where the real ones
are, clustered as they are), though no model ever read those articles. Never relevance figures.

benchmarks.corpus builds the later articles out of documented members (a class with its methods,
a module's overview, runs and pairs of members), and each member has an article of its own among
the first ones (tier 1). An article's derived vectors:

- the whole: the normalised mean of its members' real whole-article vectors;
- each passage: one member's vector in turn (a passage covers a member or two), nudged by a little
  seeded noise (cosine ~0.97 with it) so that two articles sharing a member do not share a vector;
- with no member among the real articles: a real article's vectors, picked by a hash of the title,
  with the same noise (counted, and reported by load_corpus).

They are stored under embedding.DERIVED_MODEL_NAME, which search ignores unless
WAYPOINT_SEARCH_DERIVED_VECTORS is on: nothing made here can reach a real knowledge base's results
by accident, and `rebuild_search_embeddings` replaces them with real ones like another model's.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from faq.search import embedding

# Spread of the noise per component: |noise| ~ 0.25 for 384 components, so cosine ~0.97 with the source.
NOISE = 0.25 / np.sqrt(embedding.DIMENSIONS)
_SUFFIX = re.compile(r"(, part \d+ of \d+|, page \d+ of \d+|, variant \d+)+$")


def base_title(title: str) -> str:
    """A tier-1 title without the ", part 2 of 3" or ", variant 2" load_corpus and the corpus add."""
    return _SUFFIX.sub("", title)


@dataclass
class Deriver:
    """Real whole-article vectors by base title, and the means and noise made from them."""

    by_title: dict[str, np.ndarray]  # base title -> unit whole-article vector (mean of its parts)
    fallback: list[np.ndarray]  # every real article's rows, for articles with no known member
    fallbacks_used: int = 0
    derived: int = 0

    @classmethod
    def from_real(cls, rows: Iterable[tuple[str, np.ndarray]]) -> Deriver:
        """From (title, that article's real vectors: whole first, then passages) pairs."""
        sums: dict[str, np.ndarray] = {}
        fallback: list[np.ndarray] = []
        for title, vectors in rows:
            key = base_title(title)
            sums[key] = sums.get(key, 0) + vectors[0].astype(np.float64)
            fallback.append(vectors)
        if not fallback:
            raise ValueError("no article has real vectors to derive from: load and embed some first")
        return cls(by_title={key: _unit(total) for key, total in sums.items()}, fallback=fallback)

    def vectors(self, title: str, parts: Sequence[str], passages: int) -> np.ndarray:
        """`passages` rows (the whole first) for an article titled `title` made of `parts`."""
        rng = np.random.default_rng(int.from_bytes(hashlib.blake2b(title.encode(), digest_size=8).digest(), "big"))
        keys = dict.fromkeys(base_title(part) for part in parts)
        members = [self.by_title[key] for key in keys if key in self.by_title]
        self.derived += 1
        if members:
            rows = [_unit(np.mean(members, axis=0))]
            rows += [members[i % len(members)] for i in range(passages - 1)]
        else:
            self.fallbacks_used += 1
            source = self.fallback[int(rng.integers(len(self.fallback)))]
            rows = [source[i % len(source)] for i in range(passages)]
        out = np.stack([_unit(row + rng.normal(0.0, NOISE, embedding.DIMENSIONS)) for row in rows])
        return out.astype(np.float32)


def _unit(vector: np.ndarray) -> np.ndarray:
    vector = np.asarray(vector, dtype=np.float64)
    return vector / max(float(np.linalg.norm(vector)), 1e-12)
