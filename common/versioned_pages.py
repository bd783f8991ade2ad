"""Private pages rendered once per version of what they show, then served from the cache.

A troubleshooting session's step page is the same for everyone who holds its address until the
session moves: the customer reloading it, a second tab, the page coming back from the browser's
history. Rendering it (the transcript, the step's form, the progress) costs ten times the work of
reading one row, so the rendered page is kept in Django's cache with the *version* it was rendered
for -- a value the view reads in one cheap query (the session's ``updated_at``, which every change
of the session moves) -- and the content generation of ``common.page_cache`` (a tree or article
edit). A request whose version still matches gets the kept page; any other renders it anew. The
version comes from the database on every request, so no process can serve a page that another
process's change made stale, whatever cache is configured.

The pages carry forms, and their forms keep Django's CSRF token: the kept copy holds a placeholder
where the token was, and each answer puts the visitor's own token (masked anew) in its place, so the
CSRF middleware sets the visitor's cookie exactly as for a page rendered for them. Because of that
token, and because the address is the session's capability, these pages are ``private`` and never
kept by a browser cache or a proxy.

Visitors with a session or messages cookie (staff, a flash message to show) always get a fresh
render, as with ``common.page_cache``.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control, patch_vary_headers

from . import page_cache
from .htmx import is_htmx

_KEY_PREFIX = "pages:versioned:v1:"
# Never a token: tokens are letters and digits only.
_TOKEN_PLACEHOLDER = b"@@csrf-token@@"
_TOKEN_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
_KEPT_HEADERS = ("Content-Type", "Content-Language")

VersionOf = Callable[..., "str | None"]
View = Callable[..., HttpResponse]


def _private(response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, ("Cookie",))
    patch_cache_control(response, private=True, no_cache=True)
    return response


def _key(request: HttpRequest) -> str:
    ident = f"{request.scheme}://{request.get_host()}{request.path}|{int(is_htmx(request))}"
    return _KEY_PREFIX + hashlib.sha256(ident.encode()).hexdigest()


def _template(body: bytes) -> bytes | None:
    """The page with its CSRF token swapped for the placeholder; None if it holds two different tokens."""
    tokens = set(_TOKEN_FIELD.findall(body))
    if len(tokens) > 1:
        return None
    return body.replace(tokens.pop(), _TOKEN_PLACEHOLDER) if tokens else body


def _answer(request: HttpRequest, entry: dict[str, Any]) -> HttpResponse:
    body = entry["body"]
    if _TOKEN_PLACEHOLDER in body:
        body = body.replace(_TOKEN_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(b"" if request.method == "HEAD" else body)
    for name, value in entry["headers"].items():
        response.headers[name] = value
    response.headers["Content-Length"] = str(len(body))
    return _private(response)


def cached_per_version(version_of: VersionOf, *, unless: Iterable[str] = ()) -> Callable[[View], View]:
    """Serve a GET page from the cache while ``version_of(request, *args, **kwargs)`` is unchanged.

    ``version_of`` returns None when there is nothing to show (the view then answers, e.g. with a 404).
    A request with any parameter in ``unless``, a personal cookie, or another method goes straight to
    the view. Only a 200 without cookies of its own is kept.
    """
    unless = tuple(unless)

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if (
                request.method not in ("GET", "HEAD")
                or page_cache.is_personal(request)
                or any(name in request.GET for name in unless)
            ):
                return _private(view(request, *args, **kwargs))
            version = version_of(request, *args, **kwargs)
            if version is None:
                return _private(view(request, *args, **kwargs))
            key = _key(request)
            found = cache.get_many([page_cache.GENERATION_KEY, key])
            stamp = (version, page_cache.generation(found.get(page_cache.GENERATION_KEY)))
            entry = found.get(key)
            if entry is not None and entry["stamp"] == stamp:
                return _answer(request, entry)
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming or response.cookies:
                return _private(response)
            body = _template(response.content)
            if body is None:
                return _private(response)
            headers = {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)}
            entry = {"stamp": stamp, "body": body, "headers": headers}
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            return _answer(request, entry)

        return wrapper

    return decorator
