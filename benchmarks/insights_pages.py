"""Time every /insights/ page against a running server: `python -m benchmarks.insights_pages URL`.

Signs a superuser in by writing a session straight into the server's database (same DATABASE_URL),
then fetches each page a few times over HTTP and prints the median and worst wall-clock time.
"""
from __future__ import annotations

import os
import statistics
import sys
import time
import urllib.request

import django

PAGES = [
    "/insights/?days=7", "/insights/?days=30", "/insights/?days=90",
    "/insights/troubleshooters/sms-not-received/?days=90", "/insights/troubleshooters/api-error-code/?days=90",
    "/insights/articles/?days=90", "/insights/search/?days=90", "/insights/search/?days=90&csv=top-queries",
    "/insights/?start=2026-01-01&end=2026-12-01",
]


def session_cookie() -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore

    user = User.objects.filter(username="insights-bench").first() or User.objects.create_superuser(
        "insights-bench", "bench@example.com", None)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def main(base: str, rounds: int = 5) -> None:
    if not base.startswith(("http://", "https://")):
        raise SystemExit("Give the server as http://host:port")
    cookie = session_cookie()
    for path in PAGES:
        times = []
        for _ in range(rounds):
            request = urllib.request.Request(base + path, headers={"Cookie": cookie})  # noqa: S310 - scheme checked
            began = time.perf_counter()
            with urllib.request.urlopen(request) as response:  # noqa: S310 - scheme checked above
                response.read()
                status = response.status
            times.append(time.perf_counter() - began)
        print(f"{status} median {1000 * statistics.median(times):6.0f} ms  worst {1000 * max(times):6.0f} ms  {path}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8130")
