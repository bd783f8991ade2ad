"""The dashboard's figures for a period and the one before it, read from the rollups and tickets.

Each function returns plain values and ``Table`` rows; the views only choose which to show. Every
query covers both periods at once (conditional sums), so a page costs the same few queries
whatever its range.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from faq.models import Article, ArticleViews, Vote
from tickets.models import Ticket
from troubleshooter.models import Tree, TreeVersion
from troubleshooter.snapshots import get_snapshot

from .models import ArticleDay, EdgeDay, NodeDay, OutcomeTime, Refresh, SearchDay, TicketDay, TicketWait, TreeDay
from .periods import Period
from .rollup import ARTICLE_SOURCE
from .tables import Rate, Table
from .walks import NodeRef

TREE_FIELDS = ("starts", "completions", "solved_outcomes", "escalate_outcomes", "marked_solved", "marked_unsolved",
               "self_resolved", "abandoned", "escalated", "settled", "deflected")
TOP = 20
ERROR_CODE = re.compile(r"(?<!\d)(\d{4,5})(?!\d)")


@dataclass(frozen=True)
class Both:
    """A figure now and in the period before."""

    now: Any
    before: Any


def _both_sums(model, period: Period, fields: tuple[str, ...], group: str | None = None,
               day: str = "day", **filters: Any):
    before = period.before()
    sums = {}
    for name in fields:
        sums[f"{name}__now"] = Sum(name, filter=Q(**{f"{day}__gte": period.start}), default=0)
        sums[f"{name}__before"] = Sum(name, filter=Q(**{f"{day}__lte": before.end}), default=0)
    query = model.objects.filter(**{f"{day}__gte": before.start, f"{day}__lte": period.end}, **filters)
    if group is None:
        return query.aggregate(**sums)
    return query.values(group).annotate(**sums).order_by(group)


def _instant(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _within(field: str, start: date, end: date) -> Q:
    """``field`` (a date-time) on the UTC days from ``start`` to ``end`` inclusive, as an indexable range."""
    return Q(**{f"{field}__gte": _instant(start), f"{field}__lt": _instant(end + timedelta(days=1))})


def refreshed_at():
    row = Refresh.objects.order_by("-finished_at").first()
    return row.finished_at if row else None


def tree_titles() -> dict[str, str]:
    return dict(Tree.objects.values_list("slug", "title"))


# --- headline and troubleshooters ----------------------------------------------------------------


def headline(period: Period) -> dict[str, Both]:
    sums = _both_sums(TreeDay, period, TREE_FIELDS)
    searches = _both_sums(SearchDay, period, ("settled", "deflected"))
    reads = _both_sums(ArticleDay, period, ("reads_settled", "reads_deflected"))
    figures = {}
    for when in ("now", "before"):
        starts = sums[f"starts__{when}"]
        settled, deflected = sums[f"settled__{when}"], sums[f"deflected__{when}"]
        searches_settled, searches_deflected = searches[f"settled__{when}"], searches[f"deflected__{when}"]
        reads_settled, reads_deflected = reads[f"reads_settled__{when}"], reads[f"reads_deflected__{when}"]
        figures[when] = {
            "sessions": starts,
            "resolution": Rate(sums[f"self_resolved__{when}"], starts),
            "escalation": Rate(sums[f"escalated__{when}"], starts),
            "abandonment": Rate(sums[f"abandoned__{when}"], starts),
            # Self-service visits: troubleshooter sessions, search-page searches and article reads.
            "deflection": Rate(deflected + searches_deflected + reads_deflected,
                               settled + searches_settled + reads_settled),
            "session_deflection": Rate(deflected, settled),
            "search_deflection": Rate(searches_deflected, searches_settled),
            "read_deflection": Rate(reads_deflected, reads_settled),
        }
    return {name: Both(figures["now"][name], figures["before"][name]) for name in figures["now"]}


def _median_seconds(counts: Counter[int]) -> int | None:
    total = sum(counts.values())
    if not total:
        return None
    # The lower median of the multiset {seconds × sessions}, so it is always a time a session took.
    middle, seen = (total + 1) // 2, 0
    for seconds in sorted(counts):
        seen += counts[seconds]
        if seen >= middle:
            return seconds
    return None


def outcome_medians(period: Period) -> dict[str, Both]:
    before = period.before()
    counts: dict[tuple[str, str], Counter[int]] = {}
    rows = (OutcomeTime.objects.filter(day__gte=before.start, day__lte=period.end)
            .values_list("tree_slug", "seconds").annotate(
                now=Sum("sessions", filter=Q(day__gte=period.start), default=0),
                before=Sum("sessions", filter=Q(day__lte=before.end), default=0)).order_by())
    for tree, seconds, now, earlier in rows:
        counts.setdefault((tree, "now"), Counter())[seconds] += now
        counts.setdefault((tree, "before"), Counter())[seconds] += earlier
    trees = {tree for tree, _ in counts}
    return {tree: Both(_median_seconds(counts.get((tree, "now"), Counter())),
                       _median_seconds(counts.get((tree, "before"), Counter()))) for tree in trees}


def duration(seconds: int | None) -> str:
    if seconds is None:
        return "–"
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes} min {seconds:02d} s" if minutes else f"{seconds} s"


def troubleshooters(period: Period) -> Table:
    titles = tree_titles()
    medians = outcome_medians(period)
    table = Table("troubleshooters", "Troubleshooters: sessions started in the period", [
        "Troubleshooter", "Starts", "Starts before", "Completions", "Completions before",
        "Solved outcomes", "Solved outcomes before", "Escalate outcomes", "Escalate outcomes before",
        "Marked solved", "Marked solved before", "Abandoned", "Abandoned before",
        "Resolution rate", "Resolution rate before", "Median time to outcome", "Median time to outcome before",
    ], chart_column=1)
    for row in _both_sums(TreeDay, period, TREE_FIELDS, group="tree_slug"):
        tree = row["tree_slug"]
        time = medians.get(tree, Both(None, None))
        table.rows.append([
            titles.get(tree, tree), row["starts__now"], row["starts__before"], row["completions__now"],
            row["completions__before"], row["solved_outcomes__now"], row["solved_outcomes__before"],
            row["escalate_outcomes__now"], row["escalate_outcomes__before"], row["marked_solved__now"],
            row["marked_solved__before"], row["abandoned__now"], row["abandoned__before"],
            Rate(row["self_resolved__now"], row["starts__now"]),
            Rate(row["self_resolved__before"], row["starts__before"]),
            duration(time.now), duration(time.before),
        ])
    table.rows.sort(key=lambda row: -row[1])
    return table


# --- one troubleshooter's funnel and traffic ------------------------------------------------------


@dataclass
class NodeFigures:
    node: NodeRef
    kind: str
    label: str
    reached: Both
    answered: Both
    went_back: Both
    abandoned: Both
    exits: list[tuple[NodeRef, Both]]

    @property
    def drop_off(self) -> Rate:
        return Rate(self.abandoned.now, self.reached.now)


def published_versions(tree: Tree) -> list[TreeVersion]:
    """The tree's published versions, newest first (previews are never published, so never shown)."""
    return list(TreeVersion.objects.filter(tree=tree, number__isnull=False).order_by("-number")
                .only("pk", "number", "created_at", "note", "tree_id"))


