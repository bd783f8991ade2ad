"""Does a stale /insights/ page wait for its refresh? `python -m benchmarks.insights_refresh_wait [ROUNDS]`.

Fetches /insights/?days=30 in process (Django's test client, as a superuser) on the production job queue
(the database), alternately with stale figures (the last refresh moved back an hour and the claim freed,
so the page queues a refresh) and fresh ones, and prints the median and worst time of each. The queued
jobs are deleted, never run, and the last refresh time is put back. It writes to the database named by
DATABASE_URL (a superuser "bench-refresh-wait", the Refresh row): use a scratch database.
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import timedelta

import django

PAGE = "/insights/?days=30"


def main(rounds: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.test import Client
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from insights.models import Refresh, RefreshClaim

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # Static files as they are in the checkout: no collectstatic manifest is needed to draw the page.
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    last = Refresh.objects.get()
    original = last.finished_at
    user = User.objects.filter(username="bench-refresh-wait").first() or User.objects.create_superuser(
        "bench-refresh-wait", "bench@example.com", None)
    client = Client()
    client.force_login(user)
    client.get(PAGE)  # warm: templates, snapshots, connections
    times: dict[str, list[float]] = {"stale": [], "fresh": []}
    try:
        for round_ in range(rounds):
            # Interleaved, and the order swapped every round, so a busy spell on the machine hits both.
            for mode in ("stale", "fresh") if round_ % 2 == 0 else ("fresh", "stale"):
                age = timedelta(hours=1) if mode == "stale" else timedelta(0)
                Refresh.objects.filter(pk=last.pk).update(finished_at=timezone.now() - age)
                RefreshClaim.objects.update(queued_at=None)
                began = time.perf_counter()
                response = client.get(PAGE)
                times[mode].append(time.perf_counter() - began)
                if response.status_code != 200 or (b"refreshing now" in response.content) != (mode == "stale"):
                    raise SystemExit(f"unexpected {mode} page: {response.status_code}")
        queued = DBTaskResult.objects.filter(task_path="insights.auto_refresh.refresh_figures")
        print(f"{queued.count()} refresh jobs queued by {rounds} stale pages (deleted, not run)")
        queued.delete()
    finally:
        Refresh.objects.filter(pk=last.pk).update(finished_at=original)
        RefreshClaim.objects.update(queued_at=None)
    for mode, values in times.items():
        print(f"{mode}: median {statistics.median(values) * 1000:.0f} ms, worst {max(values) * 1000:.0f} ms "
              f"over {len(values)} requests")
    with open("/proc/loadavg") as load:
        print("load average:", load.read().strip())


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
