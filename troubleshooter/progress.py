"""How far a session still has to go: the fewest answers from a node to an outcome, for the progress bar."""
from __future__ import annotations

from collections import defaultdict, deque

from .models import Branch, Node


def steps_left(node: Node) -> int:
    """The fewest answers from ``node`` to an outcome, within its tree (one query).

    A hand-over to another tree counts as one more answer: the bar is a guide, not a promise.
    """
    edges: dict[int, set[int]] = defaultdict(set)
    finishing: set[int] = set()
    rows = Branch.objects.filter(node__tree_id=node.tree_id).values_list(
        "node_id", "target_id", "target__kind", "target__tree_id"
    )
    for source, target, kind, tree_id in rows:
        if kind == Node.Kind.OUTCOME or tree_id != node.tree_id:
            finishing.add(source)
        else:
            edges[source].add(target)
    distance = {node.pk: 1}
    queue = deque([node.pk])
    while queue:
        current = queue.popleft()
        if current in finishing:
            return distance[current]
        for target in edges[current]:
            if target not in distance:
                distance[target] = distance[current] + 1
                queue.append(target)
    return 1
