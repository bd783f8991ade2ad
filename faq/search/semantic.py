"""Semantic retrieval: the articles whose meaning is nearest the query's, by sentence embeddings.

Each indexed article stores its embedding (faq.search.index computes it on every save, import and
restore; `manage.py rebuild_search_index` recomputes them all). Searches compare the query's
embedding with every current-model vector held in memory as one matrix: a dot product over
100,000 vectors of 384 dimensions is a few milliseconds, far less than a database round trip per
candidate would cost. The matrix is refreshed incrementally: what was indexed since the last look
is read every REFRESH seconds (at once after a change made in this process), and the whole list of
ids again only when the count shows that articles left the index.

Each category's articles also make one "topic" vector, the normalised mean of their vectors: how
near a query is to the category an article sits in says whether the article is about the query's
subject at all (cluster-based smoothing). Fusion uses it to keep an off-topic article that happens
to be close to the query (a mail function's docstring for "what number do my texts come from")
below the knowledge base's own (see faq.search.fusion).

When the model cannot load, `nearest` returns nothing and search is lexical only
(faq.search.embedding logs why, once).
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import cast

import numpy as np

from faq.models import SearchDocument

from . import embedding
from .fusion import topic_penalty

REFRESH = 60.0


# An article is embedded whole and in passages of PASSAGE_WORDS words (each after the title),
# PASSAGE_STRIDE words apart, at most PASSAGES vectors in all; it is as near a query as its nearest
# vector. A passage says one thing, so a question about one paragraph of a long article finds it.
PASSAGE_WORDS = 100
PASSAGE_STRIDE = 70
PASSAGES = 4


@dataclass
class _Matrix:
    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # the article of each row
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, embedding.DIMENSIONS), dtype=np.float32))
    high_water: datetime | None = None
    checked_at: float = -1e9
    model: str = ""
    topics: np.ndarray = field(default_factory=lambda: np.zeros((0, embedding.DIMENSIONS), dtype=np.float32))
    topic_of: dict[int, int] = field(default_factory=dict)  # article id -> its row in `topics`
    row_topics: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # each row's topic


_matrix = _Matrix()
_lock = threading.Lock()


def mark_stale() -> None:
    """Look for new vectors at the next search (faq.search.index calls this after every change)."""
    _matrix.checked_at = -1e9


@dataclass(frozen=True)
class Similarities:
    """A query's cosine similarity to every vector in the index, by article (its nearest vector)."""

    ids: np.ndarray
    scores: np.ndarray
    topic_scores: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    topic_of: dict[int, int] = field(default_factory=dict)
    row_topics: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def nearest(self, limit: int) -> list[tuple[int, float]]:
        """Up to `limit` (article id, cosine similarity) pairs, the most similar first once each is
        weighed as fusion will weigh it (its category's distance from the query counted).

        Chosen on the weighed score, not the bare cosine: among 10,000 off-topic articles dozens come
        as close to a query as the right one, and a candidate list cut on bare cosines left the
        right article out before fusion could set its category against theirs.
        """
        if not len(self.scores) or limit < 1:
            return []
        weighed = self.scores
        if len(self.topic_scores) and len(self.row_topics) == len(self.scores):
            weighed = self.scores - topic_penalty(float(self.topic_scores.max()) - self.topic_scores)[self.row_topics]
        # Enough rows that `limit` different articles are among them, even if each has every passage there.
        count = min(limit * PASSAGES, len(self.scores))
        top = np.argpartition(-weighed, count - 1)[:count]
        top = top[np.argsort(-weighed[top], kind="stable")]
        best: dict[int, float] = {}
        for row in top:
            best.setdefault(int(self.ids[row]), float(self.scores[row]))
        return list(best.items())[:limit]

    def of(self, article_ids: list[int]) -> list[tuple[int, float]]:
        """The similarity of each of `article_ids` that has vectors (those without are left out)."""
        if not article_ids or not len(self.scores):
            return []
        rows = np.flatnonzero(np.isin(self.ids, np.asarray(article_ids, dtype=np.int64)))
        best: dict[int, float] = {}
        for row in rows:
            pk, score = int(self.ids[row]), float(self.scores[row])
            if score > best.get(pk, -2.0):
                best[pk] = score
        return list(best.items())

    def topic_gaps(self, article_ids: list[int]) -> dict[int, float]:
        """How much less similar to the query each article's category is than the most similar
        category (0 for the articles of that one, and for articles of no known category)."""
        if not len(self.topic_scores):
            return {}
        best = float(self.topic_scores.max())
        return {
            pk: best - float(self.topic_scores[self.topic_of[pk]]) for pk in article_ids if pk in self.topic_of
        }