def versions_table(tree: Tree, versions: list[TreeVersion], period: Period) -> Table:
    """One row per published version with sessions in the period (and the live one): a change's effect."""
    table = Table(f"versions-{tree.slug}", f"Versions of “{tree.title}”: sessions started in the period, by the "
                  "version they started on", [
                      "Version", "Published", "Starts", "Completions", "Solved outcomes", "Escalate outcomes",
                      "Marked solved", "Abandoned", "Escalated", "Resolution rate", "Escalation rate",
                      "Median time to outcome"],
                  chart_column=2, note="Sessions stay on the version they started on; “Try this draft” previews "
                  "are never counted.")
    rows: Any = TreeDay.objects.filter(tree_slug=tree.slug, day__gte=period.start, day__lte=period.end).values(
        "version").annotate(**{name: Sum(name, default=0) for name in TREE_FIELDS}).order_by()
    sums: dict[int, dict[str, Any]] = {row["version"]: row for row in rows}
    times: dict[int, Counter[int]] = {}
    for number, seconds, n in OutcomeTime.objects.filter(
            tree_slug=tree.slug, day__gte=period.start, day__lte=period.end).values_list(
            "version", "seconds").annotate(n=Sum("sessions")).order_by():
        times.setdefault(number, Counter())[seconds] += n
    by_number = {version.number or 0: version for version in versions}
    live = [version.number or 0 for version in versions if version.pk == tree.live_version_id]
    for number in sorted({*sums, *live}, reverse=True):
        row = sums.get(number, {})
        version = by_number.get(number)
        name = f"v{number}" + (" (live)" if version is not None and version.pk == tree.live_version_id else "")
        starts = row.get("starts", 0)
        table.rows.append([
            name if number else "(before versions)", f"{version.created_at:%Y-%m-%d}" if version else "",
            starts, row.get("completions", 0), row.get("solved_outcomes", 0), row.get("escalate_outcomes", 0),
            row.get("marked_solved", 0), row.get("abandoned", 0), row.get("escalated", 0),
            Rate(row.get("self_resolved", 0), starts), Rate(row.get("escalated", 0), starts),
            duration(_median_seconds(times.get(number, Counter()))),
        ])
    return table


