"""What the stress scripts share: a throwaway database, a live gunicorn on it, and an HTTP client.

The server is started as `make run` starts it (gunicorn, 2 sync workers) with the
production settings, so what is measured is what customers get. Nothing here has a ``main``.
"""
from __future__ import annotations

import json
import os
import secrets
import sqlite3
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dj_database_url
import psycopg2

from benchmarks.serving import served

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
# The PostgreSQL server a script may create its throwaway databases on, and their name prefix.
POSTGRES_URL = os.environ.get("STRESS_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/waypoint_races_stress")
TREE = "sms-not-received"


@dataclass
class Reply:
    status: int  # 0 when no HTTP answer came at all (refused, reset, timed out)
    body: Any
    headers: dict[str, str]


def request(base: str, method: str, path: str, body: Any = None, *, address: str = "", timeout: float = 30) -> Reply:
    """One JSON request; ``address`` is the client address the server is told (X-Forwarded-For)."""
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if address:
        headers["X-Forwarded-For"] = address
    data = None if body is None and method == "GET" else json.dumps(body or {}).encode()
    req = urllib.request.Request(base + path, data=data, method=method, headers=headers)  # noqa: S310 (http:// only)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as answer:  # noqa: S310 (our own http:// server)
            return Reply(answer.status, _json(answer.read()), dict(answer.headers))
    except urllib.error.HTTPError as error:
        return Reply(error.code, _json(error.read()), dict(error.headers))
    except (OSError, urllib.error.URLError) as error:
        return Reply(0, str(error), {})


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode(errors="replace")[:200]


def server_env(database_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        # Production settings even when started from the test suite (which exports its own).
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": "stress-" + secrets.token_urlsafe(40),
        "DJANGO_DEBUG": "False",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # The scripts speak for several clients through one proxy hop.
        "WAYPOINT_TRUSTED_PROXIES": "1",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_LOG_LEVEL": "WARNING",
        **extra,
    }


def prepare(env: dict[str, str], *, trees: bool = True) -> None:
    """Migrate the database and (unless ``trees`` is false) load the shipped troubleshooters.

    Only the trees: the articles would cost half a minute of embedding that no script needs.
    """
    for command in (["migrate", "--noinput"], ["load_trees"])[: 2 if trees else 1]:
        subprocess.run(  # noqa: S603 (a fixed command line)
            [PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
        )


@contextmanager
def gunicorn(env: dict[str, str], port: int, *, log: Path | None = None) -> Iterator[str]:
    """Serve the site on 127.0.0.1:port until the block ends; yield its base URL."""
    with served(env, port, log=log, extra_args=("--timeout", "60", "--backlog", "512")) as base:
        yield base


@contextmanager
def sqlite_database() -> Iterator[str]:
    """A throwaway SQLite file; yield its DATABASE_URL."""
    with tempfile.TemporaryDirectory(prefix="waypoint-stress-") as folder:
        yield f"sqlite:///{folder}/db.sqlite3"


@contextmanager
def postgres_database(server_url: str = POSTGRES_URL, suffix: str = "") -> Iterator[str]:
    """A throwaway database on the PostgreSQL server of ``server_url``, dropped afterwards."""
    name = f"{dj_database_url.parse(server_url)['NAME']}{suffix}"

    def run(sql: str) -> None:
        connection = _connect(server_url, "postgres")
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(sql)
        connection.close()

    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    run(f'CREATE DATABASE "{name}"')
    try:
        yield _with_name(server_url, name)
    finally:
        run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query(database_url: str, sql: str, params: tuple = ()) -> list[tuple]:
    """Rows straight from the database, to compare what the server answered with what it kept.

    ``sql`` uses %s placeholders (psycopg2's); they become SQLite's ? there.
    """
    parsed = dj_database_url.parse(database_url)
    if parsed["ENGINE"].endswith("sqlite3"):
        with sqlite3.connect(parsed["NAME"], timeout=30) as lite:
            return lite.execute(sql.replace("%s", "?"), params).fetchall()
    connection = _connect(database_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    finally:
        connection.close()


def postgres_reachable(server_url: str = POSTGRES_URL) -> bool:
    try:
        _connect(server_url, "postgres", timeout=3).close()
    except psycopg2.Error:
        return False
    return True


def _with_name(url: str, name: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + name


def _connect(url: str, name: str = "", timeout: int = 10) -> psycopg2.extensions.connection:
    """A connection from a postgres:// URL (libpq reads it as is), to database ``name`` if given."""
    return psycopg2.connect(_with_name(url, name) if name else url, connect_timeout=timeout)
