"""A mail server that accepts connections and never answers must not slow the site, and mail must
go out, once each, when it recovers.

    python -m benchmarks.stress.mail_hang [--tickets 10] [--database-url URL]

1. A TCP server on the SMTP port accepts every connection and never says a word.
2. A live gunicorn (port 8101) and a background-job worker (`manage.py db_worker`) start with
   EMAIL_HOST/PORT pointing at it, on a fresh SQLite database (or --database-url).
3. N tickets are filed over HTTP (POST /api/v1/tickets) while /healthz is polled: every ticket must
   answer 201 in under a second and every /healthz poll must answer 200 in under a second, while the
   worker is stuck on the silent server.
4. The silent server is replaced by a real SMTP sink (a small SMTP responder in this file) on the
   same port; every ticket's two emails must arrive exactly once (the ones whose first attempt hit
   the silent server arrive with their retry, a minute later).

Prints a PASS/FAIL summary and exits non-zero on failure. Only 127.0.0.1 is ever contacted.
"""
from __future__ import annotations

import argparse
import contextlib
import email
import json
import os
import re
import secrets
import shutil
import signal
import socket
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from email.header import decode_header, make_header
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
SUPPORT_EMAIL = "support@waypoint.test"
REFERENCE = re.compile(r"\[(WP-[A-Z0-9]+)\]")
ANSWER_LIMIT = 1.0  # seconds: a ticket or /healthz slower than this fails the run


class SilentServer:
    """Accepts TCP connections and holds them open without ever sending a byte."""

    def __init__(self, port: int) -> None:
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind((HOST, port))
        self.listener.listen(64)
        self.held: list[socket.socket] = []
        self.accepted = 0
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return  # closed
            self.held.append(conn)
            self.accepted += 1

    def close(self) -> None:
        # shutdown() wakes the thread blocked in accept(); close() alone would leave the port taken.
        with contextlib.suppress(OSError):  # already closed
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        self.thread.join(timeout=5)
        for conn in self.held:
            conn.close()


@dataclass
class Delivered:
    recipients: list[str]
    subject: str


@dataclass
class Mailbox:
    messages: list[Delivered] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, message: Delivered) -> None:
        with self.lock:
            self.messages.append(message)

    def snapshot(self) -> list[Delivered]:
        with self.lock:
            return list(self.messages)


class SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) for Django's SMTP backend: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    mailbox: Mailbox

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self.reply("220 waypoint-sink ESMTP")
        recipients: list[str] = []
        while raw := self.rfile.readline():
            command = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = command.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.reply("250-waypoint-sink")
                self.reply("250 8BITMIME")
            elif verb in ("HELO", "MAIL", "NOOP"):
                self.reply("250 OK")
            elif verb == "RSET":
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                self.mailbox.add(Delivered(recipients, self._read_subject()))
                recipients = []
                self.reply("250 OK: queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")

    def _read_subject(self) -> str:
        lines = []
        while (raw := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
            lines.append(raw[1:] if raw.startswith(b"..") else raw)  # dot-unstuffing
        message = email.message_from_bytes(b"".join(lines))
        return str(make_header(decode_header(message.get("Subject", ""))))


class SMTPSink(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def start_sink(port: int, mailbox: Mailbox) -> SMTPSink:
    handler = type("BoundSMTPHandler", (SMTPHandler,), {"mailbox": mailbox})
    sink = SMTPSink((HOST, port), handler)
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    return sink


@dataclass
class Poll:
    status: int
    seconds: float


def get(url: str, timeout: float = 10) -> Poll:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (http://127.0.0.1 only)
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0  # no answer at all (refused or timed out)
    return Poll(status, time.monotonic() - started)


def file_ticket(base: str, number: int) -> tuple[Poll, str]:
    body = json.dumps({
        "name": f"Stress customer {number}",
        "email": f"customer-{number}@example.com",
        "subject": f"Mail hang stress ticket {number}",
        "description": "Filed by benchmarks.stress.mail_hang while the mail server never answers.",
    }).encode()
    request = urllib.request.Request(  # noqa: S310 (http://127.0.0.1 only)
        f"{base}/api/v1/tickets", data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    started = time.monotonic()
    reference = ""
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (http://127.0.0.1 only)
            status = response.status
            reference = json.load(response)["reference"]
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0
    return Poll(status, time.monotonic() - started), reference


class HealthPoller(threading.Thread):
    def __init__(self, base: str, every: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.url, self.every = f"{base}/healthz", every
        self.polls: list[Poll] = []
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.polls.append(get(self.url, timeout=5))
            self.stopped.wait(self.every)


def warm_up(base: str) -> None:
    """A gunicorn worker loads the whole app on its first request: do that before anything is timed."""
    threads = [threading.Thread(target=lambda: [get(f"{base}/api/v1/openapi.json") for _ in range(4)])
               for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    # A session of its own, so the whole process group (gunicorn's workers too) can be stopped.
    return subprocess.Popen(  # noqa: S603 (our own interpreter and fixed arguments)
        command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def wait_until(check: Callable[[], bool], timeout: float, every: float = 0.25) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(every)
    return check()


def expected_mail(references: list[str], numbers: list[int]) -> Counter:
    wanted: Counter = Counter()
    for reference, number in zip(references, numbers, strict=True):
        wanted[(reference, f"customer-{number}@example.com")] += 1
        wanted[(reference, SUPPORT_EMAIL)] += 1
    return wanted


def received_mail(mailbox: Mailbox, references: set[str]) -> Counter:
    got: Counter = Counter()
    for message in mailbox.snapshot():
        match = REFERENCE.search(message.subject)
        if match and match.group(1) in references:
            for recipient in message.recipients:
                got[(match.group(1), recipient)] += 1
    return got


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.stress.mail_hang", description=__doc__.split("\n")[0])
    parser.add_argument("--tickets", type=int, default=10, help="tickets to file (default 10)")
    parser.add_argument("--port", type=int, default=8101, help="gunicorn's port (default 8101)")
    parser.add_argument("--smtp-port", type=int, default=8103, help="the mail server's port (default 8103)")
    parser.add_argument("--database-url", default="", help="default: a fresh SQLite file in a temporary folder")
    parser.add_argument("--smtp-timeout", type=int, default=5, help="DJANGO_EMAIL_TIMEOUT for the run (default 5)")
    parser.add_argument("--hang-seconds", type=float, default=12,
                        help="how long to keep polling /healthz after filing, with the worker stuck (default 12)")
    parser.add_argument("--deliver-timeout", type=float, default=150,
                        help="seconds to wait for every mail after recovery; retries come after a minute (default 150)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="waypoint-mail-hang-"))
    base = f"http://{HOST}:{args.port}"
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url or f"sqlite:///{workdir / 'db.sqlite3'}",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "False",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "DJANGO_EMAIL_HOST": HOST,
        "DJANGO_EMAIL_PORT": str(args.smtp_port),
        "DJANGO_EMAIL_TIMEOUT": str(args.smtp_timeout),
        "WAYPOINT_SUPPORT_EMAIL": SUPPORT_EMAIL,
        # One client files every ticket here; the per-address limit is not what this run measures.
        "WAYPOINT_TICKETS_PER_HOUR": "1000000",
    }
    env.pop("REDIS_URL", None)
    print(f"mail_hang: {args.tickets} tickets, gunicorn on :{args.port}, mail server on :{args.smtp_port}, "
          f"database {'given' if args.database_url else 'fresh SQLite'}; logs in {workdir} (kept on failure)")

    silent = SilentServer(args.smtp_port)
    processes: list[subprocess.Popen] = []
    sink: SMTPSink | None = None
    failures: list[str] = []
    try:
        migrate = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env,
            capture_output=True, text=True, timeout=600,
        )
        if migrate.returncode != 0:
            print(migrate.stdout[-2000:], migrate.stderr[-2000:])
            print("FAIL: could not migrate the database")
            return 1
        processes.append(start(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"{HOST}:{args.port}", "--workers", "2",
             "--threads", "4", "--no-control-socket"],
            env, workdir / "gunicorn.log",
        ))
        processes.append(start(
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.5"], env, workdir / "worker.log",
        ))
        if not wait_until(lambda: get(f"{base}/healthz", timeout=2).status == 200, timeout=90):
            print(f"FAIL: the server did not come up (see {workdir})")
            return 1

        warm_up(base)

        # Phase 1: the mail server never answers.
        poller = HealthPoller(base)
        poller.start()
        filed = [file_ticket(base, number) for number in range(args.tickets)]
        time.sleep(args.hang_seconds)
        poller.stopped.set()
        poller.join()
        answers = [poll for poll, _ in filed]
        references = [reference for _, reference in filed if reference]
        health = poller.polls
        hung_attempts = silent.accepted

        bad_tickets = [poll for poll in answers if poll.status != 201 or poll.seconds >= ANSWER_LIMIT]
        bad_health = [poll for poll in health if poll.status != 200 or poll.seconds >= ANSWER_LIMIT]
        if bad_tickets:
            failures.append(f"{len(bad_tickets)} of {len(answers)} tickets were not a 201 within {ANSWER_LIMIT} s")
        if not health or bad_health:
            failures.append(f"{len(bad_health)} of {len(health)} /healthz polls were not a 200 within {ANSWER_LIMIT} s")
        if hung_attempts == 0:
            failures.append("the worker never tried the silent mail server (is it running?)")

        # Phase 2: the mail server recovers.
        silent.close()
        mailbox = Mailbox()
        sink = start_sink(args.smtp_port, mailbox)
        recovered_at = time.monotonic()
        wanted = expected_mail(references, [n for n, (_, ref) in enumerate(filed) if ref])
        wait_until(lambda: sum(received_mail(mailbox, set(references)).values()) >= sum(wanted.values()),
                   timeout=args.deliver_timeout, every=0.5)
        all_in_after = time.monotonic() - recovered_at
        time.sleep(5)  # a duplicate, if any, would arrive now
        got = received_mail(mailbox, set(references))
        missing = sum((wanted - got).values())
        duplicated = sum((got - wanted).values())
        if missing:
            failures.append(f"{missing} of {sum(wanted.values())} emails never arrived")
        if duplicated:
            failures.append(f"{duplicated} emails arrived more than once")

        if bad_tickets or bad_health:
            print("ticket answers (s): " + " ".join(f"{poll.status}:{poll.seconds:.2f}" for poll in answers))
            print("slow /healthz polls (s): " + " ".join(f"{poll.status}:{poll.seconds:.2f}" for poll in bad_health))
        seconds = [poll.seconds for poll in answers]
        health_seconds = [poll.seconds for poll in health] or [0.0]
        print(f"tickets: {len(answers)} filed, {sum(p.status == 201 for p in answers)} answered 201; "
              f"answer time median {statistics.median(seconds) * 1000:.0f} ms, max {max(seconds) * 1000:.0f} ms")
        print(f"/healthz while the mail server hung: {len(health)} polls, "
              f"{sum(p.status == 200 for p in health)} answered 200, max {max(health_seconds) * 1000:.0f} ms")
        print(f"send attempts that hit the silent server (retried later): {hung_attempts}")
        print(f"after recovery: {sum(got.values())} of {sum(wanted.values())} emails delivered "
              f"({missing} missing, {duplicated} duplicated), the last {all_in_after:.0f} s after recovery")
    finally:
        for process in processes:
            stop(process)
        silent.close()
        if sink is not None:
            sink.shutdown()
            sink.server_close()

    if failures:
        print("FAIL: " + "; ".join(failures) + f" (logs in {workdir})")
        return 1
    print("PASS: tickets answered fast and /healthz stayed up while mail hung; every email went out exactly once")
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
