"""Result diversification by category (pure, no database): the first results shown are not all of one kind.

When the first SLOT results all come from one category and the best article of another category
scores within MARGIN of the result in the last of those places, that article takes the last
place and the others move down one. This is the simplest form of diversification in information
retrieval (xQuAD, MMR): a query ambiguous between two subjects shows the best answer of each.

Why here: with 10,000 documentation articles beside a support desk's FAQ, a query such as "login
code keeps failing" is as much Django's as an SMS provider's, the category prior (faq.search.fusion)
cannot tell them apart, and the documentation fills the first three places while the FAQ's answer
waits just below. A customer who sees one answer of each kind can pick theirs. A knowledge base of
one category is never reordered. The "categories" search passes are its topics (faq.search.semantic):
the editors' categories, but a category of hundreds of articles split by content (faq.search.topics),
so a support desk's answers imported into one category with 10,000 other pages still count as a
kind of their own. The constants were chosen on the tuning half of evaluation/search
(see README, "Relevance: how it is measured").
"""
from __future__ import annotations

from collections.abc import Mapping

from .types import Hit

SLOT = 3
# Seed import + 10,000 documentation articles, tuning half: the seed's top-three rate rises with the
# margin up to 0.15 and stays level to 0.3; the default content's gains one query from 0.2.
MARGIN = 0.2


def diversify_by_category(
    ranked: list[Hit], category_of: Mapping[int, int], *, slot: int = SLOT, margin: float = MARGIN
) -> list[Hit]:
    """`ranked` (best first) with the best article of a second category moved up to place `slot`
    when the first `slot` articles share one category and it scores within `margin` of the
    article in place `slot`; otherwise `ranked` unchanged. Articles of no known category count
    as a category of their own neither way: they are never moved and never make the first places mixed.

    The moved article keeps its own score, so scores are no longer in order from that place on.
    """
    if len(ranked) <= slot:
        return ranked
    leading = {category_of.get(pk) for pk, _ in ranked[:slot]}
    if len(leading) != 1 or None in leading:
        return ranked
    (category,) = leading
    floor = ranked[slot - 1][1] - margin
    for position in range(slot, len(ranked)):
        pk, score = ranked[position]
        if score < floor:
            break  # best first: nothing further down is close enough
        other = category_of.get(pk)
        if other is not None and other != category:
            return [*ranked[: slot - 1], ranked[position], *ranked[slot - 1 : position], *ranked[position + 1 :]]
    return ranked
