"""Containers started together migrate one at a time (config/migrate_once.py), on SQLite and PostgreSQL."""
from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import psycopg2
import pytest
from django.db import connection

from config.migrate_once import ADVISORY_LOCK_KEY, migration_lock

ROOT = Path(__file__).resolve().parents[2]


def sqlite_database(path: Path) -> Any:
    # migration_lock reads only the vendor and the file name of an SQLite database.
    return cast(Any, SimpleNamespace(vendor="sqlite", settings_dict={"NAME": str(path)}))


def lock_is_free(path: Path) -> bool:
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
        return True


def test_on_sqlite_it_holds_a_file_lock_beside_the_database_until_done(tmp_path):
    lock_file = tmp_path / "db.sqlite3.migrate-lock"

    with migration_lock(sqlite_database(tmp_path / "db.sqlite3")):
        assert not lock_is_free(lock_file)
    assert lock_is_free(lock_file)


def test_on_sqlite_it_releases_the_lock_when_migrating_fails(tmp_path):
    with pytest.raises(RuntimeError), migration_lock(sqlite_database(tmp_path / "db.sqlite3")):
        raise RuntimeError("a migration failed")

    assert lock_is_free(tmp_path / "db.sqlite3.migrate-lock")


def test_an_in_memory_database_needs_no_lock_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    with migration_lock(sqlite_database(Path(":memory:"))):
        pass

    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_on_postgresql_other_connections_wait_for_the_advisory_lock():
    if connection.vendor != "postgresql":
        pytest.skip("runs on the PostgreSQL pass of the suite")
    settings = connection.settings_dict
    other = psycopg2.connect(dbname=settings["NAME"], user=settings["USER"] or None,
                             host=settings["HOST"] or None, port=settings["PORT"] or None)
    other.autocommit = True

    def try_lock() -> bool:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
            taken = cursor.fetchone()[0]
            if taken:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])
            return taken

    try:
        with migration_lock(connection):
            assert try_lock() is False
        assert try_lock() is True
    finally:
        other.close()


def test_two_containers_starting_together_on_one_sqlite_volume_both_succeed(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": "migrate-once-test-" + "x" * 40,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "WAYPOINT_LOAD_DEFAULT_CONTENT": "1",
    }
    command = [sys.executable, "-m", "config.migrate_once"]
    runs = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=300)[0] for run in runs]

    assert [run.returncode for run in runs] == [0, 0], outputs
    # One of them applied the migrations and created the content; the other found both done.
    assert sum("Applying faq.0001_initial... OK" in output for output in outputs) == 1
    assert sum("articles: created 26" in output for output in outputs) == 1
    assert sum("articles: created 0" in output for output in outputs) == 1
