"""What one troubleshooting session did, read back from its steps: the funnel's raw material.

Steps record the node answered and when; back, rewind and restart keep the dropped steps with the
time they were dropped. Replaying answers and drops in time order tells which nodes the customer
reached, which way they left each one, where they went back from and where they stopped. Plain
values in, plain values out, so the rules of the funnel are tested without a database.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

# A node is named by its tree and key: a session handed over to another tree walks its nodes too.
NodeRef = tuple[str, str]

# No step for this long before an outcome: the customer gave up (the definition).
ABANDON_AFTER = timedelta(minutes=30)


@dataclass(frozen=True)
class StepRow:
    node: NodeRef
    position: int
    at: datetime
    dropped_at: datetime | None
    # Where this answer led by the tree's rules, when that can be told from the answer alone.
    target: NodeRef | None = None


@dataclass
class Walk:
    reached: set[NodeRef] = field(default_factory=set)
    answered: set[NodeRef] = field(default_factory=set)
    edges: set[tuple[NodeRef, NodeRef]] = field(default_factory=set)
    went_back: set[NodeRef] = field(default_factory=set)
    abandoned_at: NodeRef | None = None
    outcome_seconds: int | None = None


def replay(
    start: NodeRef,
    steps: Sequence[StepRow],
    current: NodeRef | None,
    *,
    finished: bool,
    created_at: datetime,
    now: datetime,
) -> Walk:
    """Replay a session's answers and drops in time order (see the module's docstring)."""
    walk = Walk(reached={start})
    events: list[tuple[datetime, int, int, StepRow]] = []
    for index, step in enumerate(steps):
        events.append((step.at, 0, index, step))
        if step.dropped_at is not None:
            events.append((step.dropped_at, 1, index, step))
    events.sort(key=lambda event: event[:3])

    cursor: NodeRef | None = start
    i = 0
    while i < len(events):
        _, kind, _, step = events[i]
        if kind == 0:
            walk.reached.add(step.node)
            walk.answered.add(step.node)
            following = events[i + 1] if i + 1 < len(events) else None
            if following is None:
                cursor = current if step.dropped_at is None else step.target
            elif following[1] == 0:
                cursor = following[3].node
            else:
                cursor = step.target
            if cursor is not None:
                walk.edges.add((step.node, cursor))
                walk.reached.add(cursor)
            i += 1
            continue
        # One back, rewind or restart drops one or more steps at (nearly) the same moment.
        group = [step]
        while i + 1 < len(events) and events[i + 1][1] == 1:
            i += 1
            group.append(events[i][3])
        if cursor is not None:
            walk.went_back.add(cursor)
        cursor = min(group, key=lambda dropped: dropped.position).node
        i += 1

    last_activity = max([created_at, *(e[0] for e in events)])
    if finished:
        answers = [step.at for step in steps]
        walk.outcome_seconds = max(0, int(((max(answers) if answers else created_at) - created_at).total_seconds()))
    elif current is not None and now - last_activity >= ABANDON_AFTER:
        walk.abandoned_at = current
    return walk

