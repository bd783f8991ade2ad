# Waypoint's everyday commands: `make run`, `make test` and `make lint` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/waypoint
PYTEST_ARGS ?=
# Two workers (pytest-xdist): the suite takes about half as long on the 2 cores CI has.
PYTEST_WORKERS ?= 2
BIND ?= 127.0.0.1:8000

.PHONY: run test lint install install-dev serve-check bench bench-pages clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

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
	echo "Waypoint is serving on http://$(BIND)/" && \
	exec $(VENV)/bin/gunicorn config.wsgi --bind $(BIND) --workers 2 --threads 4 --limit-request-line 8190 --access-logfile -

# The whole suite on SQLite, then on PostgreSQL when one answers (required with REQUIRE_POSTGRES=1).
test: install-dev
	@set -e; ran=""; \
	echo "== Test suite on SQLite"; \
	env -u DATABASE_URL $(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS); ran="sqlite"; \
	if $(PY) -m config.db_reachable "$(TEST_POSTGRES_URL)"; then \
		echo "== Test suite on PostgreSQL ($(TEST_POSTGRES_URL))"; \
		DATABASE_URL="$(TEST_POSTGRES_URL)" $(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS); ran="$$ran postgresql"; \
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
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache test-artifacts

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

# Page throughput with wrk (apt-get install wrk) against gunicorn, beside a bare Django view, with the
# default content and with 10,000 generated articles: SQLite, then PostgreSQL when reachable.
bench-pages: install
	@set -e; export DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-bench-only-secret-key-$$(date +%s)-not-for-production-use}"; \
	$(PY) manage.py collectstatic --noinput --verbosity 0; \
	echo "== Page benchmark on SQLite"; \
	env -u DATABASE_URL $(PY) manage.py bench_pages $(BENCH_ARGS); \
	if $(PY) -m config.db_reachable "$(TEST_POSTGRES_URL)"; then \
		echo "== Page benchmark on PostgreSQL ($(TEST_POSTGRES_URL))"; \
		DATABASE_URL="$(TEST_POSTGRES_URL)" $(PY) manage.py bench_pages $(BENCH_ARGS); \
	else \
		echo "PostgreSQL not reachable at $(TEST_POSTGRES_URL): skipped."; \
	fi