def funnel(tree: Tree, period: Period, version: TreeVersion | None) -> list[NodeFigures]:
    """Every node the version's sessions reached (or could reach), in the version's order, with its exits.

    The nodes come from the version's snapshot, not the draft, so the funnel shows what customers walked.
    """
    nodes: dict[NodeRef, NodeFigures] = {}
    if version is None:
        return []
    empty = Both(0, 0)
    for node in get_snapshot(version.pk).nodes.values():
        ref = (tree.slug, node.key)
        nodes[ref] = NodeFigures(ref, node.kind, node.title or node.key, empty, empty, empty, empty, [])
    before = period.before()
    names = ("reached", "answered", "went_back", "abandoned")
    sums = {f"{name}__{when}": Sum(name, filter=Q(day__gte=period.start) if when == "now" else Q(day__lte=before.end),
                                   default=0) for name in names for when in ("now", "before")}
    days = {"day__gte": before.start, "day__lte": period.end, "tree_slug": tree.slug, "version": version.number}
    rows: Any = NodeDay.objects.filter(**days).values("node_tree", "node_key").annotate(**sums).order_by()
    for row in rows:
        ref = (row["node_tree"], row["node_key"])
        figures = nodes.setdefault(ref, NodeFigures(ref, "", f"{ref[0]}: {ref[1]}", empty, empty, empty, empty, []))
        for name in names:
            setattr(figures, name, Both(row[f"{name}__now"], row[f"{name}__before"]))
    for edge in EdgeDay.objects.filter(**days).values("node_tree", "node_key", "target_tree", "target_key").annotate(
            now=Sum("sessions", filter=Q(day__gte=period.start), default=0),
            before=Sum("sessions", filter=Q(day__lte=before.end), default=0)).order_by():
        source = (edge["node_tree"], edge["node_key"])
        if source in nodes:
            nodes[source].exits.append(((edge["target_tree"], edge["target_key"]), Both(edge["now"], edge["before"])))
    for figures in nodes.values():
        figures.exits.sort(key=lambda exit: -exit[1].now)
    return list(nodes.values())


def funnel_table(tree: Tree, rows: list[NodeFigures], version: TreeVersion | None = None) -> Table:
    shown = f" v{version.number}" if version is not None else ""
    table = Table(f"funnel-{tree.slug}", f"Funnel of “{tree.title}”{shown}: sessions started in the period", [
        "Node", "Reached", "Reached before", "Left to", "Left", "Left before", "Went back", "Went back before",
        "Abandoned there", "Abandoned there before", "Drop-off",
    ], note="The traffic map above is this table's chart.")
    for node in rows:
        table.rows.append([node.label, node.reached.now, node.reached.before, "", node.answered.now,
                           node.answered.before, node.went_back.now, node.went_back.before,
                           node.abandoned.now, node.abandoned.before, node.drop_off])
        for target, counts in node.exits:
            name = target[1] if target[0] == tree.slug else f"{target[0]}: {target[1]}"
            table.rows.append([f"{node.label} →", "", "", name, counts.now, counts.before, "", "", "", "", ""])
    return table


