# Waypoint's everyday commands: `make run`, `make test` and `make lint` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/waypoint
PYTEST_ARGS ?=
# The PostgreSQL pass leaves out what does not depend on the database and costs minutes: the browser
# journeys (the pages and scripts they drive are the same on both) and the API schema fuzzing. Set
# PG_MARKERS= to run everything on PostgreSQL too.
PG_MARKERS ?= not browser and not fuzz
# Two workers (pytest-xdist): the suite takes about half as long on the 2 cores CI has.
PYTEST_WORKERS ?= 2
BIND ?= 127.0.0.1:8000

.PHONY: run test lint install install-dev serve-check bench bench-pages clean lock lock-helpdesk docker-test stress

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# The lock files carry a hash for every package, so pip installs exactly the locked code or stops.
$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# The lock: requirements.in / requirements-dev.in (direct dependencies) compiled by pip-tools into
# requirements.txt / requirements-dev.txt with every transitive dependency and its hashes. pip-compile
# keeps the versions already in the .txt files and resolves only what changed (LOCK_ARGS, e.g.
# "--upgrade-package django", moves one on). pip-tools runs from its own venv, pinned here, so a
# conflicted or half-merged requirements-dev.txt cannot stop the lock from being rebuilt.
LOCK_VENV := .venv-lock
LOCK_TOOLS := pip==26.3 pip-tools==7.6.2 build==1.6.1 click==8.5.1 packaging==26.4 pyproject_hooks==1.3.3 wheel==0.48.0
LOCK_ARGS ?=
LOCK_COMMAND = make lock
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="$(LOCK_COMMAND)" $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes \
	--allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS)

# Depends on the Makefile so that moving LOCK_TOOLS reinstalls them.
$(LOCK_VENV)/.installed: Makefile
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet $(LOCK_TOOLS)
	touch $@

lock: $(LOCK_VENV)/.installed
	$(PIP_COMPILE) --output-file requirements.txt requirements.in
	$(PIP_COMPILE) --output-file requirements-dev.txt requirements-dev.in

# The django-helpdesk comparison site's own lock (benchmarks/helpdesk/, used by its serve.sh only).
lock-helpdesk: LOCK_COMMAND = make lock-helpdesk
lock-helpdesk: $(LOCK_VENV)/.installed
	$(PIP_COMPILE) --output-file benchmarks/helpdesk/requirements.txt \
		benchmarks/helpdesk/requirements.in

# A local secret key, created once and kept out of git (.gitignore).
.secret_key:
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

run: install .secret_key
	export DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat .secret_key)}"; \
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py load_default_content && \
	$(PY) manage.py collectstatic --noinput --verbosity 0 && \
	if [ -n "$${DJANGO_SUPERUSER_USERNAME:-}" ]; then \
		$(PY) manage.py createsuperuser --noinput 2>/dev/null || echo "Superuser $$DJANGO_SUPERUSER_USERNAME already exists."; \
	fi && \
	echo "Waypoint is serving on http://$(BIND)/, with a background-job worker beside it (Ctrl-C stops both)" && \
	{ $(PY) -m config.job_worker & worker=$$!; \
	  trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT; \
	  trap 'exit 130' INT TERM; \
	  $(VENV)/bin/gunicorn config.wsgi --bind $(BIND) --workers 2 --worker-class sync --limit-request-line 8190 --no-control-socket --access-logfile -; }

# The whole suite on SQLite, then on PostgreSQL when one answers (required with REQUIRE_POSTGRES=1).
test: install-dev
	@set -e; ran=""; \
	echo "== Test suite on SQLite"; \
	env -u DATABASE_URL $(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS); ran="sqlite"; \
	if $(PY) -m config.db_reachable "$(TEST_POSTGRES_URL)"; then \
		echo "== Test suite on PostgreSQL ($(TEST_POSTGRES_URL))"; \
		DATABASE_URL="$(TEST_POSTGRES_URL)" $(PY) -m pytest -n $(PYTEST_WORKERS) -m "$(PG_MARKERS)" $(PYTEST_ARGS); ran="$$ran postgresql"; \
	elif [ "$${REQUIRE_POSTGRES:-0}" = "1" ]; then \
		echo "PostgreSQL at $(TEST_POSTGRES_URL) is not reachable and REQUIRE_POSTGRES=1." >&2; exit 1; \
	else \
		echo "PostgreSQL not reachable at $(TEST_POSTGRES_URL): skipped (set REQUIRE_POSTGRES=1 to fail instead)."; \
	fi; \
	echo "Databases tested: $$ran"

# ruff and mypy over the product code, as configured in pyproject.toml. mypy's Django plugin loads
# config.settings, which wants a secret key; any value does, since nothing is signed.
lint: install-dev
	$(VENV)/bin/ruff check .
	DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-lint-only}" $(VENV)/bin/mypy

