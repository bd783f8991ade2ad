"""``manage.py flush_article_views``: write the article views counted in the cache to the database.

Web processes flush their own counts every WAYPOINT_VIEW_FLUSH_SECONDS; with a shared cache (Redis)
run this from cron or a job too, so counts never wait on a quiet process. With the in-process
cache it sees only its own (empty) cache, so it only refreshes popularity.
"""
from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from faq import view_counts


class Command(BaseCommand):
    help = "Write the article views counted in the cache to the database and refresh popularity."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Wrote {view_counts.flush()} article views.")
