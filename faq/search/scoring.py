"""How telling each part of a query is: pure arithmetic over index statistics, no database."""
from __future__ import annotations

import math

from .types import Unit

# A unit found in more than this share of the articles says little about which one is meant (like
# "sms" in an SMS knowledge base): when a query has rarer units too, the backends leave it out.
COMMON_FRACTION = 0.3
COMMON_MOST = 250


def informative_units(units: tuple[Unit, ...], counts: list[int], total: int) -> list[int]:
    """Indexes of the units worth matching: all but the common ones, unless every one is common.

    A unit no article contains is not rare but absent: kept alone it would match nothing, and a
    query of common words plus one unknown word ("servers in frankfurt") would find nothing at scale.
    """
    cap = common_cap(total)
    rare = [index for index, count in enumerate(counts) if 0 < count < cap and not units[index].soft]
    return rare or list(range(len(units)))


def widened_units(units: tuple[Unit, ...], counts: list[int], kept: list[int]) -> list[int]:
    """Indexes of the units left out as common that the meaning's candidates are matched and ranked on too.

    At scale a word in COMMON_MOST articles or more ("code", "users", "server" beside 10,000 pages
    of software documentation) narrows nothing, but among the meaning's 30 candidates it still
    tells the FAQ answer that contains it from the one that does not: without it, the kept rare
    word ("login") matched only Django's login forms and the FAQ's answer had no lexical score.
    Only words common at that scale: in a small knowledge base the candidates are every article,
    and widening on its merely frequent words cost the seed import two paraphrases on the tuning half.
    """
    return [index for index in range(len(units)) if index not in kept and counts[index] >= COMMON_MOST]


def common_cap(total: int) -> int:
    """How many matching articles make a unit common (engines count each unit up to this).

    A share of the articles, but never more than COMMON_MOST: a word in hundreds of articles
    does not narrow the search, and counting further would cost time on every search.
    """
    return max(3, min(int(total * COMMON_FRACTION) + 1, COMMON_MOST))


def bm25_idf(count: int, total: int) -> float:
    """How telling a unit is, from how many of the articles contain it (BM25's inverse document frequency)."""
    return math.log(1 + (total - count + 0.5) / (count + 0.5))
