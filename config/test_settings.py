"""Settings for the test suite: production settings with fast hashing and no static manifest."""
import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-not-for-production-" + "x" * 20)
# Playwright's sync API runs an event loop in the test thread; the ORM calls we make around it
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Jobs run in the process that enqueues them, once its transaction commits, so a test sees their effect
# (the mail in mail.outbox); tests of the real queue and worker switch to the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Each test process keeps its own cache even when the environment names a Redis (tests of the Redis
# cache point at it explicitly), so parallel test workers never clear each other's counters.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 10_000}}}
# One page-cache stamp per test process: xdist workers share the test database's name, and another
# worker's edits would otherwise make this one's cached pages stale mid-test (common/page_cache.py).
PAGE_CACHE_STAMP_FILE = os.path.join(tempfile.gettempdir(), f"waypoint-test-pages-{os.getpid()}.stamp")
# The insights tests pin their figures to a fixed moment; a page that refreshed them to the real time
# would change them. tests/insights/test_auto_refresh.py turns it on.
INSIGHTS_REFRESH_MINUTES = 0
# ANN graphs that a test builds go to a directory of its own process, never into the checkout.
WAYPOINT_SEARCH_INDEX_DIR = Path(tempfile.mkdtemp(prefix="waypoint-test-graphs-"))
