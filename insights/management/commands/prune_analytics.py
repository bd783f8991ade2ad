"""``manage.py prune_analytics``: delete analytics older than WAYPOINT_ANALYTICS_DAYS (insights.retention)."""
from __future__ import annotations

from django.core.management.base import BaseCommand

from insights.retention import prune


class Command(BaseCommand):
    help = ("Delete searches, dropped steps, daily article views and insights rollups older than "
            "WAYPOINT_ANALYTICS_DAYS.")

    def handle(self, *args, **options) -> None:
        deleted = prune()
        self.stdout.write("Deleted " + ", ".join(f"{n} {name}" for name, n in deleted.items()) + ".")
