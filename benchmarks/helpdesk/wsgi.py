"""WSGI entry point of the django-helpdesk comparison site (``gunicorn benchmarks.helpdesk.wsgi``)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.helpdesk.settings")
application = get_wsgi_application()
