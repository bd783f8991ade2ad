"""Waypoint settings, read from the environment (see README.md)."""
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .content_security import CONTENT_SECURITY_POLICY  # noqa: F401 (read by django-csp)
from .env import env_bool, env_int, env_list, env_redis_url, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
_LOCAL_SECRET_KEY_FILE = BASE_DIR / ".secret_key"
if not SECRET_KEY and _LOCAL_SECRET_KEY_FILE.is_file():
    # The key `make run` created, so that `python manage.py import_faq ...` works beside it unaided.
    SECRET_KEY = _LOCAL_SECRET_KEY_FILE.read_text().strip()
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"  # noqa: S105 (only with DEBUG on)
# Without a key (and DEBUG off) the settings still load, so that commands which sign nothing
# (makemigrations --check, migrate, check) run on a fresh checkout; serving refuses to start
# (config/wsgi.py), and Django refuses any use of the empty key.
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    # Its own static files serve Swagger UI at /api/v1/docs (no CDN, works offline).
    "ninja",
    "axes",
    "markdownx",
    "simple_history",
    # Background jobs: Django's Tasks API (backport) with its database queue (README "Background jobs").
    "django_tasks",
    "django_tasks_db",
    "faq",
    "checkers",
    "troubleshooter",
    "tickets",
    "portal",
    "insights",
]

