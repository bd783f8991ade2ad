# Waypoint production image. The build stage makes a venv from the hashed lock file and collects the
# static files; the runtime stage copies only that venv and the application, so pip's cache, build
# tools and tests never reach production. Runs as non-root; data (the default SQLite database) lives in
# the /data volume, the only place the app user may write.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /app
COPY requirements.txt .
# Every package in the lock carries hashes: pip installs exactly the locked code or stops.
RUN pip install --require-hashes -r requirements.txt
COPY . .
# Static files are collected (hashed and compressed by whitenoise) at build time, with a throwaway key.
RUN DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput --verbosity 0
# The venv is copied whole into the runtime stage: take the installers out of it first.
RUN python -m pip uninstall --yes --quiet pip setuptools

FROM python:3.11-slim AS runtime
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 PORT=8000 \
    DATABASE_URL=sqlite:////data/db.sqlite3 WAYPOINT_LOAD_DEFAULT_CONTENT=1 \
    WAYPOINT_SEARCH_INDEX_DIR=/data/search-index
# Graphviz's `dot` lays out the tree editor's graph (troubleshooter/tree_graph.py).
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends graphviz >/dev/null \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --create-home --home-dir /home/waypoint waypoint \
 && mkdir /data && chown waypoint:waypoint /data \
 && (python -m pip uninstall --yes pip setuptools wheel >/dev/null 2>&1 || true)
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
# The code stays root-owned and read-only to the app user; only /data is writable.
COPY --from=build /app /app
VOLUME ["/data"]
USER waypoint
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["python", "config/healthcheck.py"]
ENTRYPOINT ["/app/config/docker-entrypoint.sh"]
CMD ["web"]
