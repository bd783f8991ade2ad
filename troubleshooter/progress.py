"""How far a session still has to go, for the progress line and bar: plain graph arithmetic.

Counts are answers still to give, the current one included, along the branches of every tree (a
hand-over to another troubleshooter is followed, not guessed). The fewest is always known; the most
only when no loop can be reached, and the wizard only promises what is known.
"""
from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass

from common import page_cache

from .models import Tree
from .snapshots import SnapshotNode, get_snapshot
from .validation import is_cross_tree


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


def remaining(node: SnapshotNode) -> Remaining:
    """The fewest and most answers from ``node`` to an outcome, along its version's branches and, past a
    handover, the other tree's live version (no query once the live versions are cached)."""
    live = page_cache.memoized("troubleshooter:live-versions", _live_versions)
    edges, finishes = _graph(node, live)
    return Remaining(_fewest(node.pk, edges, finishes), _most(node.pk, edges, finishes))


def _live_versions() -> dict[str, int]:
    """Each live tree's slug and live version id, kept until a tree changes (common.page_cache)."""
    return dict(Tree.objects.live().values_list("slug", "live_version_id"))


def _graph(node: SnapshotNode, live: dict[str, int]) -> tuple[defaultdict[str, set[str]], set[str]]:
    """Edges between the questions reachable from ``node`` and the nodes one answer from an outcome."""
    edges: defaultdict[str, set[str]] = defaultdict(set)
    finishes: set[str] = set()
    stack, seen = [node], {node.pk}
    while stack:
        current = stack.pop()
        for branch in current.branches:
            target = _target(current, branch.next, live)
            if target is None or target.kind == "outcome":
                finishes.add(current.pk)  # a handover to nothing live ends the walk here
                continue
            edges[current.pk].add(target.pk)
            if target.pk not in seen:
                seen.add(target.pk)
                stack.append(target)
    return edges, finishes


def _target(node: SnapshotNode, next_key: str, live: dict[str, int]) -> SnapshotNode | None:
    if not is_cross_tree(next_key):
        return get_snapshot(node.version_id).node(next_key)
    slug, _, key = next_key.partition(":")
    return get_snapshot(live[slug]).node(key) if slug in live else None


def _fewest(start: str, edges: dict[str, set[str]], finishes: set[str]) -> int:
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


def _most(start: str, edges: dict[str, set[str]], finishes: set[str]) -> int | None:
    """The longest path to an outcome, or None when a loop can be reached (then no bound is honest)."""
    longest: dict[str, int] = {}
    on_path: set[str] = set()

    def visit(node_id: str) -> int | None:
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
