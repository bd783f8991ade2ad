"""What the JSON API accepts at its edge, checked before any view or parser sees the request.

* Bodies under /api/v1/ must be ``application/json`` (415 otherwise). A ``text/plain`` POST is the
  one a web page can send to another site without a CORS preflight, so without this rule any page
  a customer visited could file tickets (and make the support address mail whomever it liked).
* Browser POSTs to the API from another origin are refused (403): ``Sec-Fetch-Site`` says so in
  current browsers, ``Origin`` in the rest. Scripts and servers, which send neither, keep working.
* A JSON body (under /api/v1/ or anywhere) may not nest deeper than MAX_JSON_DEPTH nor carry an
  unpaired surrogate such as ``\\ud800``: Python's json accepts both, and they only fail later,
  deep inside a recursive check or when PostgreSQL or the mailer tries to encode the text: a 500.
  Here they are a 400 that says what was wrong.

Under /api/v1/ every refusal is ``{"detail": "..."}``; elsewhere a plain 400 page.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from common.cross_site import is_cross_site
from config.api_errors import API_PREFIX

# No request Waypoint takes is more than a few levels deep (a checker's input inside an answer);
# 32 leaves room for any honest client and stays far below Python's recursion limit.
MAX_JSON_DEPTH = 32
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
JSON_TYPE = "application/json"

UNSUPPORTED_TYPE = "The API accepts only JSON: send the body with Content-Type: application/json."
CROSS_ORIGIN = "Requests to the API from another site's pages are refused."
TOO_DEEP = f"The JSON body is nested too deeply (more than {MAX_JSON_DEPTH} levels)."
SURROGATE = "The JSON body contains an unpaired surrogate (such as \\ud800), which is not text; remove it."
NOT_UTF8 = "The request body is not UTF-8 text."


class BadJson(ValueError):
    """A JSON body that decodes but must not reach a view; the message says why."""


def check_json_value(value: Any) -> None:
    """Raise BadJson if a decoded JSON value nests too deeply or holds a string that is not valid text.

    Iterative, so that a value nested thousands of levels deep cannot exhaust the stack here either.
    """
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            _check_text(item)
            continue
        if not isinstance(item, (dict, list)):
            continue
        if depth > MAX_JSON_DEPTH:
            raise BadJson(TOO_DEEP)
        if isinstance(item, dict):
            for key, child in item.items():
                _check_text(key)
                stack.append((child, depth + 1))
        else:
            stack.extend((child, depth + 1) for child in item)


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadJson(SURROGATE) from None


def json_body_problem(body: bytes) -> str | None:
    """What is wrong with a JSON request body that views must not see, or None.

    Syntax errors are left to the view (which names them better); only what decodes and would
    still break something later is caught here.
    """
    if not body.strip():
        return None
    try:
        value = json.loads(body)
    except RecursionError:
        return TOO_DEEP
    except UnicodeDecodeError:
        return NOT_UTF8
    except ValueError:
        return None
    try:
        check_json_value(value)
    except BadJson as problem:
        return str(problem)
    return None


def _media_type(request: HttpRequest) -> str:
    return (request.META.get("CONTENT_TYPE") or "").split(";", 1)[0].strip().lower()


def _read_body(request: HttpRequest) -> bytes | None:
    try:
        return request.body
    except RequestDataTooBig:
        return None  # The view answers 413 for it.


class ApiEdgeMiddleware:
    """Refuse non-JSON API bodies (415), cross-origin browser API writes (403) and JSON no view should see (400)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = self.refusal(request)
        if refusal is None:
            return self.get_response(request)
        status, message = refusal
        if request.path.startswith(API_PREFIX):
            return JsonResponse({"detail": message}, status=status)
        # Rendered without the request, like Django's own 400 page: later middleware has not run.
        return HttpResponse(render_to_string("400.html", {"reason": message}), status=status)

    def refusal(self, request: HttpRequest) -> tuple[int, str] | None:
        is_api = request.path.startswith(API_PREFIX)
        if is_api and request.method in UNSAFE_METHODS:
            if is_cross_site(request):
                return 403, CROSS_ORIGIN
            body = _read_body(request)
            if body and body.strip() and _media_type(request) != JSON_TYPE:
                return 415, UNSUPPORTED_TYPE
        if request.method in UNSAFE_METHODS and _media_type(request) == JSON_TYPE:
            body = _read_body(request)
            problem = json_body_problem(body) if body else None
            if problem:
                return 400, problem
        return None
