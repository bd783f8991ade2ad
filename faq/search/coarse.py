"""A coarse first pass for the semantic scan at scale: inverted lists over the vectors (pure numpy).

With 100,000 articles faq.search.semantic holds about 215,000 vectors; a query's dot product with
all of them costs ~20 ms, more than the whole search may take. The vectors are grouped into lists
around centroids (spherical k-means on a sample, seeded, so every process builds the same lists);
a search compares the query with the centroids, then only with the vectors of the PROBES lists
nearest to it: about PROBES / lists of the rows, each scored exactly (an inverted-file index, the
first stage of faiss's IVF). The neighbours found are those of the exact scan when the query's
nearest vectors sit in the lists nearest to it, which the tests check against the exact scan and
README "Latency" measures on the 100,000-article database (recall of the 30 nearest articles).

Why not an ANN library: none is in the lock (hnswlib, faiss or pgvector would be a new dependency,
a compiled one, for the lead to vet), and HNSW's graph would add ~100 bytes a vector per process on
top of the vectors themselves. Here a process keeps the vectors in float16 (768 bytes each: 165 MB
for 215,000, half of float32; float16 converts to float32 exactly, and only the rows read are
converted), the centroids (~0.4 MB) and two row orders (3.4 MB).

Building costs one k-means on a sample and one pass assigning every vector to its nearest
centroid: 1-3 s for 215,000 vectors, once per process (at its first search). Later changes keep
the centroids: the rows kept keep their lists, and new vectors join their nearest list.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# About this many vectors per list, and this many lists searched: at 215,000 vectors, 268 lists and
# 24 probed read ~9 % of the rows (see README "Latency" for the recall measured with them).
ROWS_PER_LIST = 800
PROBES = 24
# k-means: a sample of this many vectors per list, this many rounds, a fixed seed.
SAMPLE_PER_LIST = 40
ITERATIONS = 8
SEED = 0
CHUNK = 16_384


@dataclass(frozen=True)
class Index:
    ids: np.ndarray  # the article of each row (as in faq.search.semantic's matrix)
    vectors: np.ndarray  # (rows, dimensions), any float type; rows read are converted to float32
    centroids: np.ndarray  # (lists, dimensions) float32, unit length
    order: np.ndarray  # row numbers grouped by list
    offsets: np.ndarray  # list i's rows are order[offsets[i]:offsets[i + 1]]
    by_article: np.ndarray  # row numbers sorted by article id
    sorted_ids: np.ndarray  # ids[by_article]
    assignment: np.ndarray  # the list of each row
    probes: int

    @classmethod
    def build(
        cls, ids: np.ndarray, vectors: np.ndarray, *, lists: int | None = None, probes: int | None = None
    ) -> Index:
        """Lists over `vectors` (unit rows; row i belongs to article ids[i])."""
        if len(ids) != len(vectors):
            raise ValueError("ids and vectors differ in length")
        if lists is None:
            lists = max(1, round(len(vectors) / ROWS_PER_LIST))
        lists = max(1, min(lists, len(vectors)))
        centroids = _kmeans(vectors, lists)
        return cls._arrange(ids, vectors, centroids, _assign(vectors, centroids), PROBES if probes is None else probes)

    def updated(self, ids: np.ndarray, vectors: np.ndarray, kept: np.ndarray) -> Index:
        """The index of a changed matrix: this one's rows where `kept` (a mask over them) in their
        order, then new rows. Kept rows keep their lists; new ones join their nearest list."""
        assignment = np.concatenate([self.assignment[kept], _assign(vectors[int(kept.sum()):], self.centroids)])
        if len(assignment) != len(ids) or len(ids) != len(vectors):
            raise ValueError("the kept and new rows do not make the matrix")
        return self._arrange(ids, vectors, self.centroids, assignment, self.probes)

    @classmethod
    def _arrange(
        cls, ids: np.ndarray, vectors: np.ndarray, centroids: np.ndarray, assignment: np.ndarray, probes: int
    ) -> Index:
        lists = len(centroids)
        order = np.argsort(assignment, kind="stable")
        offsets = np.searchsorted(assignment[order], np.arange(lists + 1))
        by_article = np.argsort(ids, kind="stable")
        return cls(
            ids=ids, vectors=vectors, centroids=centroids, order=order, offsets=offsets,
            by_article=by_article, sorted_ids=ids[by_article], assignment=assignment,
            probes=max(1, min(probes, lists)),
        )

    def search(self, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The rows of the lists nearest `query` and their cosine similarities (exact ones)."""
        near = self.centroids @ query
        if self.probes < len(near):
            probed = np.argpartition(-near, self.probes - 1)[: self.probes]
        else:
            probed = np.arange(len(near))
        rows = np.concatenate([self.order[self.offsets[i] : self.offsets[i + 1]] for i in probed])
        return rows, self.vectors[rows].astype(np.float32) @ query

    def score_articles(self, article_ids: Sequence[int], query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every row of the given articles (wherever their lists are) as (article ids, cosines)."""
        wanted = np.unique(np.asarray(article_ids, dtype=np.int64))
        starts = np.searchsorted(self.sorted_ids, wanted, side="left")
        ends = np.searchsorted(self.sorted_ids, wanted, side="right")
        rows = np.concatenate([self.by_article[start:end] for start, end in zip(starts, ends, strict=True)])
        if not len(rows):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        return self.ids[rows], self.vectors[rows].astype(np.float32) @ query


def _kmeans(vectors: np.ndarray, lists: int) -> np.ndarray:
    """Spherical k-means (cosine) on a seeded sample: `lists` unit centroids."""
    rng = np.random.default_rng(SEED)
    size = min(len(vectors), lists * SAMPLE_PER_LIST)
    sample = vectors[np.sort(rng.choice(len(vectors), size, replace=False))].astype(np.float32)
    centroids = sample[rng.choice(size, lists, replace=False)].copy()
    for _ in range(ITERATIONS):
        assignment = _assign(sample, centroids)
        order = np.argsort(assignment, kind="stable")
        present, starts = np.unique(assignment[order], return_index=True)
        sums = np.add.reduceat(sample[order], starts, axis=0)
        # A list left empty keeps its centroid (it may win rows back in the next round).
        centroids[present] = sums
        centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
    return centroids


def _assign(vectors: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """Each row's nearest centroid, a slice at a time (a float32 copy of every row would not fit beside them)."""
    out = np.empty(len(vectors), dtype=np.int64)
    for start in range(0, len(vectors), CHUNK):
        block = vectors[start : start + CHUNK].astype(np.float32)
        out[start : start + CHUNK] = np.argmax(block @ centroids.T, axis=1)
    return out


def recall(exact: list[int], found: list[int]) -> float:
    """The share of `exact` (the exact scan's nearest articles) that `found` also lists."""
    return len(set(exact) & set(found)) / len(exact) if exact else 1.0

