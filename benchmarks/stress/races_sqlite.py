"""`make stress`: 200 tickets from 8 addresses and 100 answer/back pairs at once, on SQLite (see races.py)."""
from __future__ import annotations

import sys

from . import live, races

PORT = 8111


def main() -> int:
    with live.sqlite_database() as url:
        return races.report(races.run("SQLite", url, PORT))


if __name__ == "__main__":
    sys.exit(main())
