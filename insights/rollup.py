"""Refresh the daily rollups (insights.models) from sessions, steps, tickets, searches and reads.

Customer sessions (never "Try this draft" previews) are counted per tree and published version.
Sessions are replayed in Python (insights.walks) while two ordered cursors stream sessions and
their steps side by side, so memory holds one session at a time and the same code runs on SQLite
and PostgreSQL. Searches and reads are grouped by the database. A refresh replaces the rows of the
days it covers, so running it again gives the same figures.
"""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, Min, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from faq.models import ArticleViews, SearchLog
from tickets.models import Ticket, TicketEvent
from troubleshooter import rules
from troubleshooter.models import ArticleRead, Branch, Node, Session, Step
from troubleshooter.snapshots import SnapshotBranch, SnapshotNode, get_snapshot

from .models import ArticleDay, EdgeDay, NodeDay, OutcomeTime, Refresh, SearchDay, TicketDay, TicketWait, TreeDay
from .walks import NodeRef, StepRow, Walk, replay

logger = logging.getLogger(__name__)

TICKET_WINDOW = timedelta(hours=24)
BATCH = 5000
# Rows per day of sessions, searches and reads; the ticket rollups are recounted whole at every refresh.
DAILY_ROLLUPS = (TreeDay, OutcomeTime, NodeDay, EdgeDay, SearchDay, ArticleDay)
ROLLUPS = (*DAILY_ROLLUPS, TicketDay, TicketWait)
# "Tickets by source": web-form tickets filed through an article's contact link count as this source.
ARTICLE_SOURCE = "article"
# What counts as an agent acting on a ticket (a customer's own message does not).
AGENT_KINDS = (TicketEvent.Kind.NOTE, TicketEvent.Kind.STATUS, TicketEvent.Kind.REPLY)


def bucket(seconds: int) -> int:
    """Round a duration down to the precision medians are shown at: 1 s under a minute, then 5 s,
    30 s past ten minutes and 5 minutes past an hour."""
    for limit, step in ((60, 1), (600, 5), (3600, 30)):
        if seconds < limit:
            return seconds - seconds % step
    return seconds - seconds % 300


class Rules:
    """Where an answer led, read from the rules of the version the step answered (its frozen
    snapshot), to tell it when no later step shows it."""

    def target(self, version_id: int | None, node: NodeRef, answer_key: str, answer_value: Any) -> NodeRef | None:
        if version_id is None:  # a step recorded before versions: its rules are gone
            return None
        found = get_snapshot(version_id).node(node[1])
        if found is None:
            return None
        for branch in found.branches:
            if self._matches(found, branch, answer_key, answer_value):
                slug, _, key = branch.next.rpartition(":")
                return (slug or found.tree.slug, key)
        return None

    @staticmethod
    def _matches(node: SnapshotNode, branch: SnapshotBranch, answer_key: str, answer_value: Any) -> bool:
        if node.kind == Node.Kind.QUESTION:
            return branch.key == answer_key
        if node.kind == Node.Kind.CHECK:
            result = answer_value.get("result") if isinstance(answer_value, dict) else None
            verdict = result.get("verdict") if isinstance(result, dict) else None
            return branch.operator == Branch.Operator.DEFAULT or (verdict is not None and branch.value == str(verdict))
        if isinstance(answer_value, dict) and "value" in answer_value:
            stored = answer_value["value"]
            try:
                # The engine stores numbers and durations parsed (seconds); a unitless duration no longer parses.
                numeric = node.input_type in ("number", "duration") and isinstance(stored, int | float)
                parsed = stored if numeric else rules.parse_value(node.input_type, str(stored))
                return rules.matches(node.input_type, branch.operator, branch.value, parsed)
            except (rules.ValueProblem, ValueError):
                return False
        return False


# What a session's figures are grouped by: its tree's slug and the number of the version it started on.
Group = tuple[str, int]


@dataclass
class _Tally:
    tree: Counter[tuple[date, Group, str]]
    times: Counter[tuple[date, Group, int]]
    nodes: Counter[tuple[date, Group, NodeRef, str]]
    edges: Counter[tuple[date, Group, NodeRef, NodeRef]]


def _range(field: str, since: date | None, until: date | None) -> Q:
    """Rows whose ``field`` falls on the UTC days from ``since`` to ``until`` (inclusive)."""
    query = Q()
    if since is not None:
        query &= Q(**{f"{field}__gte": datetime.combine(since, time.min, tzinfo=UTC)})
    if until is not None:
        query &= Q(**{f"{field}__lt": datetime.combine(until + timedelta(days=1), time.min, tzinfo=UTC)})
    return query


