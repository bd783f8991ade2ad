#!/bin/sh
# Container entrypoint: bring the database schema up to date, then hand the process to gunicorn.
set -e
python manage.py migrate --noinput
if [ "${WAYPOINT_LOAD_DEFAULT_CONTENT:-0}" = "1" ]; then
  python manage.py load_default_content
fi
exec gunicorn config.wsgi \
  --bind "0.0.0.0:${PORT:-8000}" \
  --workers "${GUNICORN_WORKERS:-3}" \
  --threads "${GUNICORN_THREADS:-4}" \
  --limit-request-line 8190 \
  --access-logfile - \
  --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}" \
  "$@"
