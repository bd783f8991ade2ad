"""Refuse requests that carry a NUL character before any view sees them.

PostgreSQL text columns cannot hold "\\x00": a query or an insert with one raises DataError, which
would surface as a 500 wherever a path segment, a query/form value or a JSON answer reaches the
database. No legitimate input contains it, so the request is answered 400 up front. Under /api/v1/
the plain 400 is turned into ``{"detail": "..."}`` by config.api_errors.JsonApiErrorsMiddleware,
which sits outside this one.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string

from config.api_errors import API_PREFIX

NUL = "\x00"
MESSAGE = "The request contains a NUL character (\\0), which no field accepts; remove it and try again."


def _has_nul_in_query(values) -> bool:
    return any(NUL in key or any(NUL in value for value in values.getlist(key)) for key in values)


def contains_nul(value: Any) -> bool:
    """Whether a string, or any string (key or value) inside a dict or list, contains a NUL character."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(contains_nul(key) or contains_nul(item) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return any(contains_nul(item) for item in value)
    return False


def _has_nul_in_json(request: HttpRequest) -> bool:
    """True when a JSON body decodes to something holding a NUL (sent escaped, as \\u0000)."""
    # django-ninja reads API bodies as JSON whatever their declared type.
    if "json" not in (request.content_type or "") and not request.path.startswith(API_PREFIX):
        return False
    # A raw NUL byte is not valid JSON (the parser refuses control characters), so only the escaped
    # form can reach a view as a NUL; the cheap byte test skips decoding almost every body.
    try:
        body = request.body
    except RequestDataTooBig:
        return False  # The view answers 413 for it, as it would without this middleware.
    if b"\\u0000" not in body:
        return False
    try:
        return contains_nul(json.loads(body))
    except (ValueError, RecursionError):
        return False  # Not JSON (or nested too deep to read): the view explains that itself.


def has_nul(request: HttpRequest) -> bool:
    """Whether the path, any GET or POST value, or a JSON body carries a NUL character."""
    if NUL in request.path:
        return True
    if _has_nul_in_query(request.GET):
        return True
    form_types = ("application/x-www-form-urlencoded", "multipart/form-data")
    if request.method == "POST" and request.content_type in form_types and _has_nul_in_query(request.POST):
        return True
    return _has_nul_in_json(request)


def forget_cookies_with_nul(request: HttpRequest) -> None:
    """Drop cookies whose name or value holds a NUL, as if the browser had not sent them.

    Only a forged or corrupted cookie can hold one; looking its session up would make PostgreSQL
    raise. Refusing the request instead would lock that browser out of the site until the cookie
    expired, so the visitor simply starts without it (a new session, a new CSRF token).
    """
    for name in [name for name, value in request.COOKIES.items() if NUL in name or NUL in value]:
        del request.COOKIES[name]


class RejectNulBytesMiddleware:
    """Answer 400 with a clear message to any request with a NUL character in what views read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        forget_cookies_with_nul(request)
        if has_nul(request):
            if request.path.startswith(API_PREFIX):
                return JsonResponse({"detail": MESSAGE}, status=400)
            # Rendered without the request, as Django's own 400 handler does: the middleware that
            # would give templates a user and messages has not run yet.
            return HttpResponseBadRequest(render_to_string("400.html", {"reason": MESSAGE}))
        return self.get_response(request)
