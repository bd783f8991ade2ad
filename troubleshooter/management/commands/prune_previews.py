"""``manage.py prune_previews [--hours 24]``: delete "Try this draft" sessions and snapshots older than that."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from troubleshooter.previews import prune_previews


class Command(BaseCommand):
    help = ("Delete preview sessions (\"Try this draft\") and the preview snapshots of drafts older than "
            "--hours (default 24). Published versions and customers' sessions are never touched.")

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=float, default=24.0)

    def handle(self, *args: Any, hours: float, **options: Any) -> None:
        if hours < 0:
            raise CommandError("--hours cannot be negative.")
        pruned = prune_previews(timedelta(hours=hours))
        self.stdout.write(f"Deleted {pruned.sessions} preview sessions and {pruned.snapshots} preview snapshots "
                          f"older than {hours:g} hours.")
