"""How far a session still has to go, for the progress line and bar: plain graph arithmetic.

Counts are answers still to give, the current one included, along the branches of every tree (a
hand-over to another troubleshooter is followed, not guessed). The fewest is always known; the most
only when no loop can be reached, and the wizard only promises what is known.
"""
from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass

from common import page_cache

from .models import Branch, Node


@dataclass(frozen=True)
class Remaining:
    """The fewest and the most answers from a node to an outcome (``most`` is None when a loop is reachable)."""

    fewest: int
    most: int | None

    @property
    def exact(self) -> bool:
        return self.most == self.fewest

    @property
    def planning(self) -> int:
        """The count the bar measures against: the longest path when it is known, else the shortest."""
        return self.most if self.most is not None else self.fewest


def remaining(node: Node) -> Remaining:
    """The fewest and most answers from ``node`` to an outcome (no query once the graph is cached)."""
    edges, finishes = page_cache.memoized("troubleshooter:branch-graph", _branch_graph)
    return Remaining(_fewest(node.pk, edges, finishes), _most(node.pk, edges, finishes))


def _branch_graph() -> tuple[defaultdict[int, set[int]], set[int]]:
    """Every tree's branches, in one query: edges between questions, and the nodes one answer from
    an outcome. Kept until a tree, node or branch changes (common.page_cache)."""
    edges: defaultdict[int, set[int]] = defaultdict(set)
    finishes: set[int] = set()
    for source, target, kind in Branch.objects.values_list("node_id", "target_id", "target__kind"):
        if kind == Node.Kind.OUTCOME:
            finishes.add(source)
        else:
            edges[source].add(target)
    return edges, finishes


def _fewest(start: int, edges: dict[int, set[int]], finishes: set[int]) -> int:
    distance = {start: 1}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        if current in finishes:
            return distance[current]
        for target in edges[current]:
            if target not in distance:
                distance[target] = distance[current] + 1
                queue.append(target)
    return 1  # validation keeps every node able to finish; a broken tree still gets a sane bar


def _most(start: int, edges: dict[int, set[int]], finishes: set[int]) -> int | None:
    """The longest path to an outcome, or None when a loop can be reached (then no bound is honest)."""
    longest: dict[int, int] = {}
    on_path: set[int] = set()

    def visit(node_id: int) -> int | None:
        if node_id in longest:
            return longest[node_id]
        if node_id in on_path:
            return None
        on_path.add(node_id)
        best = 1 if node_id in finishes or not edges[node_id] else 0
        for target in edges[node_id]:
            further = visit(target)
            if further is None:
                return None
            best = max(best, further + 1)
        on_path.discard(node_id)
        longest[node_id] = best
        return best

    return visit(start)


def describe(step_number: int, left: Remaining) -> str:
    """The progress line, always in one wording: the question's number, then how many answers are left
    counting this one, as a count, a range or a lower bound, whichever the tree's shape can promise.

    "Question 3 · 1 question left, counting this one" / "2 questions left" / "2 to 8 questions left" /
    "at least 3 questions left" (when a loop can be reached, no upper bound is honest).
    """
    if left.exact:
        count = f"{left.fewest} question{'s' if left.fewest != 1 else ''}"
    elif left.most is not None:
        count = f"{left.fewest} to {left.most} questions"
    else:
        count = f"at least {left.fewest} question{'s' if left.fewest != 1 else ''}"
    return f"Question {step_number} · {count} left, counting this one"
