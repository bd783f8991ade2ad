"""Semantic retrieval: the articles whose meaning is nearest the query's, by sentence embeddings.

Each indexed article stores its embedding (faq.search.index computes it on every save, import and
restore; `manage.py rebuild_search_index` recomputes them all). Searches compare the query's
embedding with every current-model vector held in memory as one matrix: a dot product over
100,000 vectors of 384 dimensions is a few milliseconds, far less than a database round trip per
candidate would cost. The matrix is refreshed incrementally: what was indexed since the last look
is read every REFRESH seconds (at once after a change made in this process), and the whole list of
ids again only when the count shows that articles left the index.

Each topic's articles also make one "topic" vector, the normalised mean of their vectors: how
near a query is to the topic an article sits in says whether the article is about the query's
subject at all (cluster-based smoothing). A topic is a category, or, in a category of hundreds of
articles or more, a group of clusters of its articles' meaning (faq.search.topics), so the signal
comes from the content even when everything was imported into one category. Fusion uses it to
keep an off-topic article that happens to be close to the query (a mail function's docstring for
"what number do my texts come from") below the knowledge base's own (see faq.search.fusion).

When the model cannot load, `nearest` returns nothing and search is lexical only
(faq.search.embedding logs why, once).

At scale the scan goes through an HNSW graph (see `ann`), and through a coarse index (see
`coarse`) until the graph is there or without the ANN library: with 100,000 articles there are
about 256,000 vectors, and scanning them all costs ~20-30 ms a search and, in float32, 394 MB per
process. Up to COARSE_FROM vectors (10,000 articles make ~21,500) every search still scans them all, exactly
as before, so the rankings of small and mid-sized knowledge bases do not change at all.
"""
from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import cast

import numpy as np

from faq.models import SearchDocument

from . import ann, coarse, embedding, topics
from .fusion import topic_penalty

REFRESH = 60.0

# Up to this many vectors a search scans all of them; beyond it, the coarse index's first pass
# (faq.search.coarse). Well above the ~21,500 vectors of 10,000 articles, well below 100,000's ~215,000.
COARSE_FROM = 60_000


# An article is embedded whole and in passages of PASSAGE_WORDS words (each after the title),
# PASSAGE_STRIDE words apart, at most PASSAGES vectors in all; it is as near a query as its nearest
# vector. A passage says one thing, so a question about one paragraph of a long article finds it.
# Six vectors cover every article of the seed FAQ to its end (at four, the last steps of its three
# longest, up to ~420 words, were never embedded); among documentation pages few are that long
# (2.18 vectors an article on average against 2.0 at four).
PASSAGE_WORDS = 100
PASSAGE_STRIDE = 70
PASSAGES = 6


@dataclass
class _Matrix:
    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # the article of each row
    # float32 for the exact scan; float16 (half the memory: 165 MB for 100,000 articles) when the
    # coarse index serves, which converts only the rows it reads.
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, embedding.DIMENSIONS), dtype=np.float32))
    high_water: datetime | None = None
    at_high_water: set[int] = field(default_factory=set)  # the articles read whose time is high_water
    checked_at: float = -1e9
    models: tuple[str, ...] = ()
    topics: np.ndarray = field(default_factory=lambda: np.zeros((0, embedding.DIMENSIONS), dtype=np.float32))
    topic_of: dict[int, int] = field(default_factory=dict)  # article id -> its row in `topics`
    row_topics: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # each row's topic
    categories: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))  # (article, category)
    # Each row's serial number, ascending: a row read anew (a new or re-indexed article) gets a new
    # one, so the ANN graph (faq.search.ann) can tell the rows it has seen from those it has not.
    serials: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    next_serial: int = 0
    index: coarse.Index | ann.Index | None = None  # only beyond COARSE_FROM rows
    # A large category's cluster centres (faq.search.topics) and its number of articles when fitted.
    topic_centres: dict[int, tuple[np.ndarray, int]] = field(default_factory=dict)


_matrix = _Matrix()
_lock = threading.Lock()


def mark_stale() -> None:
    """Look for new vectors at the next search (faq.search.index calls this after every change)."""
    _matrix.checked_at = -1e9