def similarities(query: str) -> Similarities | None:
    """The query's similarity to every indexed article; None without a model or vectors."""
    vector = embedding.embed_query(query)
    if vector is None:
        return None
    matrix = _current()
    with _lock:  # a refresh replaces the arrays: read a matching set
        ids, vectors, topics, topic_of, row_topics = (
            matrix.ids, matrix.vectors, matrix.topics, matrix.topic_of, matrix.row_topics
        )
    if not len(ids):
        return None
    return Similarities(
        ids=ids, scores=vectors @ vector, topic_scores=topics @ vector, topic_of=topic_of, row_topics=row_topics
    )


def nearest(query: str, limit: int) -> list[tuple[int, float]]:
    """Up to `limit` (article id, cosine similarity) pairs, most similar first; [] without a model."""
    found = similarities(query)
    return found.nearest(limit) if found is not None else []


def _current() -> _Matrix:
    if time.monotonic() - _matrix.checked_at < REFRESH and _matrix.model == embedding.MODEL_NAME:
        return _matrix
    with _lock:
        if time.monotonic() - _matrix.checked_at >= REFRESH or _matrix.model != embedding.MODEL_NAME:
            _refresh(_matrix)
    return _matrix


def _refresh(matrix: _Matrix) -> None:
    documents = SearchDocument.objects.filter(embedding_model=embedding.MODEL_NAME)
    if matrix.model != embedding.MODEL_NAME:
        matrix.ids, matrix.vectors, matrix.high_water = _empty_ids(), _empty_vectors(), None
        matrix.model = embedding.MODEL_NAME
    changed = documents if matrix.high_water is None else documents.filter(indexed_at__gte=matrix.high_water)
    rows = list(changed.values_list("article_id", "embedding", "indexed_at"))
    if rows:
        changed_ids = np.array([row[0] for row in rows], dtype=np.int64)
        keep = ~np.isin(matrix.ids, changed_ids)
        vectors = [embedding.vectors_from_bytes(cast(bytes, row[1])) for row in rows]  # the model's rows have one
        matrix.ids = np.concatenate(
            [matrix.ids[keep],
             *(np.full(len(block), pk, dtype=np.int64) for (pk, _, _), block in zip(rows, vectors, strict=True))]
        )
        matrix.vectors = np.vstack([matrix.vectors[keep], *vectors])
        stamps = [row[2] for row in rows if row[2] is not None]
        if stamps:
            matrix.high_water = max(stamps)
    if documents.count() != len(np.unique(matrix.ids)):
        # Articles left the index (unpublished or deleted): keep only the ids still there.
        keep = np.isin(matrix.ids, np.fromiter(documents.values_list("article_id", flat=True), dtype=np.int64))
        matrix.ids, matrix.vectors = matrix.ids[keep], matrix.vectors[keep]
    _refresh_topics(matrix, dict(documents.values_list("article_id", "article__category_id")))
    matrix.checked_at = time.monotonic()


def _refresh_topics(matrix: _Matrix, category_of: dict[int, int]) -> None:
    """Each category's topic vector, from its articles' vectors (whole and passages alike).

    Read afresh at every refresh: moving an article to another category changes no indexed text,
    so it would not show among the changed rows.
    """
    if not len(matrix.ids):
        matrix.topics, matrix.topic_of, matrix.row_topics = _empty_vectors(), {}, _empty_ids()
        return
    categories = np.array([category_of.get(int(pk), -1) for pk in matrix.ids], dtype=np.int64)
    names, rows = np.unique(categories, return_inverse=True)
    order = np.argsort(rows, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(rows[order]) != 0])
    sums = np.add.reduceat(matrix.vectors[order].astype(np.float64), starts, axis=0)
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    matrix.topics = (sums / np.where(norms > 0, norms, 1.0)).astype(np.float32)
    topic = dict(zip(names.tolist(), range(len(names)), strict=True))
    matrix.topic_of = {pk: topic[category] for pk, category in category_of.items() if category in topic}
    matrix.row_topics = rows.astype(np.int64)


def _empty_ids() -> np.ndarray:
    return np.zeros(0, dtype=np.int64)


def _empty_vectors() -> np.ndarray:
    return np.zeros((0, embedding.DIMENSIONS), dtype=np.float32)


def passages(title: str, keywords: str, body: str) -> list[str]:
    """The texts an article is embedded as: the whole (title first: it says most), then passages."""
    whole = f"{title}. {keywords}. {body}" if keywords else f"{title}. {body}"
    words = body.split()
    texts = [whole]
    if len(words) > PASSAGE_STRIDE:
        for start in range(0, len(words), PASSAGE_STRIDE):
            texts.append(f"{title}. " + " ".join(words[start : start + PASSAGE_WORDS]))
            if start + PASSAGE_WORDS >= len(words) or len(texts) >= PASSAGES:
                break
    return texts