def graph_edges(tree: Tree, version: TreeVersion | None) -> list[tuple[NodeRef, NodeRef, str]]:
    """The version's ways out as (from, to, label), merged when several lead to the same node."""
    edges: dict[tuple[NodeRef, NodeRef], list[str]] = {}
    if version is None:
        return []
    for node in get_snapshot(version.pk).nodes.values():
        for branch in node.branches:
            slug, _, key = branch.next.rpartition(":")
            edges.setdefault(((tree.slug, node.key), (slug or tree.slug, key)), []).append(branch.label or branch.key)
    return [(source, target, " / ".join(labels)) for (source, target), labels in edges.items()]


# --- articles -------------------------------------------------------------------------------------


def articles(period: Period) -> Table:
    before = period.before()
    views = {row["article_id"]: row for row in _both_sums(ArticleViews, period, ("views",), group="article_id")}
    sources = {row["article_id"]: row for row in _both_sums(
        ArticleDay, period, ("from_search", "from_troubleshooter", "tickets", "reads_settled", "reads_deflected"),
        group="article_id")}
    votes = {row["article_id"]: row for row in Vote.objects.filter(
        _within("created_at", before.start, period.end)).values("article_id").annotate(
        yes=Count("pk", filter=Q(helpful=True, created_at__gte=_instant(period.start))),
        no=Count("pk", filter=Q(helpful=False, created_at__gte=_instant(period.start))),
        yes_before=Count("pk", filter=Q(helpful=True, created_at__lt=_instant(period.start))),
        no_before=Count("pk", filter=Q(helpful=False, created_at__lt=_instant(period.start)))).order_by()}
    tickets = tickets_after_reading(period)
    table = Table("articles", "Articles: views, votes and where readers came from", [
        "Article", "Views", "Views before", "Helpful yes", "Helpful no", "Helpful ratio", "Helpful ratio before",
        "From search", "From search before", "From troubleshooters", "From troubleshooters before",
        "Tickets after reading", "Tickets from its page", "Reads deflected", "To review",
    ], chart_column=1, note="“Tickets after reading”: tickets whose customer had opened the article (from its "
                            "page or a troubleshooting session). “Tickets from its page”: filed through its "
                            "“Contact support” link. “Reads deflected” is defined on the overview.")
    for pk, title, slug in Article.objects.values_list("pk", "title", "slug").order_by("title"):
        v, s = views.get(pk, {}), sources.get(pk, {})
        vote: Any = votes.get(pk, {})
        yes, no = vote.get("yes", 0), vote.get("no", 0)
        ratio = Rate(yes, yes + no)
        filed = tickets.get(slug, 0)
        review = []
        if yes + no >= 5 and (ratio.value or 0) < 0.5:
            review.append("low helpfulness")
        if filed >= 3:
            review.append("read, then a ticket")
        table.rows.append([title, v.get("views__now", 0), v.get("views__before", 0), yes, no, ratio,
                           Rate(vote.get("yes_before", 0), vote.get("yes_before", 0) + vote.get("no_before", 0)),
                           s.get("from_search__now", 0), s.get("from_search__before", 0),
                           s.get("from_troubleshooter__now", 0), s.get("from_troubleshooter__before", 0),
                           filed, s.get("tickets__now", 0),
                           Rate(s.get("reads_deflected__now", 0), s.get("reads_settled__now", 0)),
                           ", ".join(review)])
    table.rows.sort(key=lambda row: -row[1])
    return table


def tickets_after_reading(period: Period) -> Counter[str]:
    """Tickets filed in the period per article the customer had opened before filing."""
    counts: Counter[str] = Counter()
    for opened in Ticket.objects.filter(_within("created_at", period.start, period.end)).exclude(
            articles=[]).values_list("articles", flat=True):
        for article in opened or []:
            if isinstance(article, dict) and article.get("slug"):
                counts[article["slug"]] += 1
    return counts


def no_votes(period: Period) -> Table:
    table = Table("no-votes", "“No” votes with a comment (latest first)", ["When", "Article", "Comment"])
    for at, title, comment in Vote.objects.filter(
            _within("created_at", period.start, period.end), helpful=False).exclude(
            comment="").order_by("-created_at").values_list("created_at", "article__title", "comment")[:TOP]:
        table.rows.append([f"{at:%Y-%m-%d %H:%M}", title, comment])
    return table


# --- search ---------------------------------------------------------------------------------------


