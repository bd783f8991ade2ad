"""Approximate nearest neighbours for the semantic scan at scale: an HNSW graph (usearch).

At 100,000 articles faq.search.semantic holds ~256,000 vectors; even the coarse first pass
(faq.search.coarse) reads all of them on every search (~15 ms, 26 ms with its rescoring). An HNSW
graph visits a few thousand: its nearest GRAPH_ROWS rows are then scored exactly from the matrix,
as the coarse pass's are, so only which rows are considered is approximate, never a score.

The graph is immutable once built. It is keyed by the rows' serial numbers (semantic gives every
row it reads a new, ascending one), so it stays in step with the matrix without being changed:
rows that left the matrix (articles deleted, unpublished or re-indexed) are dropped from what it
finds, and rows newer than the graph are scanned exactly beside it. When those make up too much
(REBUILD_NEW new rows, or REBUILD_GONE of the graph's rows gone) a new graph is built in the
background while the old one keeps serving.

Building is slow (minutes for 256,000 vectors on this 2-core machine), so it never happens in a
request: a background thread builds it, the coarse pass answers meanwhile, and the graph is saved
in WAYPOINT_SEARCH_INDEX_DIR under a name made of a hash of the vectors and the articles they
belong to. Every other process (the other gunicorn workers, the next restart) with the same vectors
maps that file instead of building (in milliseconds; the pages are shared between processes), and
a file lock keeps two processes from building the same graph at once. Naming the file hashes every
vector (~0.4 s at 256,000), so that too is the background thread's: a search waits for it only
when the process has no graph and no look or build is under way (its first search, or after a
failed build), never while a build runs.

Without usearch (it is a compiled wheel) search logs a warning once and keeps the coarse pass.
"""
from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings

from . import coarse

logger = logging.getLogger(__name__)

# HNSW parameters, measured on the 21,529 real vectors of 10,000 articles (the 254 queries of
# benchmarks.semantic_recall, the 30 nearest articles as search ranks them): 16 links a node and 64
# candidates while linking found 94.8 % of them (the same first for 92.9 %) taking 400 rows; 32 and
# 200 found 97.7 % (97.2 %) taking 400 and 99.1 % (98.8 %) taking 800. Short queries sit far from
# every document, where a sparser graph loses its way. On wp_lat_100k (256,612 vectors, most of them
# derived: near-copies of the real ones, which crowd a graph's links) 800 rows found 90.9 % (86.1 %),
# 1,600 95.8 % (94.8 %), 3,200 97.4 % (97.6 %); in-process 5.8, 10.0 and 18.3 ms a query at load 4-6,
# where the coarse pass took 29 ms for 99.6 % (100 %).
CONNECTIVITY = 32
EXPANSION_ADD = 200
SEARCH_EXPANSION = 1600
# Rows taken from the graph and scored exactly: more than nearest(30) needs (30 articles of up to 4
# vectors each, reordered by the topic weighting), because the graph's own order is approximate.
GRAPH_ROWS = 1600
# Threads a build may use: one in a serving process (beside its requests), all of them in
# `manage.py build_search_graph`.
build_threads = 1
# The vectors are unit length: stored as float16 (exact for them, as semantic holds them).
STORAGE = "f16"
# Rebuild when this share of the matrix is new since the graph (scanned exactly meanwhile: 10,000
# rows cost ~2 ms) or this share of the graph's rows is gone (they are found and then dropped).
REBUILD_NEW = 0.04
REBUILD_GONE = 0.2
# Beyond this share of new rows the exact scan of them would cost more than the coarse pass.
USABLE_NEW = 0.25
# Files of other generations kept in the directory (other databases may share it).
KEEP_FILES = 4
CHUNK = 16_384
# Seconds a search without a graph waits for the background look for a saved one (hashing the
# rows takes ~0.4 s at 256,000; a build, when none is saved, takes minutes and is not waited for).
LOOK_WAIT = 5.0

build_in_background = True  # tests build in the calling thread


@dataclass(frozen=True)
class Graph:
    """A built HNSW graph: its key k is the row of serial `serials[k]`."""

    graph: Any  # usearch.index.Index
    # int64: the serial of each row it was built from, in the graph's order (by article, see _order)
    serials: np.ndarray

    @property
    def newest(self) -> int:
        return int(self.serials.max()) if len(self.serials) else -1