def session_counts(*, finished: bool, solved: bool | None, resolution: str, abandoned: bool, created_at: datetime,
                   first_ticket: datetime | None, now: datetime) -> list[str]:
    """The TreeDay counters one session adds 1 to (the definitions the dashboard states)."""
    counted = ["starts"]
    if finished:
        counted.append("completions")
        if resolution in (Node.Resolution.SOLVED, Node.Resolution.ESCALATE):
            counted.append(f"{resolution}_outcomes")
    if solved is not None:
        counted.append("marked_solved" if solved else "marked_unsolved")
    solved_outcome = finished and resolution == Node.Resolution.SOLVED
    if solved is True or (solved is None and solved_outcome and first_ticket is None):
        counted.append("self_resolved")
    if abandoned:
        counted.append("abandoned")
    if first_ticket is not None:
        counted.append("escalated")
    if now - created_at >= TICKET_WINDOW:
        counted.append("settled")
        if first_ticket is None or first_ticket - created_at > TICKET_WINDOW:
            counted.append("deflected")
    return counted


def _count(tally: _Tally, tree: Group, session: tuple[Any, ...], walk: Walk, first_ticket: datetime | None,
           now: datetime, resolution: str) -> None:
    *_, finished, solved, created_at = session
    day = created_at.astimezone(UTC).date()
    for name in session_counts(finished=finished, solved=solved, resolution=resolution,
                               abandoned=walk.abandoned_at is not None, created_at=created_at,
                               first_ticket=first_ticket, now=now):
        tally.tree[day, tree, name] += 1
    if walk.abandoned_at is not None:
        tally.nodes[day, tree, walk.abandoned_at, "abandoned"] += 1
    if walk.outcome_seconds is not None:
        tally.times[day, tree, bucket(walk.outcome_seconds)] += 1
    for node in walk.reached:
        tally.nodes[day, tree, node, "reached"] += 1
    for node in walk.answered:
        tally.nodes[day, tree, node, "answered"] += 1
    for node in walk.went_back:
        tally.nodes[day, tree, node, "went_back"] += 1
    for source, target in walk.edges:
        tally.edges[day, tree, source, target] += 1


def _sessions(since: date | None, until: date | None, now: datetime) -> _Tally:
    if connection.vendor != "postgresql":
        return _replay_sessions(since, until, now)
    # PostgreSQL plans a cursor for its first 10% of rows: ordered by id, it walked the whole session
    # index to find the last days' sessions (3 s per cursor on a million). Plan for every row instead.
    with connection.cursor() as cursor:
        cursor.execute("SET cursor_tuple_fraction = 1.0")
    try:
        return _replay_sessions(since, until, now)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET cursor_tuple_fraction")


def _replay_sessions(since: date | None, until: date | None, now: datetime) -> _Tally:
    branch_rules = Rules()
    tally = _Tally(Counter(), Counter(), Counter(), Counter())
    tickets = dict(
        Ticket.objects.filter(_range("session__created_at", since, until), session__isnull=False)
        .values("session_id").annotate(first=Min("created_at")).values_list("session_id", "first")
    )
    # "Try this draft" sessions are editors', never customers': no figure counts them.
    sessions = (
        Session.objects.filter(_range("created_at", since, until), preview=False).order_by("pk")
        .values_list("pk", "tree__slug", "version_id", "version__number", "current_version_id", "current_key",
                     "finished", "solved", "created_at")
        .iterator(chunk_size=BATCH)
    )
    steps = (
        Step.objects.filter(_range("session__created_at", since, until), session__preview=False)
        .order_by("session_id", "at", "pk")
        .values_list("session_id", "version_id", "tree_slug", "node_key", "answer_key", "answer_value", "position",
                     "at", "dropped_at")
        .iterator(chunk_size=BATCH)
    )
    pending = next(steps, None)
    for session in sessions:
        session_id, tree, version_id, number, current_version_id, current_key, finished, _, created_at = session
        rows: list[StepRow] = []
        # Both cursors are ordered by session id: skip steps of sessions outside the range.
        while pending is not None and pending[0] < session_id:
            pending = next(steps, None)
        while pending is not None and pending[0] == session_id:
            _, step_version, step_tree, key, answer_key, answer_value, position, at, dropped_at = pending
            node = (step_tree, key)
            rows.append(StepRow(node, position, at, dropped_at,
                                branch_rules.target(step_version, node, answer_key, answer_value)))
            pending = next(steps, None)
        current, resolution = None, ""
        if current_version_id and current_key:
            where = get_snapshot(current_version_id)
            current = (where.tree.slug, current_key)
            found = where.node(current_key)
            resolution = found.resolution if found is not None else ""
        start_key = get_snapshot(version_id).start_key
        walk = replay((tree, start_key), rows, current, finished=finished, created_at=created_at, now=now)
        _count(tally, (tree, number or 0), session, walk, tickets.get(session_id), now, resolution)
    return tally


