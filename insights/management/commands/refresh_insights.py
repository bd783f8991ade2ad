"""``manage.py refresh_insights``: recompute the dashboard's daily rollups (insights.rollup)."""
from __future__ import annotations

import time
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from insights.rollup import refresh


class Command(BaseCommand):
    help = "Recompute the insights rollups: the last --days days (default 3), or everything with --all."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=3,
                            help="recompute the days of the sessions started this many days back (default 3)")
        parser.add_argument("--all", action="store_true", help="recompute every day")

    def handle(self, *args, days: int, all: bool, **options) -> None:
        if days < 1:
            raise CommandError("--days must be 1 or more.")
        began = time.monotonic()
        since: date | None = None if all else timezone.now().date() - timedelta(days=days - 1)
        refresh(since=since)
        self.stdout.write(f"Refreshed insights {'for every day' if all else f'since {since}'} "
                          f"in {time.monotonic() - began:.1f} s.")
