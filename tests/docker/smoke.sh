#!/usr/bin/env bash
# `make docker-test`: build the image and check that it starts with its defaults and serves.
#
# Two web containers start at once on one fresh data volume with nothing but a secret key (so they
# race to migrate the default SQLite database: both must come up); then /healthz, the home page, an
# article, the API and a static file are fetched, Docker's own HEALTHCHECK must report healthy, the
# worker role runs when the image has the job worker, and everything is stopped and removed.
# Prints a skip message and exits 0 when no Docker engine answers (DOCKER_HOST is honoured).
set -euo pipefail
cd "$(dirname "$0")/../.."

IMAGE="${DOCKER_TEST_IMAGE:-waypoint:docker-test}"
PORT="${DOCKER_TEST_PORT:-8178}"
# Host networking: it needs no bridge (engines started without one, as in README "Docker") and the
# containers' PORT is the port to fetch.
NETWORK="${DOCKER_TEST_NETWORK:-host}"
WAIT="${DOCKER_TEST_WAIT:-180}"

if ! command -v docker >/dev/null 2>&1 || ! docker info >/dev/null 2>&1; then
  echo "docker-test: SKIPPED: no Docker engine answers (DOCKER_HOST=${DOCKER_HOST:-unset})."
  echo "README.md, section \"Docker\", says how to start one on a machine without a registry."
  exit 0
fi

run_id="waypoint-docker-test-$$"
volume="$run_id-data"
containers=()
cleanup() {
  for name in "${containers[@]}"; do docker rm -f "$name" >/dev/null 2>&1 || true; done
  docker volume rm "$volume" >/dev/null 2>&1 || true
}
trap cleanup EXIT

fail() {
  echo "docker-test: FAILED: $*" >&2
  for name in "${containers[@]}"; do
    echo "---- logs of $name" >&2
    docker logs --tail 40 "$name" >&2 || true
  done
  exit 1
}

echo "== Building $IMAGE"
started=$(date +%s)
docker build --network host --quiet -t "$IMAGE" . >/dev/null
echo "built in $(( $(date +%s) - started )) s"

secret_key=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
start() {  # start NAME PORT [ROLE]: a container with the defaults, the secret key and the shared volume
  containers+=("$1")
  docker run -d --name "$1" --network "$NETWORK" -v "$volume:/data" \
    -e PORT="$2" -e DJANGO_SECRET_KEY="$secret_key" "$IMAGE" ${3:+"$3"} >/dev/null
}

echo "== Starting two web containers at once on one fresh volume (ports $PORT and $((PORT + 1)))"
started=$(date +%s)
start "$run_id-web1" "$PORT"
start "$run_id-web2" "$((PORT + 1))"

wait_for_health() {  # wait_for_health NAME PORT
  local deadline=$(( $(date +%s) + WAIT ))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$2/healthz")" = 200 ]; do
    [ "$(docker inspect -f '{{.State.Running}}' "$1")" = true ] || fail "$1 exited"
    [ "$(date +%s)" -lt "$deadline" ] || fail "$1: /healthz not 200 within $WAIT s"
    sleep 2
  done
}
wait_for_health "$run_id-web1" "$PORT"
wait_for_health "$run_id-web2" "$((PORT + 1))"
echo "both answer /healthz 200, $(( $(date +%s) - started )) s after start"

base="http://127.0.0.1:$PORT"
fetch() {  # fetch PATH EXPECTED_TEXT: 200 and a body containing the text
  local body
  body=$(curl -s -f "$base$1") || fail "GET $1 did not answer 200"
  grep -qF -- "$2" <<<"$body" || fail "GET $1 lacks \"$2\""
  echo "GET $1: 200 ($(wc -c <<<"$body") bytes)"
}
fetch / "Waypoint"
slug=$(curl -s -f "$base/api/v1/articles" | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["slug"])') \
  || fail "GET /api/v1/articles did not list an article"
fetch "/api/v1/articles/$slug" "\"slug\": \"$slug\""
fetch "/articles/$slug/" "<h1"
fetch "/api/v1/search?q=sms" "\"results\""
stylesheet=$(curl -s "$base/" | grep -o '/static/[^"]*\.css' | head -n 1)
[ -n "$stylesheet" ] || fail "the home page links no stylesheet"
fetch "$stylesheet" "{"

echo "== Docker's HEALTHCHECK"
deadline=$(( $(date +%s) + 120 ))
until [ "$(docker inspect -f '{{.State.Health.Status}}' "$run_id-web1")" = healthy ]; do
  [ "$(date +%s)" -lt "$deadline" ] || fail "HEALTHCHECK did not report healthy within 120 s"
  sleep 3
done
echo "$run_id-web1: healthy"

echo "== The worker role"
if docker run --rm -e DJANGO_SECRET_KEY=x "$IMAGE" python manage.py help --commands | grep -qx db_worker; then
  start "$run_id-worker" "$PORT" worker
  sleep 10
  [ "$(docker inspect -f '{{.State.Running}}' "$run_id-worker")" = true ] || fail "the worker exited"
  docker exec "$run_id-worker" python config/healthcheck.py || fail "the worker's healthcheck failed"
  echo "worker: running, healthcheck passes"
else
  echo "worker: SKIPPED: this image has no db_worker command yet (it comes with django-tasks)"
fi

echo "== Stopping"
for name in "${containers[@]}"; do
  docker stop --time 20 "$name" >/dev/null
  code=$(docker inspect -f '{{.State.ExitCode}}' "$name")
  [ "$code" = 0 ] || fail "$name exited with $code on SIGTERM"
done
echo "docker-test: PASSED (all containers stopped cleanly)"
