"""``manage.py generate_history --sessions N``: add realistic generated history (insights.history)."""
from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from insights.history import HistoryGenerator, NothingToWalk, analyze


class Command(BaseCommand):
    help = ("Add generated troubleshooting sessions, searches, votes, article views and tickets "
            "(for benchmarks and demos).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sessions", type=int, default=1000, help="sessions to add (default 1000)")
        parser.add_argument("--searches", type=int, default=None, help="searches to add (default 2 per session)")
        parser.add_argument("--tickets", type=int, default=None,
                            help="tickets filed without a session (default 1 per 50 sessions); sessions file their own")
        parser.add_argument("--votes", type=int, default=None, help="helpfulness votes (default 1 per 20 sessions)")
        parser.add_argument("--days", type=int, default=180, help="spread the history over this many past days")
        parser.add_argument("--seed", type=int, default=None, help="random seed, for the same history again")

    def handle(self, *args, sessions: int, searches: int | None, tickets: int | None, votes: int | None,
               days: int, seed: int | None, **options) -> None:
        if min(sessions, days) < 0 or days == 0:
            raise CommandError("--sessions must be 0 or more and --days 1 or more.")
        began = time.monotonic()
        try:
            generator = HistoryGenerator(days=days, seed=seed)
        except NothingToWalk as problem:
            raise CommandError(str(problem)) from None
        generator.sessions(sessions)
        generator.tickets(sessions // 50 if tickets is None else tickets)
        generator.searches(sessions * 2 if searches is None else searches)
        generator.votes(sessions // 20 if votes is None else votes)
        generator.views(max(1, sessions // max(days, 1) // 4))
        analyze()
        counts = ", ".join(f"{n} {name}" for name, n in generator.counts.items())
        self.stdout.write(f"Added {counts} in {time.monotonic() - began:.0f} s. "
                          "Run `manage.py refresh_insights` to update the dashboard.")
