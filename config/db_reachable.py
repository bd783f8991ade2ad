"""Exit 0 when the PostgreSQL server behind a database URL answers (used by `make test`)."""
import sys

import dj_database_url


def main(url: str) -> int:
    try:
        import psycopg2

        settings = dj_database_url.parse(url)
        # The test database is created next to the named one, so only the server must answer.
        psycopg2.connect(
            dbname="postgres",
            user=settings.get("USER") or None,
            password=settings.get("PASSWORD") or None,
            host=settings.get("HOST") or None,
            port=settings.get("PORT") or None,
            connect_timeout=3,
        ).close()
    except Exception as exc:  # any failure means "not reachable", which the caller reports
        print(f"PostgreSQL check: {exc}".strip(), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
