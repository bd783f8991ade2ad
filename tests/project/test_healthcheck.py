"""The Docker HEALTHCHECK asks a web container's /healthz, and a worker container's database."""
from __future__ import annotations

import sqlite3

import pytest

from config import healthcheck


@pytest.fixture
def role(tmp_path, monkeypatch):
    role_file = tmp_path / "role"
    monkeypatch.setattr(healthcheck, "ROLE_FILE", role_file)
    return role_file


def test_a_worker_is_healthy_when_its_sqlite_database_answers(role, tmp_path, monkeypatch):
    role.write_text("worker\n")
    database = tmp_path / "db.sqlite3"
    sqlite3.connect(database).close()
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")

    assert healthcheck.main() == 0


def test_a_worker_is_unhealthy_without_its_database_and_says_why(role, tmp_path, monkeypatch, capsys):
    role.write_text("worker\n")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'missing.sqlite3'}")

    assert healthcheck.main() == 1
    assert "unhealthy: database" in capsys.readouterr().err
    assert not (tmp_path / "missing.sqlite3").exists()


def test_a_worker_is_unhealthy_when_postgresql_refuses(role, monkeypatch, capsys):
    role.write_text("worker\n")
    # Port 1 on the loopback: nothing listens there, so the connection is refused at once.
    monkeypatch.setenv("DATABASE_URL", "postgres://nobody@127.0.0.1:1/waypoint_ops_absent")

    assert healthcheck.main() == 1
    assert "unhealthy: database" in capsys.readouterr().err


def test_without_a_role_file_it_asks_the_web_server(role, monkeypatch, capsys):
    monkeypatch.setenv("PORT", "1")

    assert healthcheck.main() == 1
    assert "unhealthy" in capsys.readouterr().err
