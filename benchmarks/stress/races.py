"""Parallel tickets and answers against a live gunicorn: the scenario and its checks.

races_sqlite.py and races_postgresql.py run it (one script per database, to keep each under two
minutes); tests/project/test_concurrency_live.py fires the same requests in the test suite.

In one burst: 200 tickets from 8 client addresses (25 each, against a limit of 5 an hour) and 100
answer/back pairs on one troubleshooting session, all at once. It passes when no request got a 5xx
(or no answer at all), each address got exactly 5 tickets through (the rest 429), every accepted
ticket is in the database once, and the session is consistent and still answers.
"""
from __future__ import annotations

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from . import live

TICKETS, ADDRESSES, LIMIT, PAIRS = 200, 8, 5, 100
THREADS = 100


@dataclass
class Figures:
    database: str
    statuses: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    accepted: int = 0
    lost: int = 0
    duplicated: int = 0
    wedged: int = 0
    over_limit: int = 0

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500 or status == 0)

    def line(self) -> str:
        codes = " ".join(f"{status}:{count}" for status, count in sorted(self.statuses.items()))
        return (f"{self.database}: {self.server_errors} 5xx, {self.lost} lost, {self.duplicated} duplicated, "
                f"{self.wedged} wedged, {self.accepted} tickets accepted ({self.over_limit} over the limit), "
                f"answers {codes}, {self.seconds:.1f} s")


def ticket(base: str, number: int) -> tuple[str, live.Reply]:
    address = f"198.51.100.{number % ADDRESSES + 1}"
    body = {"name": "Stress Test", "email": f"stress{number}@example.com", "subject": f"Codes never arrive {number}",
            "description": "The verification code never arrives on my phone; I tried three times."}
    return address, live.request(base, "POST", "/api/v1/tickets", body, address=address)


def answer_for(node: dict[str, Any] | None) -> dict[str, Any] | None:
    """An answer the node takes: its first choice, or its input's example; None on an outcome."""
    if not node or node["kind"] == "outcome":
        return None
    if node["choices"]:
        return {"choice": node["choices"][0]["key"], "node": node["key"]}
    return {"value": (node["input"] or {}).get("example"), "node": node["key"]}


def answer_current(base: str, session_id: str) -> live.Reply:
    """What a customer's tab does: read the session, answer the node it shows."""
    seen = live.request(base, "GET", f"/api/v1/sessions/{session_id}")
    if seen.status != 200:
        return seen
    body = answer_for(seen.body["node"])
    if body is None:
        return live.request(base, "POST", f"/api/v1/sessions/{session_id}/back", {})
    return live.request(base, "POST", f"/api/v1/sessions/{session_id}/answers", body)


def go_back(base: str, session_id: str) -> live.Reply:
    return live.request(base, "POST", f"/api/v1/sessions/{session_id}/back", {})


def burst(base: str, session_id: str, tickets: int = TICKETS, pairs: int = PAIRS):
    """Fire the tickets and the answer/back pairs at once; return the ticket and session replies."""
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        ticket_futures = [pool.submit(ticket, base, n) for n in range(tickets)]
        session_futures = []
        for _ in range(pairs):
            session_futures.append(pool.submit(answer_current, base, session_id))
            session_futures.append(pool.submit(go_back, base, session_id))
        return [f.result() for f in ticket_futures], [f.result() for f in session_futures]


def check_tickets(figures: Figures, database_url: str, replies: list[tuple[str, live.Reply]], limit: int) -> None:
    accepted = [reply.body["reference"] for _, reply in replies if reply.status == 201]
    per_address = Counter(address for address, reply in replies if reply.status == 201)
    figures.accepted = len(accepted)
    figures.over_limit = sum(max(0, count - limit) for count in per_address.values())
    expected = {address: min(limit, count) for address, count in Counter(a for a, _ in replies).items()}
    if dict(per_address) != expected:
        figures.problems.append(f"tickets accepted per address {dict(per_address)}, expected {expected}")
    unexpected = Counter(reply.status for _, reply in replies if reply.status not in (201, 429))
    if unexpected:
        figures.problems.append(f"ticket answers other than 201/429: {dict(unexpected)}")
    # Only this burst's tickets (their addresses are stress<n>@example.com): a test may file others.
    stored = Counter(row[0] for row in live.query(
        database_url, "SELECT reference FROM troubleshooter_ticket WHERE email LIKE %s", ("stress%@example.com",)))
    figures.lost = sum(1 for reference in accepted if reference not in stored)
    figures.duplicated = sum(count - 1 for count in stored.values()) + max(0, sum(stored.values()) - len(accepted))


def check_session(figures: Figures, base: str, database_url: str, session_id: str) -> None:
    """Consistent (one step per position, no question twice) and usable (back and an answer both work)."""
    # Django keeps a UUID as 32 hex digits in SQLite and as a uuid in PostgreSQL.
    stored_id = session_id.replace("-", "") if database_url.startswith("sqlite") else session_id
    rows = live.query(database_url, "SELECT position, node_key FROM troubleshooter_step "
                      "WHERE session_id = %s AND dropped_at IS NULL ORDER BY position", (stored_id,))
    positions, keys = [row[0] for row in rows], [row[1] for row in rows]
    if positions != list(range(1, len(rows) + 1)):
        figures.problems.append(f"transcript positions {positions}")
    if len(set(keys)) != len(keys):
        figures.duplicated += len(keys) - len(set(keys))
        figures.problems.append(f"a question is in the transcript twice: {keys}")
    api = live.request(base, "GET", f"/api/v1/sessions/{session_id}").body
    if [entry["node_key"] for entry in api["transcript"]] != keys:
        figures.problems.append("the API's transcript is not the database's")
    back = go_back(base, session_id)
    answered = answer_current(base, session_id)
    if back.status != 200 or answered.status != 200:
        figures.wedged = 1
        figures.problems.append(f"session wedged: back {back.status}, answer {answered.status} {answered.body}")


def run(database: str, database_url: str, port: int) -> Figures:
    """Prepare the database, serve it, fire the burst, and check what came back against what was kept."""
    figures = Figures(database)
    env = live.server_env(database_url, WAYPOINT_TICKETS_PER_HOUR=str(LIMIT))
    live.prepare(env)
    with live.gunicorn(env, port) as base:
        session_id = live.request(base, "POST", f"/api/v1/troubleshooters/{live.TREE}/sessions", {}).body["id"]
        started = time.monotonic()
        ticket_replies, session_replies = burst(base, session_id)
        figures.seconds = time.monotonic() - started
        figures.statuses = Counter(reply.status for reply in session_replies)
        figures.statuses.update(reply.status for _, reply in ticket_replies if reply.status >= 500 or not reply.status)
        unexpected = {s: n for s, n in figures.statuses.items() if s not in (200, 409)}
        if unexpected:
            figures.problems.append(f"session answers other than 200/409: {unexpected}")
        check_tickets(figures, database_url, ticket_replies, LIMIT)
        check_session(figures, base, database_url, session_id)
    return figures


def report(figures: Figures) -> int:
    """Print the figures and any problem; 0 when the run passed."""
    print(figures.line())
    for problem in figures.problems:
        print(f"  problem: {problem}")
    failed = bool(figures.problems) or figures.server_errors > 0
    print(f"races on {figures.database}: " + ("FAIL" if failed else "PASS"))
    return 1 if failed else 0
