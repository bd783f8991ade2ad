# Waypoint production image: build dependencies and static files in one stage, run as non-root in another.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
# Static files are collected (hashed and compressed by whitenoise) at build time, with a throwaway key.
RUN DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput --verbosity 0

FROM python:3.11-slim AS runtime
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 PORT=8000
RUN useradd --system --uid 10001 --create-home --home-dir /home/waypoint waypoint
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=waypoint:waypoint /app /app
USER waypoint
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["python", "config/healthcheck.py"]
ENTRYPOINT ["/app/config/docker-entrypoint.sh"]
