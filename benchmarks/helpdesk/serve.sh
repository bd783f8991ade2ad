#!/usr/bin/env bash
# Serve django-helpdesk 2.6.1 with Waypoint's 26 default entries in one knowledge-base category, for
# `make bench-pages` to measure beside Waypoint:  benchmarks/helpdesk/serve.sh [PORT]  (default 8133)
#
# Builds its own venv (.venv-helpdesk at the repository root, git-ignored) from requirements.txt here
# with pip's hash checking, migrates a fresh SQLite database in a temporary directory (removed on
# exit), loads the entries, and serves with gunicorn as `make run` serves Waypoint: 2 workers of 4
# threads, DEBUG off. Prints the category's URL once it answers. Ctrl-C or SIGTERM stops it.
set -euo pipefail

PORT="${1:-8133}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"  # so that a relative HELPDESK_VENV is relative to the repository, as in the Makefile
HERE="$ROOT/benchmarks/helpdesk"
VENV="$(realpath -m "${HELPDESK_VENV:-.venv-helpdesk}")"
PYTHON="${PYTHON:-python3}"

if [ ! -x "$VENV/bin/python" ]; then
    echo "Creating $VENV"
    "$PYTHON" -m venv "$VENV"
fi
# Reinstalled whenever the lock file changes.
if [ ! "$VENV/.installed" -nt "$HERE/requirements.txt" ]; then
    echo "Installing django-helpdesk into $VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes -r "$HERE/requirements.txt"
    touch "$VENV/.installed"
fi

DATA="$(mktemp -d "${TMPDIR:-/tmp}/waypoint-helpdesk-XXXXXX")"
gunicorn=""
stop() {
    if [ -n "$gunicorn" ]; then
        # After a Ctrl-C gunicorn has had the SIGINT too and is stopping: a SIGTERM in the middle of
        # that leaves a worker to be killed only after the 30-s graceful timeout. Give it 2 s first.
        for _ in $(seq 20); do kill -0 "$gunicorn" 2>/dev/null || break; sleep 0.1; done
        kill -TERM "$gunicorn" 2>/dev/null || true
        wait "$gunicorn" 2>/dev/null || true
    fi
    rm -rf "$DATA"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export PYTHONPATH="$ROOT" DJANGO_SETTINGS_MODULE=benchmarks.helpdesk.settings HELPDESK_DATA_DIR="$DATA"
export HELPDESK_STATIC_ROOT="$VENV/static"
DJANGO_SECRET_KEY="$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(50))')"
export DJANGO_SECRET_KEY
"$VENV/bin/python" -m django migrate --noinput --verbosity 0
"$VENV/bin/python" -m django collectstatic --noinput --verbosity 0
"$VENV/bin/python" -m benchmarks.helpdesk.load_kb

# No access log, as bench_pages serves Waypoint: writing a line per request would cost the same CPU
# on both sides but blur the comparison.
"$VENV/bin/gunicorn" benchmarks.helpdesk.wsgi --bind "127.0.0.1:$PORT" --workers 2 --worker-class sync \
    --no-control-socket --log-level warning &
gunicorn=$!

URL="http://127.0.0.1:$PORT/kb/waypoint/"
"$VENV/bin/python" - "$URL" <<'EOF'
import sys
import time
import urllib.error
import urllib.request

deadline = time.monotonic() + 60
while True:
    try:
        with urllib.request.urlopen(sys.argv[1], timeout=2):
            break
    except urllib.error.HTTPError as error:
        sys.exit(f"{sys.argv[1]} answered {error.code}")
    except OSError:
        if time.monotonic() > deadline:
            sys.exit(f"django-helpdesk did not answer on {sys.argv[1]} within 60 s")
        time.sleep(0.25)
EOF
echo "django-helpdesk knowledge-base category: $URL"
wait "$gunicorn"