@dataclass(frozen=True)
class Similarities:
    """A query's cosine similarity to the vectors of the index, by article (its nearest vector).

    Without a coarse index `ids` and `scores` cover every vector; with one, the vectors of the
    rows the coarse pass kept, and `of` scores any other article's vectors on demand.
    """

    ids: np.ndarray
    scores: np.ndarray
    topic_scores: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    topic_of: dict[int, int] = field(default_factory=dict)
    row_topics: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    index: coarse.Index | ann.Index | None = None
    query: np.ndarray | None = None

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
        if not article_ids:
            return []
        if self.index is not None and self.query is not None:
            ids, scores = self.index.score_articles(article_ids, self.query)
        else:
            if not len(self.scores):
                return []
            rows = np.flatnonzero(np.isin(self.ids, np.asarray(article_ids, dtype=np.int64)))
            ids, scores = self.ids[rows], self.scores[rows]
        best: dict[int, float] = {}
        for pk, score in zip(ids.tolist(), scores.tolist(), strict=True):
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
    """The query's similarity to the indexed articles; None without a model or vectors."""
    vector = embedding.embed_query(query)
    if vector is None:
        return None
    matrix = _current()
    with _lock:  # a refresh replaces the arrays: read a matching set
        ids, vectors, topics, topic_of, index, row_topics = (
            matrix.ids, matrix.vectors, matrix.topics, matrix.topic_of, matrix.index, matrix.row_topics
        )
    if not len(ids):
        return None
    topic_scores = topics @ vector
    if len(row_topics) != len(ids):
        row_topics = _empty_ids()  # not in step with the rows (cannot happen under the lock): no prior
    if index is not None:
        rows, scores = index.search(vector)
        return Similarities(ids=ids[rows], scores=scores, topic_scores=topic_scores, topic_of=topic_of,
                            row_topics=row_topics[rows] if len(row_topics) else row_topics, index=index, query=vector)
    return Similarities(
        ids=ids, scores=vectors @ vector, topic_scores=topic_scores, topic_of=topic_of, row_topics=row_topics
    )


def nearest(query: str, limit: int) -> list[tuple[int, float]]:
    """Up to `limit` (article id, cosine similarity) pairs, most similar first; [] without a model."""
    found = similarities(query)
    return found.nearest(limit) if found is not None else []


def prepare() -> tuple[int, str]:
    """Load the vectors and build their index now, in this thread (`manage.py build_search_graph`
    runs it after a bulk load, so that serving processes map the saved graph instead of building
    it): the number of vectors and the kind of scan search will use."""
    building, threads = ann.build_in_background, ann.build_threads
    ann.build_in_background, ann.build_threads = False, os.cpu_count() or 1
    try:
        matrix = _current()
    finally:
        ann.build_in_background, ann.build_threads = building, threads
    kind = {ann.Index: "ANN graph", coarse.Index: "coarse pass"}.get(type(matrix.index), "exact scan")
    return len(matrix.ids), kind


def _current() -> _Matrix:
    models = embedding.searchable_models()
    if time.monotonic() - _matrix.checked_at < REFRESH and _matrix.models == models:
        return _matrix
    with _lock:
        if time.monotonic() - _matrix.checked_at >= REFRESH or _matrix.models != models:
            _refresh(_matrix, models)
    return _matrix


def _refresh(matrix: _Matrix, models: tuple[str, ...]) -> None:
    documents = SearchDocument.objects.filter(embedding_model__in=models)
    if matrix.models != models:
        matrix.ids, matrix.vectors, matrix.high_water = _empty_ids(), _empty_vectors(), None
        matrix.at_high_water, matrix.categories, matrix.index = set(), np.zeros((0, 2), dtype=np.int64), None
        matrix.serials, matrix.topic_centres = _empty_ids(), {}
        matrix.models = models
    changed = documents if matrix.high_water is None else documents.filter(indexed_at__gte=matrix.high_water)
    # Read as a stream of float16 blocks: at 100,000 articles the rows hold 165 MB of vectors, and
    # neither a list of the rows nor a float32 copy of them all should sit in memory beside it.
    id_blocks: list[np.ndarray] = []
    vector_blocks: list[np.ndarray] = []
    stamps: list[datetime] = []
    new_pks: list[int] = []
    for pk, data, stamp in changed.values_list("article_id", "embedding", "indexed_at").iterator(chunk_size=2000):
        if stamp is not None and stamp == matrix.high_water and pk in matrix.at_high_water:
            continue  # read last time (>= reads the newest rows again, in case others share their time)
        # The model's rows have an embedding (those without have no model name).
        block = embedding.vectors_from_bytes(cast(bytes, data), dtype=embedding.STORAGE_DTYPE)
        id_blocks.append(np.full(len(block), pk, dtype=np.int64))
        vector_blocks.append(block)
        if stamp is not None:
            stamps.append(stamp)
            new_pks.append(pk)
    grew = bool(id_blocks)
    kept = np.ones(len(matrix.ids), dtype=bool)  # which rows of the matrix as it was are still in it
    if grew:
        new_ids = np.concatenate(id_blocks)
        kept = ~np.isin(matrix.ids, np.unique(new_ids))
        new_vectors = np.vstack(vector_blocks)
        del vector_blocks
        old = matrix.vectors[kept].astype(embedding.STORAGE_DTYPE)  # exact: they came from float16
        vectors16 = np.vstack([old, new_vectors])
        del old, new_vectors
        matrix.ids, matrix.vectors = np.concatenate([matrix.ids[kept], new_ids]), _in_memory(vectors16)
        new_serials = np.arange(matrix.next_serial, matrix.next_serial + len(new_ids), dtype=np.int64)
        matrix.serials = np.concatenate([matrix.serials[kept], new_serials])
        matrix.next_serial += len(new_ids)
        if stamps:
            newest = max(stamps)
            if newest != matrix.high_water:
                matrix.at_high_water = set()
            matrix.high_water = newest
            matrix.at_high_water |= {int(pk) for pk, stamp in zip(new_pks, stamps, strict=True) if stamp == newest}
    shrank = False
    if documents.count() != len(np.unique(matrix.ids)):
        # Articles left the index (unpublished or deleted): keep only the ids still there.
        still = np.isin(matrix.ids, np.fromiter(documents.values_list("article_id", flat=True), dtype=np.int64))
        matrix.ids, matrix.vectors, matrix.serials = matrix.ids[still], matrix.vectors[still], matrix.serials[still]
        shrank = True
        # The rows of the old matrix that survive both steps (new rows all come after them).
        survivors = np.flatnonzero(kept)
        kept[survivors[~still[: len(survivors)]]] = False
    if grew or shrank or _graph_moved(matrix):
        matrix.index = _index(matrix, kept)
    # Read afresh at every refresh: moving an article to another category changes no indexed text,
    # so it would not show among the changed rows. The topic vectors are recomputed only when the
    # vectors or the categories changed (at 100,000 articles that is half a second).
    pairs = documents.order_by("article_id").values_list("article_id", "article__category_id")
    categories = np.array(list(pairs), dtype=np.int64).reshape(-1, 2)
    if grew or shrank or not np.array_equal(categories, matrix.categories):
        matrix.categories = categories
        _refresh_topics(matrix, {int(pk): int(category) for pk, category in categories})
    matrix.checked_at = time.monotonic()


