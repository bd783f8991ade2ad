"""REDIS_URL: Django's cache moves to Redis, so a limit counted there holds across processes.

Runs against the real Redis at 127.0.0.1:6379, database 1 (skipped when none answers).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis

from troubleshooter.code_lookup import LOOKUPS_PER_WINDOW

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("WAYPOINT_TEST_REDIS_URL", "redis://127.0.0.1:6379/1")


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


needs_redis = pytest.mark.skipif(not redis_answers(), reason="no Redis at 127.0.0.1:6379")


def in_a_process(code: str, **env: str) -> subprocess.CompletedProcess:
    """Run code in a fresh Python with production settings, as one gunicorn worker would."""
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT,
        env={
            "PATH": os.environ.get("PATH", ""),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_SECRET_KEY": "k" * 60,
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def lookups_allowed_in_a_process(fingerprint: str, tries: int, **env: str) -> int:
    code = (
        "from troubleshooter.code_lookup import lookup_allowed\n"
        f"print(sum(lookup_allowed({fingerprint!r}) for _ in range({tries})))"
    )
    result = in_a_process(code, **env)
    assert result.returncode == 0, result.stderr
    return int(result.stdout)


@needs_redis
def test_with_redis_url_the_cache_is_redis():
    result = in_a_process(
        "from django.core.cache import caches; cache = caches['default']; print(type(cache).__name__);"
        " cache.set('probe', 41); print(cache.incr('probe')); cache.delete('probe')",
        REDIS_URL=REDIS_URL,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["RedisCache", "42"]


@needs_redis
def test_with_redis_the_session_code_limit_holds_across_processes():
    fingerprint = f"test-{uuid.uuid4()}"
    first = lookups_allowed_in_a_process(fingerprint, 15, REDIS_URL=REDIS_URL)
    second = lookups_allowed_in_a_process(fingerprint, 15, REDIS_URL=REDIS_URL)
    redis.Redis.from_url(REDIS_URL).delete(f"waypoint:1:troubleshooter:code-lookups:{fingerprint}")
    assert (first, second) == (15, LOOKUPS_PER_WINDOW - 15)


def test_without_redis_each_process_counts_alone():
    fingerprint = f"test-{uuid.uuid4()}"
    env = {"REDIS_URL": ""}
    assert lookups_allowed_in_a_process(fingerprint, 15, **env) == 15
    assert lookups_allowed_in_a_process(fingerprint, 15, **env) == 15


def test_a_redis_url_that_is_not_one_is_refused_at_start_up():
    result = in_a_process("", REDIS_URL="127.0.0.1:6379")
    assert result.returncode != 0
    assert "REDIS_URL must look like redis://host:port/db" in result.stderr