clean:
	rm -rf $(VENV) $(LOCK_VENV) $(HELPDESK_VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache test-artifacts

# Search latency on throwaway databases (the seed + 10,000 generated articles): SQLite, then
# PostgreSQL when reachable. Not part of `make test`; the figures go in README.
BENCH_ARGS ?=
bench: install
	@set -e; export DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-bench-only-secret-key-$$(date +%s)-not-for-production-use}"; \
	echo "== Search benchmark on SQLite"; \
	env -u DATABASE_URL $(PY) manage.py bench_search $(BENCH_ARGS); \
	if $(PY) -m config.db_reachable "$(TEST_POSTGRES_URL)"; then \
		echo "== Search benchmark on PostgreSQL ($(TEST_POSTGRES_URL))"; \
		DATABASE_URL="$(TEST_POSTGRES_URL)" $(PY) manage.py bench_search $(BENCH_ARGS); \
	else \
		echo "PostgreSQL not reachable at $(TEST_POSTGRES_URL): skipped."; \
	fi

# Build the Docker image and smoke-test it: two replicas on one fresh volume with only a secret key,
# /healthz, pages, the API, Docker's HEALTHCHECK, the worker role, a clean stop. Skips (exit 0) with a
# message when no Docker engine answers; README "Docker" says how to start one without a registry.
docker-test:
	bash tests/docker/smoke.sh

# Concurrency and fault scripts against a live gunicorn (benchmarks/stress/: every module with a
# main()): parallel tickets and answers on SQLite and PostgreSQL, a PostgreSQL restart under load.
# Pass STRESS_ARGS="races_sqlite" to run only some. Not part of `make test`; the figures go in README.
STRESS_ARGS ?=
stress: install
	$(PY) -m benchmarks.stress $(STRESS_ARGS)

# Page throughput with wrk (apt-get install wrk) against gunicorn, beside a bare Django view, with the
# default content and with 10,000 generated articles: SQLite, then PostgreSQL when reachable.
# Both rounds also measure django-helpdesk 2.6.1's knowledge-base page with the same 26 entries,
# served by benchmarks/helpdesk/serve.sh from its own venv (HELPDESK_VENV; its first start needs the
# package index). HELPDESK=auto goes on without it, saying so, when it does not start; HELPDESK=1
# makes that an error; HELPDESK=0 leaves it out. Its output goes to bench-results/helpdesk.log.
HELPDESK ?= auto
HELPDESK_PORT ?= 8133
HELPDESK_VENV := .venv-helpdesk
HELPDESK_START_SECONDS ?= 600
bench-pages: install
	@set -e; export DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-bench-only-secret-key-$$(date +%s)-not-for-production-use}"; \
	$(PY) manage.py collectstatic --noinput --verbosity 0; \
	helpdesk_args=(); \
	if [ "$(HELPDESK)" != "0" ]; then \
		mkdir -p bench-results; log=bench-results/helpdesk.log; \
		echo "== Starting django-helpdesk for the comparison on port $(HELPDESK_PORT) (log: $$log)"; \
		HELPDESK_VENV="$(HELPDESK_VENV)" benchmarks/helpdesk/serve.sh $(HELPDESK_PORT) > $$log 2>&1 & helpdesk=$$!; \
		trap 'kill -TERM $$helpdesk 2>/dev/null || true; wait $$helpdesk 2>/dev/null || true' EXIT; \
		trap 'exit 130' INT TERM; \
		url=""; waited=0; \
		while [ -z "$$url" ] && [ $$waited -lt $(HELPDESK_START_SECONDS) ] && kill -0 $$helpdesk 2>/dev/null; do \
			sleep 1; waited=$$((waited + 1)); \
			url=$$(sed -n 's/^django-helpdesk knowledge-base category: //p' $$log); \
		done; \
		if [ -n "$$url" ]; then \
			echo "django-helpdesk serves $$url"; helpdesk_args=(--helpdesk-url "$$url"); \
		elif [ "$(HELPDESK)" = "1" ]; then \
			echo "django-helpdesk did not start (HELPDESK=1); the end of $$log:" >&2; tail -n 20 $$log >&2; exit 1; \
		else \
			echo "django-helpdesk did not start (offline? see $$log): measuring without it (HELPDESK=0 skips it)."; \
		fi; \
	fi; \
	echo "== Page benchmark on SQLite"; \
	env -u DATABASE_URL $(PY) manage.py bench_pages $(BENCH_ARGS) "$${helpdesk_args[@]}"; \
	if $(PY) -m config.db_reachable "$(TEST_POSTGRES_URL)"; then \
		echo "== Page benchmark on PostgreSQL ($(TEST_POSTGRES_URL))"; \
		DATABASE_URL="$(TEST_POSTGRES_URL)" $(PY) manage.py bench_pages $(BENCH_ARGS) "$${helpdesk_args[@]}"; \
	else \
		echo "PostgreSQL not reachable at $(TEST_POSTGRES_URL): skipped."; \
	fi