def _save_sessions(tally: _Tally) -> None:
    trees: dict[tuple[date, Group], TreeDay] = {}
    for (day, (tree, number), name), value in tally.tree.items():
        row = trees.setdefault((day, (tree, number)), TreeDay(day=day, tree_slug=tree, version=number))
        setattr(row, name, value)
    TreeDay.objects.bulk_create(trees.values(), batch_size=BATCH)
    OutcomeTime.objects.bulk_create(
        (OutcomeTime(day=day, tree_slug=tree, version=number, seconds=seconds, sessions=n)
         for (day, (tree, number), seconds), n in tally.times.items()),
        batch_size=BATCH,
    )
    nodes: dict[tuple[date, Group, NodeRef], NodeDay] = {}
    for (day, (tree, number), node, name), value in tally.nodes.items():
        node_row = nodes.setdefault((day, (tree, number), node), NodeDay(
            day=day, tree_slug=tree, version=number, node_tree=node[0], node_key=node[1]))
        setattr(node_row, name, value)
    NodeDay.objects.bulk_create(nodes.values(), batch_size=BATCH)
    EdgeDay.objects.bulk_create(
        (EdgeDay(day=day, tree_slug=tree, version=number, node_tree=a[0], node_key=a[1], target_tree=b[0],
                 target_key=b[1], sessions=n)
         for (day, (tree, number), a, b), n in tally.edges.items()),
        batch_size=BATCH,
    )


def search_deflection(now: datetime) -> tuple[Q, Q]:
    """Which searches are settled and which deflected (the definitions the dashboard states).

    Settled: searches made on the search page (the API's have no contact link to follow) at least
    24 hours before ``now``. Deflected: settled ones whose results page led to no ticket within 24
    hours (``SearchLog.ticket_at``, see faq.search.followup).
    """
    settled = Q(source=SearchLog.Source.PAGE, created_at__lte=now - TICKET_WINDOW)
    no_ticket = Q(ticket_at__isnull=True) | Q(ticket_at__gt=F("created_at") + TICKET_WINDOW)
    return settled, settled & no_ticket


def _searches(since: date | None, until: date | None, now: datetime) -> None:
    settled, deflected = search_deflection(now)
    rows = (
        SearchLog.objects.filter(_range("created_at", since, until))
        .annotate(day=TruncDate("created_at")).values("day", "query")
        .annotate(searches=Count("pk"), zero=Count("pk", filter=Q(result_count=0)),
                  no_click=Count("pk", filter=Q(clicked_article__isnull=True)),
                  settled=Count("pk", filter=settled), deflected=Count("pk", filter=deflected))
        .order_by()
    )
    SearchDay.objects.bulk_create(
        (SearchDay(day=r["day"], query=r["query"], searches=r["searches"], zero_results=r["zero"],
                   no_click=r["no_click"], settled=r["settled"], deflected=r["deflected"])
         for r in rows.iterator(chunk_size=BATCH)),
        batch_size=BATCH,
    )


def read_deflection(day: date, reads: int, tickets: int, now: datetime) -> tuple[int, int]:
    """(settled, deflected) for one article's reads on one day (the definitions the dashboard states).

    Reads are counted per article and day, not per visitor (faq.view_counts), so which read a ticket
    followed is not known: tickets filed through the article's contact link on a day are set against
    that day's reads. Settled: the day's reads once the day ended at least 24 hours before ``now``, so
    every read is 24 hours old. Deflected: settled reads less those tickets (never below nothing).
    """
    if datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC) + TICKET_WINDOW > now:
        return 0, 0
    return reads, max(0, reads - tickets)


