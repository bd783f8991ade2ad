"""Migrate the database and load the shipped content, one process at a time (the Docker entrypoint).

Every container of the image runs this before it starts serving, so replicas started together would
otherwise run the same migrations at the same moment and fail on each other's tables. Whoever takes
the lock first migrates; the others wait, then find nothing left to do. The lock is one that every
replica sees: a PostgreSQL advisory lock held by the very connection that migrates (the server drops
it if that process dies), or for SQLite an flock on a file beside the database, which every container
sharing the data volume sees.

    python -m config.migrate_once

Environment: WAYPOINT_LOAD_DEFAULT_CONTENT=1 also runs `load_default_content` (idempotent: it keeps
articles an editor changed); DJANGO_SUPERUSER_USERNAME (with _EMAIL and _PASSWORD) creates that
superuser once, as `make run` does.
"""
from __future__ import annotations

import fcntl
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import django
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

from config.env import env_bool, env_str

# Any fixed number every Waypoint process agrees on ("Wayp" in ASCII); advisory locks are per database.
ADVISORY_LOCK_KEY = 0x57617970


@contextmanager
def migration_lock(database: BaseDatabaseWrapper) -> Iterator[None]:
    """Hold, for the duration of the block, the lock that serialises migrations on this database."""
    if database.vendor == "postgresql":
        with database.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
        try:
            yield
        finally:
            with database.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])
        return
    name = str(database.settings_dict["NAME"])
    if database.vendor != "sqlite" or name == ":memory:" or "mode=memory" in name:
        # Nothing else can see an in-memory database; other vendors are not supported by Waypoint.
        yield
        return
    with open(f"{name}.migrate-lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def create_superuser_once(username: str) -> bool:
    """Create the superuser DJANGO_SUPERUSER_* describe unless that username exists; say if it did."""
    if get_user_model()._default_manager.filter(username=username).exists():
        return False
    call_command("createsuperuser", interactive=False, username=username)
    return True


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    with migration_lock(connection):
        call_command("migrate", interactive=False)
        if env_bool("WAYPOINT_LOAD_DEFAULT_CONTENT", False):
            call_command("load_default_content")
        username = env_str("DJANGO_SUPERUSER_USERNAME")
        if username and not create_superuser_once(username):
            print(f"Superuser {username} already exists.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
