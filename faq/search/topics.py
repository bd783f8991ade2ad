"""Topics from the articles' content: a large category split by its articles' meaning (pure numpy).

Search weighs each article by how near its *topic* is to the query (faq.search.fusion's prior) and
shows the best answer of a second topic among the first three (faq.search.diversity). A category
written by editors is a good topic while it holds one subject. A category of thousands of articles
may not be: `manage.py import_faq` puts everything it imports into one "FAQ" category, so a support
desk's 26 answers and 10,000 imported documentation pages would be one topic, and neither
mechanism could tell them apart.

So a category of at least 2 x ARTICLES_PER_TOPIC articles is split in two steps:
1. cluster: about one cluster per ARTICLES_PER_TOPIC articles (at most MAX_TOPICS), spherical
   k-means over the articles' whole vectors (cosine similarity). Fine enough that a few dozen
   articles on a subject of their own get a cluster of their own (seed + 10,000 documentation
   pages: 25 of the 26 answers make one cluster of exactly 25 at 50 or 100 clusters; at 25 or fewer
   clusters they are lost in clusters of hundreds of pages);
2. merge (`merge`): clusters whose centres are at least LINK alike, directly or in a chain, are one
   topic. The documentation's clusters are 0.52-0.86 alike to their nearest neighbour (5th-95th
   percentile), the support answers' cluster 0.30: two topics, as an editor would have made them.
   Fine clusters alone made the prior worse: each is sharp, and the one nearest a query is as
   often the documentation's as the answers'; a topic's prior works from its breadth.
A small category is left as it is, so small knowledge bases keep their editors' categories exactly.

Deterministic: articles in id order, a seeded sample (at most SAMPLE articles) to fit on, k-means++
seeding from the same seed, at most ROUNDS rounds; every article then goes to its nearest centre.
The centres are kept, so new articles only need their nearest centre (faq.search.semantic refits
when the category's size moved by REFIT or more).

Cost (README, "Fusion"): at 10,000 articles fitting is 3-4 s on the busy 2-core machine, once per
process and on each refit; a refresh with kept centres 0.3 s. A search pays nothing more: after
merging there are as few topic vectors as before.
"""
from __future__ import annotations

import numpy as np

ARTICLES_PER_TOPIC = 100
MAX_TOPICS = 256
SAMPLE = 20_000
ROUNDS = 10
SEED = 0
# Clusters whose centres are this alike are one topic (see merge).
LINK = 0.4
# A category's centres are fitted again once its number of articles moved by this share since the fit.
REFIT = 0.05
CHUNK = 16_384


def cluster_count(articles: int) -> int:
    """How many topics a category of `articles` articles makes: 1 (itself) below 2 x ARTICLES_PER_TOPIC."""
    return max(1, min(MAX_TOPICS, articles // ARTICLES_PER_TOPIC))


def fit(vectors: np.ndarray, clusters: int, *, seed: int = SEED) -> np.ndarray:
    """`clusters` unit centres for the unit rows of `vectors` (spherical k-means; rows in a fixed order)."""
    rng = np.random.default_rng(seed)
    if len(vectors) > SAMPLE:
        vectors = vectors[np.sort(rng.choice(len(vectors), SAMPLE, replace=False))]
    data = vectors.astype(np.float32)
    clusters = min(clusters, len(data))
    centres = _seeds(data, clusters, rng)
    for _ in range(ROUNDS):
        labels = assign(data, centres)
        sums = label_sums(labels, data, len(centres))
        norms = np.linalg.norm(sums, axis=1)
        filled = norms > 0  # an emptied cluster keeps its centre
        moved = (sums[filled] / norms[filled, None]).astype(np.float32)
        if np.array_equal(moved, centres[filled]):
            break
        centres[filled] = moved
    return centres


def merge(centres: np.ndarray, link: float | None = None) -> np.ndarray:
    """Each centre's group: clusters whose centres are at least `link` (LINK) alike are one group,
    and so, in a chain, are their neighbours' (single-linkage agglomeration cut at `link`).

    Neighbouring subjects of one large body of text (the modules of one library's documentation:
    0.5-0.9 between a cluster and its nearest) join into one group; a subject with no neighbour
    that close (a support desk's answers among software documentation: 0.3) stays a group of its own.
    """
    link = LINK if link is None else link
    group = np.arange(len(centres))
    alike = (centres @ centres.T) >= link
    for first in range(len(centres)):
        if group[first] != first:
            continue  # reached from an earlier centre
        frontier = [first]
        while frontier:
            reached = np.flatnonzero(alike[frontier].any(axis=0) & (group != first))
            reached = reached[reached > first]
            group[reached] = first
            frontier = reached.tolist()
    return np.unique(group, return_inverse=True)[1].reshape(-1)


def assign(vectors: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Each row's nearest centre (highest cosine; the lower index on a tie), a slice at a time."""
    labels = np.empty(len(vectors), dtype=np.int64)
    for start in range(0, len(vectors), CHUNK):
        labels[start : start + CHUNK] = np.argmax(vectors[start : start + CHUNK].astype(np.float32) @ centres.T, axis=1)
    return labels


def label_sums(labels: np.ndarray, vectors: np.ndarray, count: int) -> np.ndarray:
    """The float64 sum of the rows of each label 0..count-1: a one-hot product a slice at a time
    (labels are topics, a handful after merging; a float64 copy of every vector would be 660 MB)."""
    sums = np.zeros((count, vectors.shape[1]), dtype=np.float64)
    for start in range(0, len(labels), CHUNK):
        of = labels[start : start + CHUNK]
        one_hot = np.zeros((count, len(of)), dtype=np.float32)
        one_hot[of, np.arange(len(of))] = 1.0
        sums += one_hot @ vectors[start : start + CHUNK].astype(np.float32)
    return sums


def _seeds(data: np.ndarray, clusters: int, rng: np.random.Generator) -> np.ndarray:
    """k-means++: each next centre drawn with probability proportional to its squared distance
    from the nearest centre so far (spread out, so a small far group gets one)."""
    chosen = [int(rng.integers(len(data)))]
    nearest = 2.0 - 2.0 * (data @ data[chosen[0]])  # squared distance of unit vectors
    for _ in range(1, clusters):
        cumulative = np.cumsum(np.maximum(nearest, 0.0), dtype=np.float64)
        if cumulative[-1] <= 1e-9:
            break  # every row is a centre already: fewer distinct rows than clusters
        pick = min(int(np.searchsorted(cumulative, rng.random() * cumulative[-1], side="right")), len(data) - 1)
        chosen.append(pick)
        nearest = np.minimum(nearest, 2.0 - 2.0 * (data @ data[pick]))
    return data[chosen].copy()