def _index(matrix: _Matrix, kept: np.ndarray) -> coarse.Index | ann.Index | None:
    """The index for the matrix as it now is (None while it is small enough to scan): the ANN
    graph's once one is built (faq.search.ann builds it in the background), the coarse pass until
    then or without the library: the old one's components for the rows it kept (`kept`, a mask
    over its rows), built afresh otherwise."""
    if len(matrix.ids) <= COARSE_FROM:
        return None
    graph = ann.index_for(matrix.ids, matrix.vectors, matrix.serials, on_ready=mark_stale)
    if graph is not None:
        return graph
    if isinstance(matrix.index, coarse.Index) and kept.any():
        return matrix.index.updated(matrix.ids, matrix.vectors, kept)
    return coarse.Index.build(matrix.ids, matrix.vectors)


def _graph_moved(matrix: _Matrix) -> bool:
    """Whether a newer ANN graph is there than the one the matrix's index uses (one finished
    building in the background)."""
    graph = ann.current()
    if len(matrix.ids) <= COARSE_FROM or graph is None:
        return False
    return not isinstance(matrix.index, ann.Index) or matrix.index.graph is not graph


def _in_memory(vectors16: np.ndarray) -> np.ndarray:
    """The matrix as held: float32 for the exact scan (identical values: float16 converts exactly),
    float16 when the coarse index serves it."""
    return vectors16 if len(vectors16) > COARSE_FROM else vectors16.astype(np.float32)


def _refresh_topics(matrix: _Matrix, category_of: dict[int, int]) -> None:
    """Each row's topic and each topic's vector, from the articles' vectors (whole and passages alike).

    A topic is a category, or one of the clusters a large category is split into by its articles'
    meaning (faq.search.topics): whatever the editors' categories, a few articles on a subject of
    their own among thousands make a topic of their own.
    """
    if not len(matrix.ids):
        matrix.topics, matrix.topic_of, matrix.row_topics = _empty_vectors(), {}, _empty_ids()
        return
    articles, first_rows = np.unique(matrix.ids, return_index=True)  # an article's first row is its whole
    article_categories = np.array([category_of.get(int(pk), -1) for pk in articles.tolist()], dtype=np.int64)
    clusters = np.zeros(len(articles), dtype=np.int64)
    centres: dict[int, tuple[np.ndarray, int]] = {}
    for category in np.unique(article_categories).tolist():
        members = np.flatnonzero(article_categories == category)
        if category < 0 or topics.cluster_count(len(members)) < 2:
            continue
        whole = matrix.vectors[first_rows[members]]
        kept = matrix.topic_centres.get(category)
        if kept is None or abs(len(members) - kept[1]) >= topics.REFIT * kept[1]:
            kept = (topics.fit(whole, topics.cluster_count(len(members))), len(members))
        centres[category] = kept
        clusters[members] = topics.merge(kept[0])[topics.assign(whole, kept[0])]
    matrix.topic_centres = centres
    # One topic per (category, cluster) pair present, numbered in that order.
    pairs, article_topics = np.unique(np.stack([article_categories, clusters], axis=1), axis=0, return_inverse=True)
    article_topics = article_topics.reshape(-1)
    rows = article_topics[np.searchsorted(articles, matrix.ids)]
    sums = topics.label_sums(rows, matrix.vectors, len(pairs))
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    matrix.topics = (sums / np.where(norms > 0, norms, 1.0)).astype(np.float32)
    matrix.topic_of = {
        int(pk): int(topic) for pk, topic, category in zip(articles, article_topics, article_categories, strict=True)
        if category >= 0
    }
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
