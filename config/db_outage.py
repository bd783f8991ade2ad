"""While the database is down, answer 503 with Retry-After instead of 500.

A PostgreSQL restart (or a SQLite file that stays locked past its busy timeout) made every page a
500, which tells a customer "we are broken" and a load balancer nothing. A connection failure is a
pause, not a bug: the answer says so (JSON ``{"detail"}`` under /api/v1/, a self-contained page
elsewhere, which needs neither the database nor the context processors) and when to try again.
The middleware catches what views raise; ``server_error``, Django's 500 handler, catches what the
other middleware raise (saving a session, say).
"""
from __future__ import annotations

import logging
import sqlite3
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.defaults import server_error as django_server_error

from .api_errors import API_PREFIX

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 15
DETAIL = "The database is unavailable for a moment; please try again shortly."
# SQLSTATE classes of a server that is going away or cannot take the connection: 08 connection
# exception, 53 insufficient resources (too many connections), 57P admin/crash shutdown, cannot
# connect now (starting up).
OUTAGE_SQLSTATES = ("08", "53", "57P")
# SQLite's own words for a database it cannot get at right now.
SQLITE_OUTAGES = ("database is locked", "unable to open database", "disk i/o error")


def is_outage(exc: BaseException | None) -> bool:
    """Whether an exception means the database cannot be reached now (rather than a bad query)."""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    if isinstance(cause, sqlite3.Error):
        return any(words in str(cause).lower() for words in SQLITE_OUTAGES)
    code = getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)
    # No SQLSTATE: the driver gave up before any server answered (refused, reset, timed out).
    return code is None or str(code).startswith(OUTAGE_SQLSTATES)


def outage_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: JSON under the API, the stand-alone page elsewhere."""
    response: HttpResponse
    if request.path.startswith(API_PREFIX):
        response = JsonResponse({"detail": DETAIL}, status=503)
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    """Turn a connection failure raised by a view into the 503 answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_outage(exception):
            return None
        logger.warning("Database unavailable for %s %s: %s", request.method, request.path, exception)
        return outage_response(request)


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """Django's 500 handler, except that a database outage raised outside a view is the 503 answer."""
    if is_outage(sys.exc_info()[1]):
        return outage_response(request)
    response = django_server_error(request, template_name)
    return response if isinstance(response, HttpResponse) else HttpResponseServerError()
