"""`make stress`: 200 tickets from 8 addresses and 100 answer/back pairs at once, on PostgreSQL (see races.py).

The throwaway database is made on the server of STRESS_POSTGRES_URL (default: the local one).
"""
from __future__ import annotations

import sys

from . import live, races

PORT = 8112


def main() -> int:
    if not live.postgres_reachable():
        print(f"PostgreSQL not reachable at {live.POSTGRES_URL}: FAIL (the script needs one).")
        return 1
    with live.postgres_database(suffix="_races") as url:
        return races.report(races.run("PostgreSQL", url, PORT))


if __name__ == "__main__":
    sys.exit(main())