MIDDLEWARE = [
    # Outermost, so it also sees the answers other middleware gives (CSRF, hosts): API errors as JSON.
    "config.api_errors.JsonApiErrorsMiddleware",
    # What the API accepts: JSON only, from its own pages or non-browser clients; no JSON a view
    # could choke on (lone surrogates, deep nesting). See config/api_edge.py.
    "config.api_edge.ApiEdgeMiddleware",
    # Before anything reads the database: NUL characters make PostgreSQL raise (config/nul_bytes.py).
    "config.nul_bytes.RejectNulBytesMiddleware",
    # A database outage raised by a view is a 503 with Retry-After, not a 500 (config/db_outage.py).
    "config.db_outage.DatabaseOutageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Inside whitenoise (which serves its own pre-compressed static files), outside whatever makes HTML.
    "common.compression.CompressionMiddleware",
    # Pages common.page_cache already answered at this address, before sessions, CSRF, routing and the
    # view; it replays the headers the middleware below added the first time.
    "common.page_cache.EarlyPageMiddleware",
    # The same for a troubleshooting session's step page, kept per version of the session
    # (common/versioned_pages.py): one query, then the kept page with the visitor's CSRF token.
    "common.versioned_pages.EarlyVersionedPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # The policy itself is in config/content_security.py.
    "config.csp_header.ConstantPolicyMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "insights.context_processors.insights_link",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write-ahead log: readers never wait for a writer, and a commit (every search writes a log
    # line) does not wait for the disk; the file stays consistent after a crash.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    # Concurrent writers queue instead of failing with "database is locked" (92 of 200 concurrent
    # tickets did): every transaction takes the write lock when it begins (a deferred one that
    # reads first cannot wait for it later), and a writer waits up to this many seconds for it.
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["OPTIONS"]["timeout"] = env_int("WAYPOINT_SQLITE_BUSY_TIMEOUT", 20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Room for cached pages and view counters side by side (Django's default is 300 entries).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 10_000}}}
# With REDIS_URL every web process and machine shares one cache, so limits counted there (session-code
# lookups, anything else using the cache) hold across workers; without it each process counts alone.
REDIS_URL = env_redis_url("REDIS_URL")
if REDIS_URL:
    _REDIS_CACHE: dict[str, Any] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "waypoint",
        # A Redis that stops answering must fail a request in seconds, not hold its worker.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
    CACHES = {"default": _REDIS_CACHE}

# Background jobs (outgoing mail) are rows in this database by default, run by `manage.py db_worker`:
# a job is stored by the same database as the data it is about, staff see it in the admin, a Redis
# flush cannot lose it, and mail's few jobs a minute are nothing for the database. A site whose
# database should not carry the queue sets WAYPOINT_JOB_QUEUE=redis (with REDIS_URL): the same tasks
# then go through RQ (django-tasks-rq), run by `manage.py rqworker --with-scheduler default`
# (README "Background jobs").
JOB_QUEUE = env_str("WAYPOINT_JOB_QUEUE", "database").strip().lower() or "database"
if JOB_QUEUE == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
elif JOB_QUEUE == "redis":
    if not REDIS_URL:
        raise ImproperlyConfigured("WAYPOINT_JOB_QUEUE=redis needs REDIS_URL (redis://host:port/db).")
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 300}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    raise ImproperlyConfigured(f"WAYPOINT_JOB_QUEUE must be database or redis, not {JOB_QUEUE!r}")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# Login throttling (django-axes) for every login that goes through authenticate(): the admin's, the
# agent console's and any other. Failures are counted in the database (axes' own table), so the limit
# holds across workers and machines with or without REDIS_URL, per username and client address: one
# attacker cannot lock a colleague out from elsewhere. The lockout page says how long to wait.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_DISABLE_ACCESS_LOG = True  # count failures only; successful logins are not worth a row each
# The same client address every other limit counts (honours WAYPOINT_TRUSTED_PROXIES).
AXES_CLIENT_IP_CALLABLE = "common.clients.client_address"
AXES_FAILURE_LIMIT = env_int("WAYPOINT_LOGIN_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("WAYPOINT_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "config.login_lockout.lockout_response"
AXES_USERNAME_CALLABLE = "config.login_lockout.username_tried"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "media"
# Where search saves the ANN graphs it builds at scale (faq.search.ann), so processes share them.
WAYPOINT_SEARCH_INDEX_DIR = Path(env_str("WAYPOINT_SEARCH_INDEX_DIR", str(BASE_DIR / "var" / "search-index")))
MEDIA_URL = "/media/"

# Security headers that cost nothing over plain http.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Behind TLS in production: everything that `check --deploy` asks for.
if env_bool("DJANGO_HTTPS", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    # The container's own health probe speaks plain http from inside; everything else is redirected.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
# Seconds an SMTP connection may wait for the server. Without it a server that accepts the
# connection and never answers held the request (and its worker) forever: ten such tickets took
# the whole site down. Mail that fails is logged and the ticket is kept (tickets.emails).
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "Waypoint <support@localhost>")
SUPPORT_EMAIL = env_str("WAYPOINT_SUPPORT_EMAIL", "support@localhost")
# Tickets: at most this many per client address per hour (form and API together), and how many
# reverse proxies in front of gunicorn append to X-Forwarded-For (so the client address is known).
TICKETS_PER_WINDOW = env_int("WAYPOINT_TICKETS_PER_HOUR", 5)
TICKETS_WINDOW_MINUTES = 60
TRUSTED_PROXIES = env_int("WAYPOINT_TRUSTED_PROXIES", 0)
# The public "continue a session" box opens only sessions that moved within this many hours
# (troubleshooter/code_lookup.py); the agent console finds any session.
SESSION_CODE_HOURS = env_int("WAYPOINT_SESSION_CODE_HOURS", 24)
# Searches, dropped steps, daily article views and the insights rollups older than this many days are
# deleted by `manage.py prune_analytics` (README "Insights").
ANALYTICS_DAYS = env_int("WAYPOINT_ANALYTICS_DAYS", 400)
# A staff member opening /insights/ when its figures are this many minutes old queues a refresh job
# (insights/auto_refresh.py); 0 leaves refreshing to `manage.py refresh_insights` from cron.
INSIGHTS_REFRESH_MINUTES = env_int("WAYPOINT_INSIGHTS_REFRESH_MINUTES", 15)

# django-markdownx: the admin preview uses the same renderer as the public pages.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "faq.preview.render_for_preview"
MARKDOWNX_SERVER_CALL_LATENCY = 300

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
}

# Page cache and view counting (common/page_cache.py, faq/view_counts.py; README "Fast pages").
# How long a shared cache (proxy, CDN) may serve a public page without asking again; browsers always
# revalidate (a cheap 304), and Waypoint's own page cache is invalidated at once on every edit.
PAGE_CACHE_SHARED_MAX_AGE = env_int("WAYPOINT_PAGE_SHARED_MAX_AGE", 30)
PAGE_CACHE_SECONDS = 24 * 3600
PAGE_CACHE_STAMP_FILE = env_str("WAYPOINT_PAGE_CACHE_STAMP_FILE", "")
# Article views are counted in the cache and written to the database at most this often per process.
VIEW_COUNT_FLUSH_SECONDS = env_int("WAYPOINT_VIEW_FLUSH_SECONDS", 60)
