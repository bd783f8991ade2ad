"""Where a hot page's time goes: CPU per request and its share in each layer, in-process.

Run from the project root (a throwaway SQLite database is made in a temporary directory):

    DJANGO_SECRET_KEY=x python -m benchmarks.profile_pages [requests-per-page]

Each page is requested through Django's test client (the WSGI stack without gunicorn and the
socket), as an anonymous reader with a browser's User-Agent, first once to warm the caches. Then
cProfile attributes the time of N more requests to: SQL (compiling and running queries),
templates, serving a cached copy, counting the view, and the rest (middleware, routing, the view's
own Python, the test client itself). The figures in README.md ("Fast pages") come from this.
"""
from __future__ import annotations

import cProfile
import json
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["WAYPOINT_SEMANTIC_SEARCH"] = "0"
os.environ["DATABASE_URL"] = f"sqlite:///{Path(tempfile.mkdtemp(prefix='waypoint-profile-')) / 'db.sqlite3'}"

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
LAYERS = {
    "SQL": ("compiler.py", "execute_sql"),
    "templates": ("django/template/backends/django.py", "render"),
    "serving a cached copy": ("common/page_cache.py", "_answer"),
    "counting the view": ("faq/view_counts.py", "record"),
}


def main(requests: int) -> None:
    call_command("migrate", verbosity=0)
    call_command("load_default_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    client = Client(HTTP_USER_AGENT=BROWSER, HTTP_HOST="127.0.0.1")
    session = client.post(
        "/api/v1/troubleshooters/sms-not-received/sessions", "{}", content_type="application/json"
    ).json()
    choice = session["node"]["choices"][0]["key"]
    client.post(f"/api/v1/sessions/{session['id']}/answers", json.dumps({"choice": choice}),
                content_type="application/json")
    pages = {
        "healthz (one SELECT 1)": "/healthz",
        "home": "/",
        "article": "/articles/sms-not-received/",
        "category": "/categories/delivery/",
        "troubleshooter step": session["url"],
    }
    for name, path in pages.items():
        if client.get(path).status_code != 200:
            raise SystemExit(f"{path} did not answer 200")
        started = time.process_time()
        for _ in range(requests):
            client.get(path)
        cpu = 1000 * (time.process_time() - started) / requests
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(requests):
            client.get(path)
        profile.disable()
        stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
        total = max(sum(row[2] for row in stats.values()), 1e-9)
        whole = max((row[3] for key, row in stats.items() if key[2] == "get_response"), default=total)
        shares = []
        for layer, (filename, function) in LAYERS.items():
            spent = sum(row[3] for key, row in stats.items() if key[0].endswith(filename) and key[2] == function)
            shares.append(f"{layer} {100 * min(spent, whole) / whole:.0f}%")
        print(f"{name:24} {cpu:6.2f} ms CPU/request   " + ", ".join(shares))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
