"""Clearing away "Try this draft": preview sessions and the preview snapshots they walk.

Every press of "Try this draft" freezes the whole draft into a TreeVersion (about 300 kB for a
300-node tree) and opens a session on it; they are an editor's scratch work, never a customer's, so
after a day they are deleted: the sessions (with their steps and article reads; a ticket that
attached one keeps its own copy of the transcript and loses only the link), then the preview
snapshots no session is still on. Published versions are never touched.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Session, Step, TreeVersion

DEFAULT_AGE = timedelta(hours=24)


@dataclass(frozen=True)
class Pruned:
    sessions: int
    snapshots: int


@transaction.atomic
def prune_previews(older_than: timedelta = DEFAULT_AGE, *, now: datetime | None = None) -> Pruned:
    """Delete preview sessions started, and preview snapshots made, more than ``older_than`` ago."""
    cutoff = (now or timezone.now()) - older_than
    old_sessions = Session.objects.filter(preview=True, created_at__lt=cutoff)
    sessions = old_sessions.count()
    old_sessions.delete()
    # A snapshot younger than the cutoff, or one a remaining session or step is still on, stays.
    in_use = (Q(pk__in=Session.objects.values("version")) | Q(pk__in=Session.objects.filter(
        current_version__isnull=False).values("current_version")) | Q(pk__in=Step.objects.filter(
            version__isnull=False).values("version")))
    snapshots, _ = (TreeVersion.objects.filter(preview=True, number__isnull=True, created_at__lt=cutoff)
                    .exclude(in_use).delete())
    return Pruned(sessions, snapshots)
