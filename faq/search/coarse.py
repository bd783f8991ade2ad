"""A coarse first pass for the semantic scan at scale: fewer dimensions first, then exact scores.

With 100,000 articles faq.search.semantic holds about 215,000 vectors; a query's dot product with
all of them costs ~20 ms, more than the whole search may take. The vectors' principal components
(from a seeded sample, so every process builds the same) say most of each: the first DIMENSIONS
of 384 keep ~85 % of the variance of the real vectors. A search scores every vector on those
dimensions only (a third of the work), keeps the best RERANK_SHARE of the rows, and scores those
exactly on all 384. The neighbours found are the exact scan's whenever they are among the rows
kept; on the 10,000-article database (21,529 real vectors, the 254 queries of bench_search and the
evaluation set) 128 dimensions and 3 % of the rows found 99.8 % of the exact scan's 30 nearest
articles and its first every time; on 100,000 (256,612 vectors) 99.9 % and every time.

Inverted lists (IVF: vectors grouped around k-means centroids, the lists nearest the query read)
were tried first and are not used: on the same data, reading 22 % of the rows found only 88 % of
the 30 nearest and the right first for 84 % of queries. Short queries sit at cosine 0.3-0.6 from
most documents, so the nearest centroids say little about the nearest vectors.

Since an ANN library was admitted (usearch; see faq.search.ann) this pass serves only until a
process has its HNSW graph (built in the background, or mapped from the file another process
saved) and wherever the library cannot be imported. A process keeps the vectors in float16 (768
bytes each: 165 MB for 215,000, half of float32; float16 converts to float32 exactly, and only the
rows rescored are converted) and, while this pass serves, the reduced float32 rows (512 bytes each:
110 MB).

Building costs one covariance of a sample and one projection of every vector: 0.4 s for 21,529 on
one BLAS thread, once per process (at its first search; loading 256,612 vectors and building took
7.2 s in all on the busy 2-core machine). Later changes keep the components: new vectors
are projected with them.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

DIMENSIONS = 128
# The share of the rows rescored exactly (at least RERANK_LEAST of them).
RERANK_SHARE = 0.03
RERANK_LEAST = 600
SAMPLE = 20_000
SEED = 0
CHUNK = 16_384


@dataclass(frozen=True)
class Index:
    ids: np.ndarray  # the article of each row (as in faq.search.semantic's matrix)
    vectors: np.ndarray  # (rows, 384), any float type; rows rescored are converted to float32
    basis: np.ndarray  # (384, DIMENSIONS) float32: the principal components
    reduced: np.ndarray  # (rows, DIMENSIONS) float32: every row on them
    by_article: np.ndarray  # row numbers sorted by article id
    sorted_ids: np.ndarray  # ids[by_article]
    rerank: int  # rows rescored exactly

    @classmethod
    def build(cls, ids: np.ndarray, vectors: np.ndarray, *, dimensions: int | None = None) -> Index:
        """The index over `vectors` (unit rows; row i belongs to article ids[i])."""
        if len(ids) != len(vectors):
            raise ValueError("ids and vectors differ in length")
        rng = np.random.default_rng(SEED)
        sample = vectors[np.sort(rng.choice(len(vectors), min(len(vectors), SAMPLE), replace=False))]
        sample = sample.astype(np.float64)
        # eigh gives the components in ascending order of variance: the last ones say most.
        _, components = np.linalg.eigh(np.cov(sample.T))
        basis = np.ascontiguousarray(components[:, ::-1][:, : dimensions or DIMENSIONS]).astype(np.float32)
        return cls._with(ids, vectors, basis, _project(vectors, basis))

    def updated(self, ids: np.ndarray, vectors: np.ndarray, kept: np.ndarray) -> Index:
        """The index of a changed matrix: this one's rows where `kept` (a mask over them) in their
        order, then new rows, projected on the same components."""
        reduced = np.vstack([self.reduced[kept], _project(vectors[int(kept.sum()) :], self.basis)])
        if len(reduced) != len(ids) or len(ids) != len(vectors):
            raise ValueError("the kept and new rows do not make the matrix")
        return self._with(ids, vectors, self.basis, reduced)

    @classmethod
    def _with(cls, ids: np.ndarray, vectors: np.ndarray, basis: np.ndarray, reduced: np.ndarray) -> Index:
        by_article = np.argsort(ids, kind="stable")
        rerank = min(len(ids), max(RERANK_LEAST, round(len(ids) * RERANK_SHARE)))
        return cls(ids=ids, vectors=vectors, basis=basis, reduced=reduced, by_article=by_article,
                   sorted_ids=ids[by_article], rerank=rerank)

    def search(self, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The rows nearest `query` on the reduced dimensions, with their exact cosine similarities."""
        rough = self.reduced @ (query @ self.basis)
        if self.rerank < len(rough):
            rows = np.argpartition(-rough, self.rerank - 1)[: self.rerank]
        else:
            rows = np.arange(len(rough))
        return rows, self.vectors[rows].astype(np.float32) @ query

    def score_articles(self, article_ids: Sequence[int], query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every row of the given articles (whether the first pass kept it or not) as (article ids, cosines)."""
        rows = rows_of(self.sorted_ids, self.by_article, article_ids)
        return self.ids[rows], self.vectors[rows].astype(np.float32) @ query


def rows_of(sorted_ids: np.ndarray, by_article: np.ndarray, article_ids: Sequence[int]) -> np.ndarray:
    """The rows of the given articles, from the row numbers sorted by article (`by_article`) and
    the article ids in that order (`sorted_ids`)."""
    wanted = np.unique(np.asarray(article_ids, dtype=np.int64))
    starts = np.searchsorted(sorted_ids, wanted, side="left")
    ends = np.searchsorted(sorted_ids, wanted, side="right")
    blocks = [by_article[start:end] for start, end in zip(starts, ends, strict=True)]
    return np.concatenate(blocks) if blocks else np.zeros(0, dtype=np.int64)


def _project(vectors: np.ndarray, basis: np.ndarray) -> np.ndarray:
    """Rows on the components, a slice at a time (a float32 copy of every row would not fit beside them)."""
    out = np.empty((len(vectors), basis.shape[1]), dtype=np.float32)
    for start in range(0, len(vectors), CHUNK):
        out[start : start + CHUNK] = vectors[start : start + CHUNK].astype(np.float32) @ basis
    return out


def recall(exact: list[int], found: list[int]) -> float:
    """The share of `exact` (the exact scan's nearest articles) that `found` also lists."""
    return len(set(exact) & set(found)) / len(exact) if exact else 1.0
