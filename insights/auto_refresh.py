"""Figures that refresh without cron: opening stale figures queues one background refresh.

A fresh install has no cron job, so the dashboard said "figures as of never" until an operator set
one up. Now a staff member opening /insights/ when the figures are older than
``INSIGHTS_REFRESH_MINUTES`` queues a refresh through the job queue (django-tasks, README
"Background jobs"); the page does not wait for it and says "refreshing". The database's single
``RefreshClaim`` row lets one request queue it and the rest see it queued; the job frees the claim
when it ends, and a claim older than ``CLAIM_TIMEOUT`` (a worker that died) can be taken again. With
the immediate backend (tests, development) the job runs before the page is drawn. The job frees only
its own claim (the time it was claimed at): a job that outlived ``CLAIM_TIMEOUT`` must not free the
claim of the job queued after it, or a third would be queued while the second runs. ``manage.py
refresh_insights`` from cron still works beside it; ``INSIGHTS_REFRESH_MINUTES = 0`` leaves it to cron.
"""
from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from enum import Enum

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from .models import Refresh, RefreshClaim
from .rollup import refresh

logger = logging.getLogger(__name__)

# Longer than a full refresh of a million sessions takes (README "Insights": under 3 minutes).
CLAIM_TIMEOUT = timedelta(hours=1)
# Days before the last refresh recomputed again: their sessions, searches and reads were still settling.
OVERLAP_DAYS = 2


class State(Enum):
    FRESH = "fresh"  # recent enough, or refreshing left to cron
    REFRESHING = "refreshing"  # a refresh is queued or running; the page shows the older figures
    REFRESHED = "refreshed"  # the job ran while the page waited (the immediate backend): read them again


def is_stale(refreshed_at: datetime | None, now: datetime) -> bool:
    """Whether figures made at ``refreshed_at`` (None: never) are due for a refresh."""
    minutes = settings.INSIGHTS_REFRESH_MINUTES
    if minutes <= 0:
        return False
    return refreshed_at is None or now - refreshed_at >= timedelta(minutes=minutes)


def refresh_since(refreshed_at: datetime | None) -> date | None:
    """The first day to recompute: everything when never refreshed, else from a little before the last."""
    if refreshed_at is None:
        return None
    return refreshed_at.astimezone(UTC).date() - timedelta(days=OVERLAP_DAYS)


def keep_fresh(refreshed_at: datetime | None, now: datetime | None = None) -> State:
    """Queue a refresh when the figures are stale and none is queued yet; never raise, never wait on one."""
    now = now or timezone.now()
    if not is_stale(refreshed_at, now):
        return State.FRESH
    try:
        if not _claim(now):
            return State.REFRESHING
    except DatabaseError:
        logger.exception("Could not claim an insights refresh; the figures stay as they are")
        return State.FRESH
    try:
        result = refresh_figures.enqueue(claimed_at=now.isoformat())
    except Exception:  # any backend's failure (a queue down, a table missing): the page still shows
        logger.exception("Could not queue an insights refresh; the figures stay as they are")
        release(now)
        return State.FRESH
    return State.REFRESHED if result.is_finished else State.REFRESHING


def _claim(now: datetime) -> bool:
    RefreshClaim.objects.bulk_create([RefreshClaim(pk=1)], ignore_conflicts=True)
    free = Q(queued_at__isnull=True) | Q(queued_at__lt=now - CLAIM_TIMEOUT)
    return RefreshClaim.objects.filter(free, pk=1).update(queued_at=now) == 1


def release(claimed_at: datetime | None) -> None:
    """Free the claim made at ``claimed_at``, so the next stale page queues a refresh again; a
    later claim (this one lapsed and another request took it) is left to its own job. None frees
    whichever claim there is (a job queued before claims were named)."""
    claims = RefreshClaim.objects.filter(pk=1)
    if claimed_at is not None:
        claims = claims.filter(queued_at=claimed_at)
    try:
        claims.update(queued_at=None)
    except DatabaseError:
        logger.exception("Could not free the insights refresh claim; it lapses after %s", CLAIM_TIMEOUT)


@task()
def refresh_figures(claimed_at: str = "") -> str:
    """The job: recompute the rollups since a little before the last refresh (all of them the first
    time), then free the claim that queued it (``claimed_at``, ISO 8601: job arguments are JSON)."""
    try:
        last = Refresh.objects.order_by("-finished_at").values_list("finished_at", flat=True).first()
        since = refresh_since(last)
        refresh(since=since)
        return f"refreshed since {since}" if since else "refreshed every day"
    finally:
        release(datetime.fromisoformat(claimed_at) if claimed_at else None)
