"""``manage.py bench_pages``: page throughput under load, side by side with a bare Django view.

It creates a throwaway database beside the configured one (``<name>_pages_bench``; SQLite uses a
temporary file), loads the default content, starts gunicorn for Waypoint (the workers of ``make
run``: 2 sync worker processes, DEBUG off) and for a bare Django project whose one view answers
``HttpResponse("ok")`` with startproject's middleware (``benchmarks/bare_settings.py``), and runs
``wrk`` (16 connections, 2 threads, a fixed time each) against, in turn: the bare view, the home
page, an article, a topic page and a troubleshooter session's step page, then the bare view again.
Then it adds 10,000 generated articles (``load_corpus``, embeddings off) and measures again.
When ``--helpdesk-url`` names a running django-helpdesk knowledge-base page, it is measured in the
same run; ``benchmarks/helpdesk/serve.sh`` serves one with the same 26 entries, and ``make
bench-pages`` starts it and passes its URL.

Requests carry a browser's User-Agent (so article views are counted, as for people) and no
Accept-Encoding (bodies are sent uncompressed, as the bare view's are). It prints requests per
second, p99 latency and each page's share of the bare view's throughput (the mean of its two runs).
Not part of ``make test``; ``make bench-pages`` runs it on SQLite and PostgreSQL; figures in README.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from benchmarks.serving import ServerDidNotStart, served
from faq.models import Article

from .bench_search import database_url

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
START_TIMEOUT = 60.0
_RATE = re.compile(r"Requests/sec:\s+([0-9.]+)")
_P99 = re.compile(r"^\s+99%\s+([0-9.]+)(us|ms|s)\s*$", re.MULTILINE)
_ERRORS = re.compile(r"Non-2xx or 3xx responses: (\d+)")
_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


class Command(BaseCommand):
    help = "Benchmark page throughput with wrk against gunicorn, beside a bare Django view."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--articles", type=int, default=10_000, help="Generated articles for the second round.")
        parser.add_argument("--seconds", type=int, default=10, help="wrk duration per page (default 10).")
        parser.add_argument("--port", type=int, default=8131, help="Waypoint's port; the bare view uses the next.")
        parser.add_argument("--helpdesk-url", default="", help="A running django-helpdesk KB category page.")

    def handle(self, *args, articles: int, seconds: int, port: int, helpdesk_url: str, **options) -> None:
        if not shutil.which("wrk"):
            raise CommandError("wrk is not installed (apt-get install wrk).")
        vendor = connection.vendor
        test_settings = connection.settings_dict.setdefault("TEST", {})
        if vendor == "sqlite":
            test_settings["NAME"] = str(Path(tempfile.mkdtemp(prefix="waypoint-pages-")) / "bench.sqlite3")
        else:
            test_settings["NAME"] = f"{connection.settings_dict['NAME']}_pages_bench"
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        os.environ["WAYPOINT_SEMANTIC_SEARCH"] = "0"  # embedding 10,000 articles takes 15 CPU-minutes
        try:
            call_command("load_default_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
            self._round(vendor, "default content", seconds, port, helpdesk_url)
            call_command("load_corpus", articles=articles, stdout=open(os.devnull, "w"))  # noqa: SIM115
            self._round(vendor, f"+{articles:,} articles", seconds, port, helpdesk_url)
        finally:
            connection.close()
            connection.creation.destroy_test_db(old_name, verbosity=0)

    def _round(self, vendor: str, label: str, seconds: int, port: int, helpdesk_url: str) -> None:
        count = Article.objects.published().count()
        url = database_url(connection.settings_dict)
        connection.close()  # the servers have the database to themselves
        env = {
            **os.environ,
            "DJANGO_DEBUG": "False",
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "PYTHONWARNINGS": "ignore:No directory at:UserWarning",
        }
        try:
            with served({**env, "DATABASE_URL": url}, port) as base, \
                    served(env, port + 1, app="benchmarks.bare_wsgi", probe="/") as bare:
                session = self._session_page(base)
                targets = [
                    ("bare Django view", f"{bare}/"),
                    ("home", f"{base}/"),
                    ("article", f"{base}/articles/sms-not-received/"),
                    ("category", f"{base}/categories/delivery/"),
                    ("troubleshooter step", f"{base}{session}"),
                ]
                if helpdesk_url:
                    targets.append(("django-helpdesk KB category", helpdesk_url))
                targets.append(("bare Django view (again)", f"{bare}/"))
                results = {name: self._wrk(target, seconds) for name, target in targets}
        except ServerDidNotStart as problem:
            raise CommandError(str(problem)) from None
        bare_rate = (results["bare Django view"][0] + results["bare Django view (again)"][0]) / 2
        helpdesk_rate = results.get("django-helpdesk KB category", (0.0, 0.0))[0]
        self.stdout.write(f"\n== {vendor}, {label} ({count:,} published articles)")
        self.stdout.write(f"{'page':30} {'req/s':>9} {'p99 ms':>8} {'of bare':>8} {'x helpdesk':>11}")
        for name, (rate, p99) in results.items():
            vs_helpdesk = f"{rate / helpdesk_rate:10.1f}x" if helpdesk_rate else f"{'-':>11}"
            self.stdout.write(f"{name:30} {rate:9.0f} {p99:8.2f} {100 * rate / bare_rate:7.1f}% {vs_helpdesk}")
        self.stdout.write(f"load average {' '.join(f'{value:.2f}' for value in os.getloadavg())}")

    @staticmethod
    def _session_page(base: str) -> str:
        """A troubleshooting session one answer in: its step page's path."""
        def post(path: str, body: dict) -> dict:
            request = urllib.request.Request(
                base + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
            )
            with urllib.request.urlopen(request, timeout=10) as response:
                return json.load(response)

        session = post("/api/v1/troubleshooters/sms-not-received/sessions", {})
        choices = session["node"]["choices"]
        if choices:
            post(f"/api/v1/sessions/{session['id']}/answers", {"choice": choices[0]["key"]})
        return session["url"]

    @staticmethod
    def _wrk(url: str, seconds: int) -> tuple[float, float]:
        """Requests per second and p99 latency (ms) at 16 connections."""
        subprocess.run(["wrk", "-t2", "-c16", "-d2s", "-H", f"User-Agent: {BROWSER}", url],  # warm-up
                       check=True, capture_output=True, timeout=seconds + 30)
        out = subprocess.run(
            ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", "-H", f"User-Agent: {BROWSER}", url],
            check=True, capture_output=True, text=True, timeout=seconds + 30,
        ).stdout
        errors = _ERRORS.search(out)
        if errors:
            raise CommandError(f"{url} answered {errors.group(1)} requests with an error status:\n{out}")
        rate, p99 = _RATE.search(out), _P99.search(out)
        if not rate or not p99:
            raise CommandError(f"could not read wrk's output for {url}:\n{out}")
        return float(rate.group(1)), float(p99.group(1)) * _UNIT_MS[p99.group(2)]
