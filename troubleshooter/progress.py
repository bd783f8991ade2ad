"""How far a session still has to go: the fewest answers from a node to an outcome, for the progress bar."""
from __future__ import annotations

from collections import defaultdict, deque

from .models import Branch, Node

HANDOVER_COST = 2


def steps_left(node: Node) -> int:
    """The fewest answers from ``node`` to an outcome, within its tree (one query).

    A hand-over to another tree is counted as two more answers: the bar is a guide, not a promise.
    """
    edges: dict[int, set[int]] = defaultdict(set)
    finish_cost: dict[int, int] = {}
    rows = Branch.objects.filter(node__tree_id=node.tree_id).values_list(
        "node_id", "target_id", "target__kind", "target__tree_id"
    )
    for source, target, kind, tree_id in rows:
        if tree_id != node.tree_id:
            finish_cost[source] = min(finish_cost.get(source, HANDOVER_COST), HANDOVER_COST)
        elif kind == Node.Kind.OUTCOME:
            finish_cost[source] = 0
        else:
            edges[source].add(target)
    distance = {node.pk: 1}
    queue = deque([node.pk])
    best = None
    while queue:
        current = queue.popleft()
        if best is not None and distance[current] >= best:
            break
        if current in finish_cost:
            total = distance[current] + finish_cost[current]
            best = total if best is None else min(best, total)
        for target in edges[current]:
            if target not in distance:
                distance[target] = distance[current] + 1
                queue.append(target)
    return best or 1