def _reads(since: date | None, until: date | None, now: datetime) -> None:
    counts: Counter[tuple[date, int, str]] = Counter()
    searches = (
        SearchLog.objects.filter(_range("clicked_at", since, until), clicked_article__isnull=False)
        .annotate(day=TruncDate("clicked_at")).values("day", "clicked_article_id").annotate(n=Count("pk")).order_by()
    )
    for row in searches:
        counts[row["day"], row["clicked_article_id"], "from_search"] += row["n"]
    reads = (
        ArticleRead.objects.filter(_range("opened_at", since, until))
        .annotate(day=TruncDate("opened_at")).values("day", "article_id").annotate(n=Count("pk")).order_by()
    )
    for read in reads:
        counts[read["day"], read["article_id"], "from_troubleshooter"] += read["n"]
    filed = (
        Ticket.objects.filter(_range("created_at", since, until), from_article__isnull=False)
        .annotate(day=TruncDate("created_at")).values("day", "from_article_id").annotate(n=Count("pk")).order_by()
    )
    for ticket in filed:
        counts[ticket["day"], ticket["from_article_id"], "tickets"] += ticket["n"]
    views = ArticleViews.objects.filter(_days(since, until)).values_list("day", "article_id", "views")
    for day, article, n in views.iterator(chunk_size=BATCH):
        settled, deflected = read_deflection(day, n, counts[day, article, "tickets"], now)
        counts[day, article, "reads_settled"] += settled
        counts[day, article, "reads_deflected"] += deflected
    rows: dict[tuple[date, int], ArticleDay] = {}
    for (day, article, name), value in counts.items():
        setattr(rows.setdefault((day, article), ArticleDay(day=day, article_id=article)), name, value)
    ArticleDay.objects.bulk_create(rows.values(), batch_size=BATCH)


def _tickets(since: date | None, until: date | None) -> None:
    counts: Counter[tuple[date, str, str, str, str]] = Counter()
    waits: Counter[tuple[date, int]] = Counter()
    rows = (
        Ticket.objects.filter(_range("created_at", since, until))
        .annotate(first=Min("events__at", filter=Q(events__kind__in=AGENT_KINDS)))
        .values_list("created_at", "source", "from_article_id", "tree_slug", "outcome", "status", "first")
    )
    for created_at, channel, from_article, tree, outcome, status, first in rows.iterator(chunk_size=BATCH):
        day = created_at.astimezone(UTC).date()
        source = ARTICLE_SOURCE if channel == Ticket.Source.WEB and from_article is not None else channel
        counts[day, source, tree, outcome, status] += 1
        if first is not None:
            waits[day, bucket(max(0, int((first - created_at).total_seconds())))] += 1
    TicketDay.objects.bulk_create(
        (TicketDay(day=day, source=source, tree_slug=tree, outcome=outcome, status=status, tickets=n)
         for (day, source, tree, outcome, status), n in counts.items()), batch_size=BATCH)
    TicketWait.objects.bulk_create(
        (TicketWait(day=day, seconds=seconds, tickets=n) for (day, seconds), n in waits.items()), batch_size=BATCH)


def _days(since: date | None, until: date | None) -> Q:
    """Rows whose ``day`` (a date) is from ``since`` to ``until`` (inclusive)."""
    days = Q()
    if since is not None:
        days &= Q(day__gte=since)
    if until is not None:
        days &= Q(day__lte=until)
    return days


def _clear(since: date | None, until: date | None) -> None:
    for model in DAILY_ROLLUPS:
        model.objects.filter(_days(since, until)).delete()


def refresh(since: date | None = None, until: date | None = None, now: datetime | None = None) -> None:
    """Recompute the rollups of the days from ``since`` to ``until`` (inclusive; None = no limit)."""
    now = now or timezone.now()
    tally = _sessions(since, until, now)
    with transaction.atomic():
        _one_at_a_time()
        _clear(since, until)
        _save_sessions(tally)
        _searches(since, until, now)
        _reads(since, until, now)
        # A ticket's status changes long after it was filed, and tickets are few: always recount them all.
        TicketDay.objects.all().delete()
        TicketWait.objects.all().delete()
        _tickets(None, None)
        Refresh.objects.all().delete()
        Refresh.objects.create(finished_at=now)
    _tidy()


# Any constant of our own: the key of the PostgreSQL advisory lock that serialises refreshes.
_REFRESH_LOCK = 0x57A7_1E5


def _one_at_a_time() -> None:
    """Wait, inside the refresh's transaction, until no other refresh is running.

    Cron's ``refresh_insights``, a job the dashboard queued (insights.auto_refresh) and a second job
    after a lapsed claim can overlap. Each deletes then inserts its days' rows; under READ COMMITTED
    one's DELETE cannot see the other's uncommitted inserts, so both sets were kept and the figures
    doubled (ArticleDay and TicketDay have no unique key to stop it). Holding the lock until commit
    makes the second start its DELETE after the first committed. SQLite allows one writer anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_REFRESH_LOCK])


def _tidy() -> None:
    """On PostgreSQL, clear the rows a refresh replaced and update the planner's statistics.

    Measured: right after a full refresh the 90-day overview read four times the rows it needed
    (dead ones) with estimates a thousand times too low, 0.4 s instead of 0.07 s for the medians.
    VACUUM cannot run inside a transaction, so it is skipped there (tests, callers' atomic blocks).
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in ROLLUPS)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {tables}")