def search_headline(period: Period) -> dict[str, Both]:
    sums = _both_sums(SearchDay, period, ("searches", "zero_results", "no_click", "settled", "deflected"))
    return {
        "ticketed": Both(Rate(sums["settled__now"] - sums["deflected__now"], sums["settled__now"]),
                         Rate(sums["settled__before"] - sums["deflected__before"], sums["settled__before"])),
        "searches": Both(sums["searches__now"], sums["searches__before"]),
        "zero": Both(Rate(sums["zero_results__now"], sums["searches__now"]),
                     Rate(sums["zero_results__before"], sums["searches__before"])),
        "no_click": Both(Rate(sums["no_click__now"], sums["searches__now"]),
                         Rate(sums["no_click__before"], sums["searches__before"])),
    }


def top_queries(period: Period, *, failed: bool) -> Table:
    before = period.before()
    query = SearchDay.objects.filter(day__gte=before.start, day__lte=period.end)
    if failed:
        query = query.filter(zero_results__gt=0)
    rows = query.values("query").annotate(
        now=Sum("searches", filter=Q(day__gte=period.start), default=0),
        before=Sum("searches", filter=Q(day__lte=before.end), default=0),
        zero=Sum("zero_results", filter=Q(day__gte=period.start), default=0),
        no_click=Sum("no_click", filter=Q(day__gte=period.start), default=0),
    ).filter(now__gt=0).order_by("-zero" if failed else "-now", "query")[:TOP]
    name, caption = ("failed-queries", "Top failed queries (found nothing)") if failed else (
        "top-queries", "Top queries")
    table = Table(name, caption, ["Query", "Searches", "Searches before", "Found nothing", "No click",
                                  "No-click rate"], chart_column=1)
    for row in rows:
        table.rows.append([row["query"], row["now"], row["before"], row["zero"], row["no_click"],
                           Rate(row["no_click"], row["now"])])
    return table


# --- tickets --------------------------------------------------------------------------------------


def _tickets_by(period: Period, field: str, name: str, caption: str, label, note: str = "") -> Table:
    rows = sorted(_both_sums(TicketDay, period, ("tickets",), group=field),
                  key=lambda row: (-row["tickets__now"], row[field]))
    table = Table(name, caption, [caption.split(" by ")[-1].capitalize(), "Tickets", "Tickets before"], chart_column=1,
                  note=note)
    for row in rows:
        table.rows.append([label(row[field]), row["tickets__now"], row["tickets__before"]])
    return table


def tickets(period: Period) -> list[Table]:
    titles = tree_titles()
    sources = {**dict(Ticket.Source.choices), ARTICLE_SOURCE: "Web form, from an article"}
    statuses = dict(Ticket.Status.choices)
    tables = [
        _tickets_by(period, "source", "tickets-source", "Tickets by source", lambda v: sources.get(v, v),
                    note="“Web form, from an article”: filed through an article's “Contact support” link; "
                         "“Web form”: every other ticket from the web form."),
        _tickets_by(period, "tree_slug", "tickets-tree", "Tickets by troubleshooter",
                    lambda v: titles.get(v, v) if v else "(no troubleshooter)"),
        _tickets_by(period, "outcome", "tickets-outcome", "Tickets by outcome", lambda v: v or "(no outcome reached)"),
        _tickets_by(period, "status", "tickets-status", "Tickets by status", lambda v: statuses.get(v, v)),
    ]
    codes = Table("tickets-error-code", "Tickets by error code", ["Error code", "Tickets", "Tickets before"],
                  chart_column=1, note="The code named by the outcome the customer reached before filing.")
    merged: dict[str, list[int]] = {}
    for outcome, now, earlier in tables[2].rows:
        found = ERROR_CODE.search(outcome)
        counts = merged.setdefault(found.group(1) if found else "(none)", [0, 0])
        counts[0] += now
        counts[1] += earlier
    codes.rows = sorted(([code, *counts] for code, counts in merged.items()), key=lambda row: -row[1])
    tables.insert(3, codes)
    return tables


def first_action_medians(period: Period) -> Both:
    """Median time from filing to the first agent action (a note, a status change or a reply)."""
    waits: dict[str, Counter[int]] = {"now": Counter(), "before": Counter()}
    for row in _both_sums(TicketWait, period, ("tickets",), group="seconds"):
        waits["now"][row["seconds"]] += row["tickets__now"]
        waits["before"][row["seconds"]] += row["tickets__before"]
    return Both(_median_seconds(waits["now"]), _median_seconds(waits["before"]))


def today():
    return timezone.localdate()

