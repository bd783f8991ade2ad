#!/bin/sh
# Container entrypoint. The first argument names the container's role:
#   web (the default)  migrate under a lock that every replica sees (config/migrate_once.py), then gunicorn
#   worker             the background-job worker (python -m config.job_worker: db_worker, or RQ's with WAYPOINT_JOB_QUEUE=redis)
#   migrate            migrate and load the shipped content, then exit: a one-off release job, after which
#                      web and worker replicas can start with WAYPOINT_MIGRATE=0
#   anything else      run as given, e.g. `python manage.py createsuperuser`
# Arguments starting with "-" are gunicorn options for the web role (`docker run IMAGE --timeout 60`).
set -e

role="${1:-web}"
case "$role" in
  -*) role=web ;;
  *) [ $# -gt 0 ] && shift ;;
esac

# The healthcheck asks the web server; a worker has none, so tell it which role this container runs.
echo "$role" 2>/dev/null > "${WAYPOINT_ROLE_FILE:-/tmp/waypoint-role}" || true

migrate_unless_told_not_to() {
  if [ "${WAYPOINT_MIGRATE:-1}" = "1" ]; then
    python -m config.migrate_once
  fi
}

case "$role" in
  web)
    migrate_unless_told_not_to
    exec gunicorn config.wsgi \
      --bind "0.0.0.0:${PORT:-8000}" \
      --workers "${GUNICORN_WORKERS:-3}" \
      --threads "${GUNICORN_THREADS:-1}" \
      --limit-request-line 8190 \
      --access-logfile - \
      --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}" \
      "$@"
    ;;
  worker)
    # The worker needs the job tables too; the lock makes it safe beside web replicas migrating.
    migrate_unless_told_not_to
    exec python -m config.job_worker "$@"
    ;;
  migrate)
    exec python -m config.migrate_once
    ;;
  *)
    exec "$role" "$@"
    ;;
esac
