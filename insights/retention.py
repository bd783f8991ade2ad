"""Keep analytics only as long as WAYPOINT_ANALYTICS_DAYS says (``manage.py prune_analytics``).

What goes: search logs, the steps that back and restart dropped (kept only for the funnel), the
daily article view counts and the insights rollups, older than the limit. Sessions, their live
steps and tickets stay: they are the customers' own records, not analytics.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from faq.models import ArticleViews, SearchLog
from troubleshooter.models import Step

from .models import ArticleDay, EdgeDay, NodeDay, OutcomeTime, SearchDay, TicketDay, TicketWait, TreeDay


def prune(now: datetime | None = None, days: int | None = None) -> dict[str, int]:
    """Delete analytics older than ``days`` (default: the setting); return how many rows of each went."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.ANALYTICS_DAYS if days is None else days)
    deleted: dict[str, int] = {}
    with transaction.atomic():
        deleted["searches"] = SearchLog.objects.filter(created_at__lt=cutoff).delete()[0]
        deleted["dropped steps"] = Step.objects.filter(dropped_at__isnull=False, at__lt=cutoff).delete()[0]
        deleted["daily article views"] = ArticleViews.objects.filter(day__lt=cutoff.date()).delete()[0]
        deleted["rollup rows"] = sum(model.objects.filter(day__lt=cutoff.date()).delete()[0]
                                     for model in (TreeDay, OutcomeTime, NodeDay, EdgeDay, SearchDay, ArticleDay,
                                                   TicketDay, TicketWait))
    return deleted
