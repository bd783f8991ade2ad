"""WSGI entry point for gunicorn: refuses to start without a secret key."""
import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# numpy's BLAS (the semantic scan's matrix product) starts a thread per core in every process by
# default. Web workers are one process per core already, and threads fighting over the cores made
# the scan 2-3x slower on a busy 2-core machine (21,529 vectors: 13.9 ms a query, 5.7 ms with one
# thread). Read when numpy loads, which get_wsgi_application below is the first to do.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

application = get_wsgi_application()
try:
    settings.SECRET_KEY  # noqa: B018 (Django refuses an empty key only when it is read)
except ImproperlyConfigured as error:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.") from error
