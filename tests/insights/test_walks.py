"""Replaying one session's steps: what it reached, how it left each node, where it went back and stopped."""
from datetime import UTC, datetime, timedelta

from insights.walks import StepRow, replay

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
A, B, C, OUT = ("t", "a"), ("t", "b"), ("t", "c"), ("t", "out")


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_a_straight_walk_reaches_every_node_once_and_times_the_outcome():
    steps = [StepRow(A, 1, at(1), None), StepRow(B, 2, at(3), None)]
    walk = replay(A, steps, OUT, finished=True, created_at=T0, now=at(600))
    assert walk.reached == {A, B, OUT}
    assert walk.answered == {A, B}
    assert walk.edges == {(A, B), (B, OUT)}
    assert walk.went_back == set()
    assert walk.abandoned_at is None
    assert walk.outcome_seconds == 180


def test_back_counts_where_the_customer_stood_and_both_ways_out():
    # A answered to B; Back at B drops that answer; A answered again, now to C, which finishes.
    steps = [StepRow(A, 1, at(1), at(2), target=B), StepRow(A, 1, at(3), None)]
    walk = replay(A, steps, C, finished=False, created_at=T0, now=at(10))
    assert walk.went_back == {B}
    assert walk.edges == {(A, B), (A, C)}
    assert walk.reached == {A, B, C}
    assert walk.abandoned_at is None  # seven minutes idle is not yet giving up


def test_a_node_whose_way_out_cannot_be_told_counts_no_exit_and_no_went_back():
    # B's answer was dropped by a restart before any later step showed where it led, and it names no target.
    steps = [StepRow(A, 1, at(1), at(5)), StepRow(B, 2, at(2), at(5))]
    walk = replay(A, steps, A, finished=False, created_at=T0, now=at(6))
    assert walk.edges == {(A, B)}
    assert walk.went_back == set()


def test_a_restart_from_a_known_node_is_counted_there():
    steps = [StepRow(A, 1, at(1), at(5)), StepRow(B, 2, at(2), at(5), target=C)]
    walk = replay(A, steps, A, finished=False, created_at=T0, now=at(6))
    assert walk.went_back == {C}
    assert walk.edges == {(A, B), (B, C)}


def test_abandonment_starts_at_exactly_thirty_idle_minutes():
    steps = [StepRow(A, 1, at(1), None)]
    assert replay(A, steps, B, finished=False, created_at=T0, now=at(31)).abandoned_at == B
    assert replay(A, steps, B, finished=False, created_at=T0, now=at(30.99)).abandoned_at is None


def test_a_session_that_never_answered_is_abandoned_at_the_start():
    walk = replay(A, [], A, finished=False, created_at=T0, now=at(45))
    assert walk.abandoned_at == A
    assert walk.reached == {A}
    assert walk.edges == set()
