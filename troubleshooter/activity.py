"""Which sessions are live now, for the agent console's list beside "open by code"."""
from __future__ import annotations

from datetime import timedelta

from django.db.models import Max
from django.utils import timezone

from .models import Session

# A session counts as active when a step was answered this recently: long enough for a customer to
# read an article and come back, short enough that the list is the people on the phone now.
ACTIVE_WINDOW = timedelta(minutes=30)
ACTIVE_LIMIT = 20


def active_sessions(*, window: timedelta = ACTIVE_WINDOW, limit: int = ACTIVE_LIMIT) -> list[Session]:
    """Sessions with an answer (not undone by Back) within ``window``, most recently answered first.

    Each carries ``last_answer_at``. One query, whatever the number of sessions (their current
    node comes from the cached version snapshots). Editors' previews of drafts are left out.
    """
    since = timezone.now() - window
    # The annotation follows the filter's join, so it groups only the recent, kept steps.
    return list(
        Session.objects.filter(steps__at__gte=since, steps__dropped_at__isnull=True, preview=False)
        .annotate(last_answer_at=Max("steps__at"))
        .select_related("tree")
        .only("id", "code", "finished", "created_at", "tree__title", "version_id", "current_version_id", "current_key")
        .order_by("-last_answer_at")[:limit]
    )
