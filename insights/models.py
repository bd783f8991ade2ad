"""Daily rollups of what customers did, refreshed by ``manage.py refresh_insights``.

The dashboard sums a few hundred of these rows instead of scanning millions of steps and searches
(README "Insights" has the measurements). Every row belongs to the UTC day its session, search or
read began, so a session counts once however long it lasts, and sums over days stay exact counts of
distinct sessions. Session figures are kept per published tree version (``version``, its number)
and never count "Try this draft" previews. Nothing personal is kept here: no address, name or email, only counts.
"""
from __future__ import annotations

from django.db import models


class TreeDay(models.Model):
    """One troubleshooter's sessions started on one day, counted by how they ended."""

    day = models.DateField()
    tree_slug = models.CharField(max_length=80)
    # The published version (its number) the sessions started on, so a change's effect shows.
    version = models.PositiveIntegerField(default=0)
    starts = models.PositiveIntegerField(default=0)
    completions = models.PositiveIntegerField(default=0)
    solved_outcomes = models.PositiveIntegerField(default=0)
    escalate_outcomes = models.PositiveIntegerField(default=0)
    marked_solved = models.PositiveIntegerField(default=0)
    marked_unsolved = models.PositiveIntegerField(default=0)
    self_resolved = models.PositiveIntegerField(default=0)
    abandoned = models.PositiveIntegerField(default=0)
    escalated = models.PositiveIntegerField(default=0)
    # Sessions old enough (24 h) to know, and those of them with no ticket within 24 h: deflection.
    settled = models.PositiveIntegerField(default=0)
    deflected = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "tree_slug", "version"], name="insights_treeday_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.tree_slug} on {self.day}: {self.starts} sessions"


class OutcomeTime(models.Model):
    """How many sessions of a tree started on a day reached an outcome after so many seconds (for medians).

    Seconds are bucketed (insights.rollup.bucket), which keeps the table small enough to sum quickly.
    """

    day = models.DateField()
    tree_slug = models.CharField(max_length=80)
    # The published version (its number) the sessions started on, so a change's effect shows.
    version = models.PositiveIntegerField(default=0)
    seconds = models.PositiveIntegerField()
    sessions = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["tree_slug", "day"], name="insights_outcometime_tree")]

    def __str__(self) -> str:
        return f"{self.tree_slug} on {self.day}: {self.sessions} × {self.seconds} s"


class NodeDay(models.Model):
    """One node of a tree, over the sessions of that tree started on a day: the funnel's row."""

    day = models.DateField()
    tree_slug = models.CharField(max_length=80)
    # The published version (its number) the sessions started on, so a change's effect shows.
    version = models.PositiveIntegerField(default=0)
    # A node may belong to another tree the session was handed over to.
    node_tree = models.CharField(max_length=80)
    node_key = models.CharField(max_length=80)
    reached = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    went_back = models.PositiveIntegerField(default=0)
    abandoned = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["tree_slug", "day"], name="insights_nodeday_tree")]

    def __str__(self) -> str:
        return f"{self.tree_slug} on {self.day}: {self.node_key} reached {self.reached}"


class EdgeDay(models.Model):
    """Sessions of a tree started on a day that went from one node to another."""

    day = models.DateField()
    tree_slug = models.CharField(max_length=80)
    # The published version (its number) the sessions started on, so a change's effect shows.
    version = models.PositiveIntegerField(default=0)
    node_tree = models.CharField(max_length=80)
    node_key = models.CharField(max_length=80)
    target_tree = models.CharField(max_length=80)
    target_key = models.CharField(max_length=80)
    sessions = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["tree_slug", "day"], name="insights_edgeday_tree")]

    def __str__(self) -> str:
        return f"{self.tree_slug} on {self.day}: {self.node_key} → {self.target_key} × {self.sessions}"


class SearchDay(models.Model):
    """One query's searches on one day: how many, how many found nothing, how many led to no click."""

    day = models.DateField()
    query = models.CharField(max_length=200)
    searches = models.PositiveIntegerField(default=0)
    zero_results = models.PositiveIntegerField(default=0)
    no_click = models.PositiveIntegerField(default=0)
    # Search-page searches old enough (24 h) to know, and those of them not followed by a ticket from
    # their results page within 24 h (faq.search.followup): deflection, as for sessions.
    settled = models.PositiveIntegerField(default=0)
    deflected = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["day"], name="insights_searchday_day")]

    def __str__(self) -> str:
        return f"{self.query!r} on {self.day}: {self.searches}"


class ArticleDay(models.Model):
    """One article on one day: how often it was opened from search results and from troubleshooter
    outcomes, how many tickets were filed through its "Contact support" link, and its reads' deflection."""

    day = models.DateField()
    article_id = models.IntegerField()
    from_search = models.PositiveIntegerField(default=0)
    from_troubleshooter = models.PositiveIntegerField(default=0)
    # Tickets filed that day through the article's contact link (tickets.Ticket.from_article).
    tickets = models.PositiveIntegerField(default=0)
    # The day's counted reads (faq.ArticleViews) once the day ended 24 h before the refresh, and how many
    # of them were not matched by a ticket from the article's page that day (insights.rollup.read_deflection).
    reads_settled = models.PositiveIntegerField(default=0)
    reads_deflected = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["day"], name="insights_articleday_day")]

    def __str__(self) -> str:
        return f"article {self.article_id} on {self.day}"


class TicketDay(models.Model):
    """Tickets filed on one day, by where they came from, their troubleshooter, outcome and status."""

    day = models.DateField()
    # The ticket's channel (tickets.Ticket.Source), or "article" for a web-form ticket filed through an
    # article's contact link (insights.rollup.ARTICLE_SOURCE).
    source = models.CharField(max_length=10)
    tree_slug = models.CharField(max_length=80, blank=True)
    outcome = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10)
    tickets = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["day"], name="insights_ticketday_day")]

    def __str__(self) -> str:
        return f"{self.tickets} tickets on {self.day}"


class TicketWait(models.Model):
    """Tickets filed on one day whose first agent action came after so many seconds (bucketed)."""

    day = models.DateField()
    seconds = models.PositiveIntegerField()
    tickets = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["day"], name="insights_ticketwait_day")]

    def __str__(self) -> str:
        return f"{self.tickets} tickets on {self.day} waited {self.seconds} s"


class Refresh(models.Model):
    """When the rollups were last refreshed: the dashboard says how fresh its figures are."""

    finished_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"refreshed at {self.finished_at:%Y-%m-%d %H:%M}"


class RefreshClaim(models.Model):
    """The one row (pk 1) that says a refresh was queued from the dashboard and when (insights.auto_refresh).

    Claiming it is one conditional UPDATE, which the database runs for one request at a time, so ten
    staff opening stale figures at once queue one refresh job, whatever cache each process has.
    """

    queued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"refresh queued at {self.queued_at:%Y-%m-%d %H:%M}" if self.queued_at else "no refresh queued"
