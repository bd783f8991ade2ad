"""Hybrid ranking: the lexical and the semantic candidates blended into one ranking (pure, no database).

An article's score is its cosine similarity to the query plus LEXICAL_WEIGHT times the square of
its lexical score relative to the best lexical score of the query (so 0..LEXICAL_WEIGHT): meaning
leads and words break its ties and lift exact matches. The lexical part is relative because bm25
and ts_rank have no fixed scale; cosines do. Squared, so that an article matching a few of the
words counts for little beside the one that matches them best (on the tuning half: one more
paraphrase and one more keyword query right first on each knowledge base and database).
Every candidate arrives with both of its scores (faq.search._hybrid asks each side for the
other's candidates), so the blend weighs all the evidence, not whichever list reached it.
Reciprocal-rank fusion was tried first: it rewards any article both rankings list, and with
10,000 off-topic articles those were often the off-topic ones (right article first, seed import
+ 10,000, tuning half: RRF 46.9 %, this blend 62.8 %).

A short query (SHORT_QUERY_UNITS units or fewer: "reply window", "accesskey id", "bulk send limit")
gives its words SHORT_LEXICAL_WEIGHT instead: its embedding is a noisy guess from a word or two, while
its words are exactly what the customer looks for, and an article holding them all in its title
should not lose to one that is only a little closer in meaning (tuning half: keyword queries right
first 88.5 -> 96.2 % on the seed import, 92.3/96.2 -> 100 % on the default content, both databases;
no paraphrase moved).

A semantic hit counts only above MIN_SIMILARITY, and one the words did not match at all only
above MEANING_ONLY_MIN_SIMILARITY: every article has *some* cosine with any query, and one-word or
misspelt queries give noisy ones, so a result sharing no word with the query must earn its place.
An article whose topic is much further from the query than the nearest topic is (see
faq.search.semantic: a topic is a category, or a group of content clusters of a large category,
faq.search.topics; each has a topic vector) loses TOPIC_WEIGHT times the part of that gap
beyond TOPIC_MARGIN: an off-topic article that shares the query's words or comes close in meaning
no longer outranks the articles about the query's subject, while categories of one knowledge base,
close to one another, keep their order.

The constants were chosen on the tuning half of evaluation/search (see its README).
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .types import Hit

LEXICAL_WEIGHT = 0.1
SHORT_QUERY_UNITS = 2
SHORT_LEXICAL_WEIGHT = 0.2
MIN_SIMILARITY = 0.2
MEANING_ONLY_MIN_SIMILARITY = 0.35
TOPIC_WEIGHT = 0.5
TOPIC_MARGIN = 0.1


def fuse(
    lexical: list[Hit], semantic: list[Hit], topic_gaps: Mapping[int, float] | None = None, *,
    lexical_weight: float = LEXICAL_WEIGHT,
) -> list[Hit]:
    """One ranking from both, best first; `topic_gaps` says how far each article's category is
    from the query beyond the nearest category's distance (articles not in it lose nothing);
    `lexical_weight` is what the best lexical match adds (see lexical_weight_for)."""
    top = max((score for _, score in lexical), default=0.0) or 1.0
    scores = {pk: lexical_weight * (max(score, 0.0) / top) ** 2 for pk, score in lexical}
    matched = set(scores)
    for pk, similarity in semantic:
        if similarity >= (MIN_SIMILARITY if pk in matched else MEANING_ONLY_MIN_SIMILARITY):
            scores[pk] = scores.get(pk, 0.0) + similarity
    for pk, gap in (topic_gaps or {}).items():
        if pk in scores:
            scores[pk] -= float(topic_penalty(gap))
    return sorted(scores.items(), key=lambda hit: (-hit[1], hit[0]))


def lexical_weight_for(units: int) -> float:
    """The lexical weight for a query of `units` units: more for a short one (see above)."""
    return SHORT_LEXICAL_WEIGHT if units <= SHORT_QUERY_UNITS else LEXICAL_WEIGHT


def topic_penalty(gaps: np.ndarray | float) -> np.ndarray:
    """What an article loses for its category's distance from the query beyond the nearest
    category's (`gaps`, one or many): the same rule for choosing candidates and for ranking them."""
    return TOPIC_WEIGHT * np.maximum(0.0, gaps - TOPIC_MARGIN)
