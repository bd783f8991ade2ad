"""`make stress`: PostgreSQL restarts while tickets pour in; 503s during the outage, nothing accepted lost.

The database runs on a private PostgreSQL cluster this script creates under /tmp (port 5440, as the
``postgres`` user when run as root) and removes afterwards, so stopping it disturbs nobody. Sixteen
clients file tickets without pause for about 25 seconds; five seconds in, the cluster stops for six
seconds and starts again. It passes when every answer was a 201 or a 503 with Retry-After, some 503s
came during the outage, tickets were accepted again after it, and every accepted ticket is stored.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import live

PORT = 8113
PG_PORT = int(os.environ.get("STRESS_PG_PORT", "5440"))
PG_BIN = Path(os.environ.get("STRESS_PG_BIN", "/usr/lib/postgresql/15/bin"))
CLIENTS, SECONDS, STOP_AT, DOWN_FOR = 16, 25.0, 5.0, 6.0


def as_postgres(*command: str) -> list[str]:
    """PostgreSQL refuses to run as root: run the cluster's commands as its own user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


@contextmanager
def private_cluster() -> Iterator[tuple[str, Path]]:
    """A fresh cluster on 127.0.0.1:PG_PORT; yield its server URL and data directory."""
    folder = Path(tempfile.mkdtemp(prefix="waypoint-stress-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    subprocess.run(as_postgres(str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",  # noqa: S603
                               "--no-sync"), check=True, capture_output=True)
    try:
        pg_ctl(data, "start")
        yield f"postgres://postgres@127.0.0.1:{PG_PORT}/waypoint_races_restart", data
    finally:
        subprocess.run(as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"),  # noqa: S603
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def pg_ctl(data: Path, action: str) -> None:
    options = f"-p {PG_PORT} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off"
    command = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-w", "-l", str(data / "server.log"), "-o", options]
    subprocess.run(as_postgres(*command, *(["-m", "fast"] if action == "stop" else []), action),  # noqa: S603
                   check=True, capture_output=True)


def pour(base: str, client: int, stop: threading.Event, log: list[tuple[float, int, str, bool]], t0: float) -> None:
    """File tickets one after another until told to stop; log (time, status, reference, has Retry-After)."""
    number = 0
    while not stop.is_set():
        number += 1
        body = {"name": "Restart Test", "email": f"restart{client}@example.com", "subject": f"Codes {client}-{number}",
                "description": "The verification code never arrives on my phone."}
        reply = live.request(base, "POST", "/api/v1/tickets", body, address=f"192.0.2.{client + 1}", timeout=30)
        reference = reply.body.get("reference", "") if isinstance(reply.body, dict) else ""
        log.append((time.monotonic() - t0, reply.status, reference, "Retry-After" in reply.headers))
        if reply.status != 201:
            time.sleep(0.2)


def main() -> int:
    if not (PG_BIN / "initdb").exists():
        print(f"No PostgreSQL server binaries at {PG_BIN} (set STRESS_PG_BIN): FAIL")
        return 1
    problems: list[str] = []
    with private_cluster() as (server, data), live.postgres_database(server) as url:
        env = live.server_env(url, WAYPOINT_TICKETS_PER_HOUR="1000000", DATABASE_CONN_MAX_AGE="60")
        live.prepare(env, trees=False)
        with live.gunicorn(env, PORT) as base:
            log: list[tuple[float, int, str, bool]] = []
            stop = threading.Event()
            t0 = time.monotonic()
            clients = [threading.Thread(target=pour, args=(base, n, stop, log, t0)) for n in range(CLIENTS)]
            for client in clients:
                client.start()
            time.sleep(STOP_AT)
            pg_ctl(data, "stop")
            down_at = time.monotonic() - t0
            time.sleep(DOWN_FOR)
            health_during = live.request(base, "GET", "/healthz").status
            pg_ctl(data, "start")
            up_at = time.monotonic() - t0
            time.sleep(max(0.0, SECONDS - up_at))
            stop.set()
            for client in clients:
                client.join()
            health_after = live.request(base, "GET", "/healthz").status
        stored = {row[0] for row in live.query(url, "SELECT reference FROM troubleshooter_ticket")}
    statuses = Counter(status for _, status, _, _ in log)
    accepted = [reference for _, status, reference, _ in log if status == 201]
    lost = [reference for reference in accepted if reference not in stored]
    during = Counter(status for at, status, _, _ in log if down_at < at < up_at)
    after = Counter(status for at, status, _, _ in log if at > up_at + 2)
    if set(statuses) - {201, 503}:
        problems.append(f"answers other than 201 and 503: {dict(statuses)}")
    if any(status == 503 and not retry for _, status, _, retry in log):
        problems.append("a 503 came without Retry-After")
    if not during.get(503):
        problems.append(f"no 503 while the database was down: {dict(during)}")
    if not after.get(201):
        problems.append(f"no ticket accepted after the restart: {dict(after)}")
    if lost:
        problems.append(f"{len(lost)} accepted tickets are not in the database")
    if health_during != 503 or health_after != 200:
        problems.append(f"/healthz answered {health_during} during the outage and {health_after} after")
    print(f"PostgreSQL restart: down {down_at:.1f}-{up_at:.1f} s of {SECONDS:.0f} s; "
          f"answers {dict(sorted(statuses.items()))}; during the outage {dict(during)}; from 2 s after it "
          f"{dict(after)}; {len(accepted)} accepted, {len(lost)} lost, {len(stored) - len(accepted)} stored "
          f"without a 201; /healthz {health_during} during, {health_after} after")
    for problem in problems:
        print(f"  problem: {problem}")
    print("pg_restart: " + ("FAIL" if problems else "PASS"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
