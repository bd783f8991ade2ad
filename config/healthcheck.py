"""Docker HEALTHCHECK: exit 0 when this container does its job.

A web container (the default role) is healthy when its /healthz answers 200. The request carries a
Host header the site accepts (the first of DJANGO_ALLOWED_HOSTS), since Django refuses requests for
hosts it does not serve. A worker container serves no HTTP, so it is healthy when the database its
jobs live in answers; docker-entrypoint.sh records the role in ROLE_FILE.
"""
import os
import sqlite3
import sys
import urllib.request
from pathlib import Path

import dj_database_url
import psycopg2

# Written by the entrypoint inside the container; tests point both at a file of their own.
ROLE_FILE = Path(os.environ.get("WAYPOINT_ROLE_FILE", "/tmp/waypoint-role"))  # noqa: S108


def web_is_healthy() -> int:
    hosts = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",") if h.strip()]
    host = hosts[0].lstrip(".").replace("*", "localhost") if hosts else "localhost"
    port = os.environ.get("PORT", "8000")
    request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (a fixed http:// URL)
            return 0 if response.status == 200 else 1
    except Exception as exc:  # any failure is "unhealthy"; say why in `docker inspect`
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1


def database_answers(url: str) -> int:
    try:
        settings = dj_database_url.parse(url)
        if settings["ENGINE"] == "django.db.backends.sqlite3":
            # Read-only, so a check never creates an empty database file where none was migrated.
            sqlite3.connect(f"file:{settings['NAME']}?mode=ro", uri=True, timeout=5).execute("SELECT 1").close()
        else:
            psycopg2.connect(
                dbname=settings.get("NAME") or None,
                user=settings.get("USER") or None,
                password=settings.get("PASSWORD") or None,
                host=settings.get("HOST") or None,
                port=settings.get("PORT") or None,
                connect_timeout=5,
            ).close()
    except Exception as exc:  # any failure is "unhealthy"; say why in `docker inspect`
        print(f"unhealthy: database: {exc}", file=sys.stderr)
        return 1
    return 0


def main() -> int:
    try:
        role = ROLE_FILE.read_text().strip()
    except OSError:
        role = "web"
    if role == "worker":
        return database_answers(os.environ.get("DATABASE_URL", ""))
    return web_is_healthy()


if __name__ == "__main__":
    sys.exit(main())
