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

``EarlyVersionedPageMiddleware`` answers a page kept this way before sessions, authentication, URL
routing and the view run, as ``common.page_cache.EarlyPageMiddleware`` does for public pages: it
reads the version the same way (one query), runs Django's CSRF middleware for the token and its
cookie, and replays the headers the inner middleware added the first time. The step page is
re-read by every customer on every step and poll, and the full stack was two thirds of its cost.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils.cache import patch_cache_control, patch_vary_headers

from . import page_cache
from .htmx import is_htmx

_KEY_PREFIX = "pages:versioned:v1:"
# What the early middleware needs to answer at an address: which version function, its arguments,
# the parameters that bypass the cache, and the headers the inner middleware added.
_EARLY_PREFIX = "pages:versioned:early:v1:"
# Never a token: tokens are letters and digits only.
_TOKEN_PLACEHOLDER = b"@@csrf-token@@"
_TOKEN_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
_KEPT_HEADERS = ("Content-Type", "Content-Language")

VersionOf = Callable[..., "str | None"]
View = Callable[..., HttpResponse]


def _private(response: HttpResponse) -> HttpResponse:
    # The whole page and htmx's fragment share the address: a browser must not give one for the other
    # (Back after a swap).
    patch_vary_headers(response, ("Cookie", "HX-Request"))
    patch_cache_control(response, private=True, no_cache=True)
    return response


def _ident(request: HttpRequest) -> str:
    ident = f"{request.scheme}://{request.get_host()}{request.path}|{int(is_htmx(request))}"
    return hashlib.sha256(ident.encode()).hexdigest()


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
    version_path = f"{version_of.__module__}.{version_of.__qualname__}"

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
            key = _KEY_PREFIX + _ident(request)
            found = cache.get_many([page_cache.GENERATION_KEY, key])
            stamp = (version, page_cache.generation(found.get(page_cache.GENERATION_KEY)))
            entry = found.get(key)
            if entry is None or entry["stamp"] != stamp:
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.streaming or response.cookies:
                    return _private(response)
                body = _template(response.content)
                if body is None:
                    return _private(response)
                headers = {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)}
                entry = {"stamp": stamp, "body": body, "headers": headers}
                cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            response = _answer(request, entry)
            # For EarlyVersionedPageMiddleware, on the way out once the inner middleware is done.
            response.versioned_page_served = {  # type: ignore[attr-defined]
                "version_of": version_path, "args": args, "kwargs": kwargs, "unless": unless,
            }
            return response

        return wrapper

    return decorator


class EarlyVersionedPageMiddleware:
    """Answer a request for a page ``cached_per_version`` already answered at this address, right after
    ``EarlyPageMiddleware``, when its version is unchanged.

    Same conditions as the decorator (GET or HEAD, no personal cookie, none of its ``unless``
    parameters), the same one-query version check, so no process serves a page another one made
    stale. The visitor's CSRF token is put in as the decorator does, and Django's CSRF middleware
    reads and sets its cookie exactly as it would further in.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method not in ("GET", "HEAD") or page_cache.is_personal(request):
            return self.get_response(request)
        try:
            ident = _ident(request)
        except DisallowedHost:
            return self.get_response(request)  # the inner middleware answers it as usual
        early_key = _EARLY_PREFIX + ident
        found = cache.get_many([page_cache.GENERATION_KEY, _KEY_PREFIX + ident, early_key])
        early, entry = found.get(early_key), found.get(_KEY_PREFIX + ident)
        if early is not None and entry is not None and not any(name in request.GET for name in early["unless"]):
            version = page_cache.imported(early["version_of"])(request, *early["args"], **early["kwargs"])
            if version is not None and entry["stamp"] == (
                version, page_cache.generation(found.get(page_cache.GENERATION_KEY))
            ):
                self.csrf.process_request(request)
                response = _answer(request, entry)
                for name, value in early["headers"].items():
                    response.headers.setdefault(name, value)
                return self.csrf.process_response(request, response)
        response = self.get_response(request)
        served = getattr(response, "versioned_page_served", None)
        if served is not None and response.status_code == 200:
            headers = {
                name: value for name, value in response.items() if name.lower() not in page_cache.NOT_REPLAYED
            }
            cache.set(early_key, {**served, "headers": headers}, settings.PAGE_CACHE_SECONDS)
        return response
