"""WSGI entry point for gunicorn: refuses to start without a secret key."""
import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()
try:
    settings.SECRET_KEY  # noqa: B018 (Django refuses an empty key only when it is read)
except ImproperlyConfigured as error:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.") from error
