"""How well the semantic scan's shortcuts find the exact scan's nearest articles, and what they cost.

Run from the project root against a loaded database (derived vectors count, as bench_search's
server counts them):

    DATABASE_URL=postgres://.../wp_lat_100k WAYPOINT_SEARCH_DERIVED_VECTORS=1 DJANGO_SECRET_KEY=x \\
        python -m benchmarks.semantic_recall

For the queries of bench_search and of the evaluation set (both halves: only which vectors are
near is compared, no relevance is scored), it ranks the 30 nearest articles as search does
(faq.search.semantic: topic weighting included) by the exact scan, the coarse pass
(faq.search.coarse) and the ANN graph (faq.search.ann), and prints each shortcut's recall of the
exact 30, how often its first is the exact first, its time per query in-process, and the time to
build it. README ("At 100,000 articles") keeps the figures.
"""
from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as config/wsgi.py sets it for the workers

import django

django.setup()

import numpy as np  # noqa: E402

from evaluation.search import relevance  # noqa: E402
from faq.search import ann, coarse, embedding, lexicon, semantic  # noqa: E402
from portal.management.commands.bench_search import QUERIES  # noqa: E402

NEAREST = 30


def main() -> int:
    texts = list(dict.fromkeys([*QUERIES, *(q.text for name in ("tune", "test") for q in relevance.load(name))]))
    texts = [lexicon.in_english(text) for text in texts]  # as search asks semantic
    vectors = {text: embedding.embed_query(text) for text in texts}
    if any(vector is None for vector in vectors.values()):
        print("The embedding model is unavailable: nothing to compare.", file=sys.stderr)
        return 1
    real_embed = embedding.embed_query
    embedding.embed_query = lambda text: vectors.get(text) if text in vectors else real_embed(text)

    # Load the vectors without building either index (built and timed below), as search holds them.
    semantic.COARSE_FROM, semantic.REFRESH = sys.maxsize, 1e9
    started = time.perf_counter()
    matrix = semantic._current()
    matrix.vectors = matrix.vectors.astype(embedding.STORAGE_DTYPE)
    print(f"{len(np.unique(matrix.ids)):,} articles, {len(matrix.ids):,} vectors "
          f"({matrix.vectors.dtype}); loaded in {time.perf_counter() - started:.1f} s; {len(texts)} queries")

    def ranked(index: coarse.Index | ann.Index | None) -> tuple[dict[str, list[int]], list[float]]:
        matrix.index = index
        if index is None:
            matrix.vectors = matrix.vectors.astype(np.float32)  # the exact scan as below COARSE_FROM
        found, times = {}, []
        for text in texts:
            begun = time.perf_counter()
            near = semantic.similarities(text)
            found[text] = [pk for pk, _ in near.nearest(NEAREST)] if near is not None else []
            times.append(time.perf_counter() - begun)
        matrix.vectors = matrix.vectors.astype(embedding.STORAGE_DTYPE)
        return found, times

    ann.build_in_background = False
    began = time.perf_counter()
    coarse_index = coarse.Index.build(matrix.ids, matrix.vectors)
    coarse_build = time.perf_counter() - began
    began = time.perf_counter()
    ann_index = ann.index_for(matrix.ids, matrix.vectors, matrix.serials, on_ready=lambda: None)
    ann_build = time.perf_counter() - began
    if ann_index is None:
        print("The ANN library is unavailable.", file=sys.stderr)
        return 1

    exact, exact_times = ranked(None)
    report("exact scan", exact_times, None, None, None)
    for name, index, build in (("coarse pass", coarse_index, coarse_build), ("ANN graph", ann_index, ann_build)):
        found, times = ranked(index)
        recall = np.mean([coarse.recall(exact[text][:NEAREST], found[text]) for text in texts])
        first = np.mean([bool(exact[text]) and found[text][:1] == exact[text][:1] for text in texts])
        report(name, times, build, float(recall), float(first))
    print(f"load average {os.getloadavg()[0]:.2f}")
    return 0


def report(name: str, times: list[float], build: float | None, recall: float | None, first: float | None) -> None:
    ms = np.array(times) * 1000
    line = f"{name:12} median {np.median(ms):6.2f} ms  p95 {np.percentile(ms, 95):6.2f} ms"
    if recall is not None and first is not None and build is not None:
        line += f"  recall@{NEAREST} {recall:.1%}  same first {first:.1%}  built (or mapped) in {build:.1f} s"
    print(line, flush=True)


if __name__ == "__main__":
    sys.exit(main())
