"""Hybrid ranking: the lexical and the semantic rankings fused into one (pure, no database).

Reciprocal-rank fusion: each ranking gives an article WEIGHT / (K + its rank), and the sums are
compared. Ranks, not raw scores, because bm25/ts_rank and cosine similarity live on unrelated
scales. A semantic hit counts only above MIN_SIMILARITY: every article has *some* cosine with any
query, and without a floor a query about nothing in the knowledge base would "find" everything.
"""
from __future__ import annotations

from .types import Hit

K = 60.0
LEXICAL_WEIGHT = 1.0
SEMANTIC_WEIGHT = 1.0
MIN_SIMILARITY = 0.3
# An article the words did not match at all must be nearer still: one-word and misspelt queries
# give noisy cosines, and a result that shares no word with the query has to earn its place.
MEANING_ONLY_MIN_SIMILARITY = 0.35


def fuse(lexical: list[Hit], semantic: list[Hit]) -> list[Hit]:
    """One ranking from both, best first; an article in both rankings gets both shares."""
    scores: dict[int, float] = {}
    matched = {pk for pk, _ in lexical}
    for rank, (pk, _) in enumerate(lexical, 1):
        scores[pk] = scores.get(pk, 0.0) + LEXICAL_WEIGHT / (K + rank)
    for rank, (pk, similarity) in enumerate(semantic, 1):
        if similarity >= (MIN_SIMILARITY if pk in matched else MEANING_ONLY_MIN_SIMILARITY):
            scores[pk] = scores.get(pk, 0.0) + SEMANTIC_WEIGHT / (K + rank)
    return sorted(scores.items(), key=lambda hit: (-hit[1], hit[0]))
