"""Settings of the django-helpdesk 2.6.1 site that ``make bench-pages`` measures beside Waypoint.

Only what django-helpdesk's installation docs ask for, served as Waypoint is (DEBUG off, whitenoise
for static files, startproject's middleware). ``serve.sh`` sets the environment: a working directory
outside git for the SQLite file, and a secret key made for the run (shared by both gunicorn workers).
"""
import os
from pathlib import Path

DATA_DIR = Path(os.environ["HELPDESK_DATA_DIR"])
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.admin",  # django-helpdesk's maintenance pages need it
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",  # for the site's domain in mail links
    "django.contrib.humanize",  # elapsed times in its templates
    "rest_framework",  # its API, routed by helpdesk.urls
    "helpdesk",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "benchmarks.helpdesk.urls"
WSGI_APPLICATION = "benchmarks.helpdesk.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA_DIR / "helpdesk.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
SITE_ID = 1
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en-us"

STATIC_URL = "/static/"
# Collected once per venv (the files come from the installed packages), beside it.
STATIC_ROOT = Path(os.environ.get("HELPDESK_STATIC_ROOT", DATA_DIR / "static"))
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"

LOGIN_URL = "helpdesk:login"
LOGIN_REDIRECT_URL = "helpdesk:home"
# Teams mode needs pinax-teams (an optional extra); the knowledge base works without it.
HELPDESK_TEAMS_MODE_ENABLED = False
HELPDESK_KB_ENABLED = True
HELPDESK_PUBLIC_ENABLED = True
