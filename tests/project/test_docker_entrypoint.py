"""The Docker entrypoint starts the role it is given: web by default, the worker, or a one-off migrate.

The real `python` and `gunicorn` are replaced on PATH by stand-ins that print what they were asked to
run, so the tests read exactly which commands a container would execute, in order.
"""
from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "config" / "docker-entrypoint.sh"


@pytest.fixture
def run_entrypoint(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for program in ("python", "gunicorn", "echo-args"):
        stand_in = bin_dir / program
        stand_in.write_text(f'#!/bin/sh\necho "{program} $*"\n')
        stand_in.chmod(stand_in.stat().st_mode | stat.S_IEXEC)
    role_file = tmp_path / "role"

    def run(*args: str, **env: str) -> tuple[list[str], str]:
        result = subprocess.run(
            ["sh", str(ENTRYPOINT), *args],
            env={"PATH": f"{bin_dir}:{os.environ['PATH']}", "WAYPOINT_ROLE_FILE": str(role_file), **env},
            capture_output=True, text=True, timeout=30, check=True,
        )
        return result.stdout.splitlines(), role_file.read_text().strip()

    return run


def test_with_no_command_it_migrates_under_the_lock_then_serves_on_port(run_entrypoint):
    commands, role = run_entrypoint(PORT="8123")

    assert commands[0] == "python -m config.migrate_once"
    assert commands[1].startswith("gunicorn config.wsgi --bind 0.0.0.0:8123 ")
    assert len(commands) == 2 and role == "web"


def test_options_alone_are_passed_to_gunicorn(run_entrypoint):
    commands, role = run_entrypoint("--timeout", "60")

    assert commands[-1].startswith("gunicorn config.wsgi ") and commands[-1].endswith("--timeout 60")
    assert role == "web"


def test_worker_runs_the_job_worker_after_migrating(run_entrypoint):
    commands, role = run_entrypoint("worker", "--queue-name", "default")

    assert commands == ["python -m config.migrate_once", "python -m config.job_worker --queue-name default"]
    assert role == "worker"


def test_replicas_told_not_to_migrate_start_at_once(run_entrypoint):
    web, _ = run_entrypoint("web", WAYPOINT_MIGRATE="0")
    worker, _ = run_entrypoint("worker", WAYPOINT_MIGRATE="0")

    assert len(web) == 1 and web[0].startswith("gunicorn ")
    assert worker == ["python -m config.job_worker"]


def test_migrate_only_migrates(run_entrypoint):
    commands, role = run_entrypoint("migrate")

    assert commands == ["python -m config.migrate_once"] and role == "migrate"


def test_any_other_command_runs_as_given(run_entrypoint):
    commands, _ = run_entrypoint("echo-args", "hello", "world")

    assert commands == ["echo-args hello world"]