@dataclass(frozen=True)
class Index:
    """The semantic matrix as the graph plus an exact scan of the rows newer than it; the same
    interface as coarse.Index (faq.search.semantic uses either)."""

    ids: np.ndarray  # the article of each row of the matrix
    vectors: np.ndarray  # (rows, 384), float16
    serials: np.ndarray  # the serial of each row, ascending
    graph: Graph
    newer_from: int  # the first row the graph has not seen
    by_article: np.ndarray
    sorted_ids: np.ndarray

    @classmethod
    def over(cls, graph: Graph, ids: np.ndarray, vectors: np.ndarray, serials: np.ndarray) -> Index:
        by_article = np.argsort(ids, kind="stable")
        newer_from = int(np.searchsorted(serials, graph.newest, side="right"))
        return cls(ids=ids, vectors=vectors, serials=serials, graph=graph, newer_from=newer_from,
                   by_article=by_article, sorted_ids=ids[by_article])

    def search(self, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The rows nearest `query` (the graph's, less those gone, and every newer row), with their
        exact cosine similarities."""
        rows = np.arange(self.newer_from, len(self.ids))
        if len(self.graph.serials):
            found = self.graph.graph.search(query, min(GRAPH_ROWS, len(self.graph.serials)), threads=1)
            wanted = self.graph.serials[np.asarray(found.keys[: len(found)], dtype=np.int64)]
            at = np.minimum(np.searchsorted(self.serials, wanted), max(len(self.serials) - 1, 0))
            present = self.serials[at] == wanted if len(self.serials) else np.zeros(0, dtype=bool)
            rows = np.concatenate([at[present], rows])
        return rows, self.vectors[rows].astype(np.float32) @ query

    def score_articles(self, article_ids: Sequence[int], query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every row of the given articles as (article ids, cosines), whatever the graph found."""
        rows = coarse.rows_of(self.sorted_ids, self.by_article, article_ids)
        return self.ids[rows], self.vectors[rows].astype(np.float32) @ query

    def is_stale(self) -> bool:
        """Whether enough changed since the graph was built that a new one should be."""
        # Every row up to newer_from is one of the graph's (serials only grow): the rest are gone.
        gone = len(self.graph.serials) - self.newer_from
        return (len(self.ids) - self.newer_from > REBUILD_NEW * len(self.ids)
                or gone > REBUILD_GONE * max(len(self.graph.serials), 1))


# The process's newest graph, and whether a build is under way.
_graph: Graph | None = None
_building = False
_lock = threading.Lock()
_warned = False


def available() -> bool:
    """Whether the ANN library can be imported (warns once if not)."""
    global _warned
    try:
        import usearch.index  # noqa: F401
    except ImportError as error:
        if not _warned:
            logger.warning("The ANN index is unavailable (%s); semantic search keeps the coarse scan", error)
            _warned = True
        return False
    return True


def index_for(ids: np.ndarray, vectors: np.ndarray, serials: np.ndarray, on_ready: Callable[[], None]) -> Index | None:
    """The ANN index over the matrix (ids, vectors, serials), or None while there is no graph yet.

    Without a graph, a background thread looks for the one another process may have saved for
    these rows (naming it hashes all the vectors, ~200 MB at 100,000 articles) and maps it, or
    builds one; the caller waits only as long as that look takes (LOOK_WAIT at most), and not
    at all while a build is already under way. The same happens when the graph there has gone
    stale. Until the first graph is there, the caller scans coarsely.
    """
    if not available():
        return None
    if _graph is None:
        _start_build(ids, vectors, serials, on_ready, wait=LOOK_WAIT)
    graph = _graph
    index = Index.over(graph, ids, vectors, serials) if graph is not None else None
    if index is not None and index.is_stale():
        _start_build(ids, vectors, serials, on_ready)
        graph = _graph  # there already when built in this thread
        index = Index.over(graph, ids, vectors, serials) if graph is not None else None
    if index is not None and len(ids) - index.newer_from > USABLE_NEW * len(ids):
        return None  # mostly rows the graph has not seen (another model's vectors): scan coarsely
    return index


def current() -> Graph | None:
    """The process's newest graph (semantic rewraps its matrix when this changes)."""
    return _graph


def forget() -> None:
    """Drop the process's graph (tests; a build under way still finishes)."""
    global _graph
    with _lock:
        _graph = None


def _start_build(
    ids: np.ndarray, vectors: np.ndarray, serials: np.ndarray, on_ready: Callable[[], None], wait: float = 0.0
) -> None:
    """Map or build the graph of these rows in the background (in this thread when
    build_in_background is off), unless that is under way already; wait up to `wait` seconds for
    the look for a saved graph."""
    global _building
    with _lock:
        if _building:
            return
        _building = True
    looked = threading.Event()
    if build_in_background:
        threading.Thread(
            target=_map_or_build, args=(ids, vectors, serials, on_ready, looked), name="ann-build", daemon=True
        ).start()
        if wait > 0:
            looked.wait(wait)
    else:
        _map_or_build(ids, vectors, serials, on_ready, looked)


def _map_or_build(
    ids: np.ndarray, vectors: np.ndarray, serials: np.ndarray, on_ready: Callable[[], None], looked: threading.Event
) -> None:
    """The graph of these rows: mapped from the file another process saved, else built (`_build`)."""
    global _building
    try:
        path = _path(ids, vectors)
        saved = _mapped(path)
        if saved is not None:
            _publish(Graph(graph=saved, serials=serials[_order(ids)]))
        looked.set()
        if saved is None:
            _build(ids, vectors, serials, on_ready, path)
        else:
            on_ready()
    except Exception:
        logger.exception("Building the ANN index failed; semantic search keeps the scan it has")
    finally:
        looked.set()
        with _lock:
            _building = False


def _build(ids: np.ndarray, vectors: np.ndarray, serials: np.ndarray, on_ready: Callable[[], None], path: Path) -> None:
    _publish(Graph(graph=_load_or_build(path, ids, vectors), serials=serials[_order(ids)]))
    on_ready()


def _publish(graph: Graph) -> None:
    global _graph
    with _lock:
        if _graph is None or graph.newest >= _graph.newest:
            _graph = graph


def _load_or_build(path: Path, ids: np.ndarray, vectors: np.ndarray) -> Any:
    """The graph of these rows (key = row number) saved at `path`: mapped from the file if a
    process made it meanwhile, else built and saved there."""
    from usearch.index import Index as Usearch

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process building this one: wait, then map its file
        if not path.exists():
            graph = Usearch(ndim=vectors.shape[1], metric="ip", dtype=STORAGE, connectivity=CONNECTIVITY,
                            expansion_add=EXPANSION_ADD, expansion_search=SEARCH_EXPANSION)
            order = _order(ids)
            for start in range(0, len(order), CHUNK):  # a slice at a time: no sorted copy of them all
                rows = order[start : start + CHUNK]
                graph.add(np.arange(start, start + len(rows), dtype=np.uint64), vectors[rows], threads=build_threads)
            partial = path.with_suffix(f".{os.getpid()}.part")
            graph.save(str(partial))
            os.replace(partial, path)
            _prune(path.parent, keep=path)
    graph = _mapped(path)
    if graph is None:
        raise OSError(f"{path} could not be read back")
    return graph


def _mapped(path: Path) -> Any:
    """The graph saved at `path`, memory-mapped (None if there is no such file)."""
    from usearch.index import Index as Usearch

    if not path.exists():
        return None
    return Usearch.restore(str(path), view=True, expansion_search=SEARCH_EXPANSION)


def _path(ids: np.ndarray, vectors: np.ndarray) -> Path:
    """Where the graph of exactly these rows is saved: named by the articles and vectors, in
    order, and the graph's settings."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{CONNECTIVITY}-{EXPANSION_ADD}-{STORAGE}-{vectors.shape}-{vectors.dtype}".encode())
    order = _order(ids)
    digest.update(np.ascontiguousarray(ids[order], dtype=np.int64).view(np.uint8).data)
    for start in range(0, len(order), CHUNK):  # a slice at a time: a copy of them all is 200 MB
        digest.update(np.ascontiguousarray(vectors[order[start : start + CHUNK]]).view(np.uint8).data)
    return Path(settings.WAYPOINT_SEARCH_INDEX_DIR) / f"ann-{digest.hexdigest()}.usearch"


def _order(ids: np.ndarray) -> np.ndarray:
    """The rows by article (each article's own in their order): the database reads them in no set
    order, and the same vectors must make the same graph, under the same name, in every process."""
    return np.argsort(ids, kind="stable")


def _prune(directory: Path, keep: Path) -> None:
    """Delete all but the newest KEEP_FILES graphs (a process mapping one keeps its pages)."""
    files = sorted(directory.glob("ann-*.usearch"), key=lambda file: file.stat().st_mtime, reverse=True)
    for old in files[KEEP_FILES:]:
        if old != keep:
            old.unlink(missing_ok=True)
            old.with_suffix(".lock").unlink(missing_ok=True)
