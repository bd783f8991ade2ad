"""Real concurrent requests against a live gunicorn on this run's database (SQLite or PostgreSQL).

The server is the production one (benchmarks/stress/live.py: gunicorn, 2 sync workers) on
a throwaway database of the same kind as the suite's: a file for SQLite (an in-memory test
database would be one connection shared by every thread, which tests nothing), a database beside
the test database for PostgreSQL. Requests come from 100 threads at once.
"""
from __future__ import annotations

import os
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings

from benchmarks.stress import live, races

BASE_PORT = 8114  # one port per xdist worker, 8114-8119


@pytest.fixture(scope="module")
def site():
    """(base URL, database URL) of a prepared live server, for this xdist worker."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    index = int(worker.removeprefix("gw") or 0)
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        database = live.sqlite_database()
    else:
        server = os.environ.get("DATABASE_URL", live.POSTGRES_URL)
        database = live.postgres_database(server, suffix=f"_live_{worker}")
    with database as url:
        env = live.server_env(url, WAYPOINT_TICKETS_PER_HOUR=str(races.LIMIT))
        live.prepare(env)
        with live.gunicorn(env, BASE_PORT + index) as base:
            yield base, url


def new_session(base: str) -> str:
    return live.request(base, "POST", f"/api/v1/troubleshooters/{live.TREE}/sessions", {}).body["id"]


def test_100_concurrent_answer_and_back_pairs_leave_the_session_consistent_and_usable(site):
    base, url = site
    session_id = new_session(base)
    _, replies = races.burst(base, session_id, tickets=0, pairs=100)
    statuses = Counter(reply.status for reply in replies)
    assert set(statuses) <= {200, 409}, statuses
    assert statuses[409] > 0, "the pairs did race (else this test proves nothing)"
    figures = races.Figures(settings.DATABASES["default"]["ENGINE"])
    races.check_session(figures, base, url, session_id)
    assert figures.problems == [] and figures.wedged == 0


def test_40_simultaneous_tickets_from_one_address_accept_exactly_the_limit(site):
    base, url = site
    address = "203.0.113.40"
    body = {"name": "Ann", "email": "ann@example.com", "subject": "Codes", "description": "No codes arrive at all."}
    with ThreadPoolExecutor(max_workers=40) as pool:
        replies = list(pool.map(
            lambda _: live.request(base, "POST", "/api/v1/tickets", body, address=address), range(40)))
    statuses = Counter(reply.status for reply in replies)
    assert statuses == {201: races.LIMIT, 429: 40 - races.LIMIT}
    stored = live.query(url, "SELECT reference FROM troubleshooter_ticket WHERE email = %s", ("ann@example.com",))
    assert sorted(row[0] for row in stored) == sorted(reply.body["reference"] for reply in replies if reply.status == 201)


def test_200_tickets_from_8_addresses_and_100_answer_pairs_at_once_give_no_5xx(site):
    base, url = site
    session_id = new_session(base)
    tickets, replies = races.burst(base, session_id)
    figures = races.Figures("live")
    figures.statuses = Counter(reply.status for reply in replies)
    assert set(figures.statuses) <= {200, 409}, figures.statuses
    races.check_tickets(figures, url, tickets, races.LIMIT)
    races.check_session(figures, base, url, session_id)
    assert figures.problems == []
    assert (figures.lost, figures.duplicated, figures.wedged, figures.over_limit) == (0, 0, 0, 0)
    assert figures.accepted == 8 * races.LIMIT
