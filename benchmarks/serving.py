"""Starting and stopping a gunicorn for a benchmark or stress script, the way `make run` serves.

One place for the command line (2 sync workers, no control socket), the wait until the
server answers, and the clean stop, shared by `bench_pages`, `bench_search` and benchmarks/stress.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
START_TIMEOUT = 60.0


class ServerDidNotStart(RuntimeError):
    pass


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (a 127.0.0.1 URL built here)
            return True
    except urllib.error.HTTPError:
        return True  # it answered, if not with 200
    except OSError:
        return False


@contextmanager
def served(
    env: dict[str, str],
    port: int,
    *,
    app: str = "config.wsgi",
    probe: str = "/healthz",
    log: Path | None = None,
    extra_args: Sequence[str] = (),
) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1:port until the block ends; yield its base URL.

    ``env`` is the servers' whole environment; ``log`` keeps their output (else it is dropped).
    """
    base = f"http://127.0.0.1:{port}"
    out = open(log or os.devnull, "w")  # noqa: SIM115 (closed below, after the server)
    process = subprocess.Popen(  # noqa: S603 (a fixed command line)
        [GUNICORN, app, "--bind", f"127.0.0.1:{port}", "--workers", "2", "--worker-class", "sync",
         "--no-control-socket", "--log-level", "warning", *extra_args],
        cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _answers(base + probe):
            if process.poll() is not None:
                raise ServerDidNotStart(f"gunicorn {app} exited with status {process.returncode} (log: {log})")
            if time.monotonic() > deadline:
                raise ServerDidNotStart(f"gunicorn {app} did not answer on {base} within {START_TIMEOUT:.0f} s")
            time.sleep(0.25)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        out.close()
