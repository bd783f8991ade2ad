"""Start the background-job worker for the queue this site uses: `python -m config.job_worker [args]`.

`make run` and the Docker image's `worker` role both start it, so they cannot drift apart. The queue
is the database (django-tasks-db's `db_worker`) unless WAYPOINT_JOB_QUEUE=redis, which runs RQ's worker
with django-tasks-rq's job class (it calls Waypoint's tasks) and its scheduler (it releases retries
whose time has come). Extra arguments go to the worker command.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

MANAGE = str(Path(__file__).resolve().parent.parent / "manage.py")


def worker_command(queue: str, extra: list[str]) -> list[str]:
    """The manage.py command line that works the named queue ("database" or "redis")."""
    if queue == "redis":
        return [MANAGE, "rqworker", "--job-class", "django_tasks_rq.backend.Job", "--with-scheduler", *extra, "default"]
    return [MANAGE, "db_worker", "--no-reload", *extra]


def main() -> None:
    queue = os.environ.get("WAYPOINT_JOB_QUEUE", "database").strip().lower() or "database"
    command = worker_command(queue, sys.argv[1:])
    # Replace this process (no shell, so no quoting to get wrong): signals reach the worker itself.
    os.execv(sys.executable, [sys.executable, *command])  # noqa: S606


if __name__ == "__main__":
    main()
