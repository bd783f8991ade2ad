"""Every error the API answers is JSON ``{"detail": "..."}``, whoever produced it.

django-ninja's exception handlers (config/api.py) cover the errors raised inside an operation; a
few answers come from elsewhere with an HTML or plain-text body: the 405 for a method an address
does not take, Django's own 400/403/500 pages. This middleware turns any such answer under
/api/v1/ into the same JSON shape, keeping its status and headers such as ``Allow``.
"""
from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse, JsonResponse

API_PREFIX = "/api/v1/"
# Headers of the original answer that still mean something on the JSON one.
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


def describe(request: HttpRequest, response: HttpResponse) -> str:
    """A sentence for an error answer that came without one."""
    status = response.status_code
    if status == 405:
        allowed = response.get("Allow", "")
        return f"{request.method} is not allowed at {request.path}" + (f"; use {allowed}." if allowed else ".")
    if status >= 500:
        return "The server could not answer this request; please try again later."
    try:
        return f"{HTTPStatus(status).phrase}."
    except ValueError:
        return "The request could not be answered."


class JsonApiErrorsMiddleware:
    """Replace a non-JSON error answer under /api/v1/ with ``{"detail": "..."}``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path.startswith(API_PREFIX)
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        replacement = JsonResponse({"detail": describe(request, response)}, status=response.status_code)
        for header in KEPT_HEADERS:
            if header in response:
                replacement[header] = response[header]
        return replacement
