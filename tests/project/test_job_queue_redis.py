"""WAYPOINT_JOB_QUEUE=redis: the same mail jobs go through RQ (django-tasks-rq) on a real Redis."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis

from config.job_worker import worker_command

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/5"


def redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def run_settings_check(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "DJANGO_SECRET_KEY": "test-only", "DJANGO_SETTINGS_MODULE": "config.settings", **env},
    )


def test_the_redis_queue_needs_a_redis_url():
    result = run_settings_check(WAYPOINT_JOB_QUEUE="redis", REDIS_URL="")
    assert result.returncode != 0 and "WAYPOINT_JOB_QUEUE=redis needs REDIS_URL" in result.stderr


def test_an_unknown_queue_name_is_refused_at_start():
    result = run_settings_check(WAYPOINT_JOB_QUEUE="kafka")
    assert result.returncode != 0 and "must be database or redis" in result.stderr


@pytest.mark.skipif(not redis_answers(), reason="no Redis at 127.0.0.1:6379")
def test_a_mail_job_runs_through_rq_and_a_refused_one_waits_for_its_retry(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": "test-only",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "WAYPOINT_JOB_QUEUE": "redis",
        "REDIS_URL": REDIS_URL,
        "WAYPOINT_SEMANTIC_SEARCH": "0",
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.project.rq_roundtrip"], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["backend"] == "django_tasks_rq.RQBackend"
    assert summary["queued_before_worker"] == 1  # the job waited in Redis, not in the database
    assert summary["delivered"] == ["Hello"]
    assert summary["retries_scheduled"] == 1  # retried later with back-off, as on the database queue
    assert summary["failed"] == 1  # the refused attempt is recorded as failed


def test_the_worker_command_follows_the_queue_setting():
    database = worker_command("database", ["--queue-name", "default"])
    assert database[1:] == ["db_worker", "--no-reload", "--queue-name", "default"]
    rq = worker_command("redis", [])
    assert rq[1:] == ["rqworker", "--job-class", "django_tasks_rq.backend.Job", "--with-scheduler", "default"]
