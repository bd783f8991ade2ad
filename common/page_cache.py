"""Whole public pages cached on the server and made cacheable by browsers, proxies and CDNs.

Anonymous readers of an article, a topic, the home page or a troubleshooter's intro all get the same
bytes, so the first one renders the page and the rest get it from Django's cache (the one the rest of
the app uses: in-process by default, Redis with REDIS_URL), already compressed with Brotli and gzip.
Every page carries a validator (a weak ETag and Last-Modified), so a browser or proxy that kept it is
answered 304 without the page being sent again.

Invalidation is by generation: ``content_changed()`` (wired to the content models' signals by the
apps) makes every cached page stale at once -- right away and again when the edit commits, so a page
rendered between the two from uncommitted data is dropped too. The generation lives in the cache
(shared by every process when the cache is Redis) and, for the in-process cache, in the modification
time of a stamp file, which the other web processes on the machine see on their next request.

Requests that carry a session or messages cookie (staff, visitors who voted) are never served from or
stored in the cache: their pages may differ, and they are marked ``private``.

``EarlyPageMiddleware`` serves a page already answered this way at its exact address before the rest
of the middleware, URL routing and the view run, with the headers that inner middleware added the
first time (Content-Security-Policy, X-Frame-Options): a cached page then costs little more than a
bare Django view. What must happen on every reading (an article's view count) is the decorator's
``after`` hook, which the early path runs too.
"""
from __future__ import annotations

import functools
import hashlib
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.module_loading import import_string

from . import compression

GENERATION_KEY = "pages:generation"
_KEY_PREFIX = "pages:v1:"
# Headers the cached copy keeps; the middleware outside the view adds its own again on every answer.
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Link")
# Cookies that may change what a page shows (staff tools, "thank you" after a vote, flash messages).
_PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")

View = Callable[..., HttpResponse]
# Runs on every answer of a cached_page view, from the cache or not: (request, response, *args, **kwargs).
AfterHook = Callable[..., None]
T = TypeVar("T")
_ADDRESS_PREFIX = _KEY_PREFIX + "at:"
# Headers the early path makes itself, or that must never be replayed to another visitor.
NOT_REPLAYED = frozenset({
    "content-length", "content-encoding", "etag", "last-modified", "vary", "cache-control", "date", "set-cookie",
})


def _stamp_path() -> Path:
    configured = getattr(settings, "PAGE_CACHE_STAMP_FILE", "")
    return Path(configured) if configured else _default_stamp_path()


@functools.cache
def _default_stamp_path() -> Path:
    # One stamp per project and database, so that two sites on one machine do not invalidate each other.
    database = settings.DATABASES["default"]
    ident = f"{settings.BASE_DIR}|{database.get('ENGINE')}|{database.get('NAME')}"
    return Path(tempfile.gettempdir()) / f"waypoint-pages-{hashlib.sha256(ident.encode()).hexdigest()[:16]}.stamp"


def _stamp() -> int:
    try:
        return os.stat(_stamp_path()).st_mtime_ns
    except OSError:
        return 0


def _bump() -> None:
    cache.set(GENERATION_KEY, time.time_ns(), None)
    path = _stamp_path()
    try:
        path.touch()
        os.utime(path)  # touch() on an existing file may keep the same second on some filesystems
    except OSError:
        # A read-only temp directory only loses cross-process invalidation of the in-process cache.
        pass


def _current_generation() -> int:
    # The generation was evicted or never set: start a new one, so no page kept before counts as fresh.
    cache.add(GENERATION_KEY, time.time_ns(), None)
    return cache.get(GENERATION_KEY) or 0


def generation(kept: int | None = None) -> tuple[int, int]:
    """The content's generation now; ``kept`` is GENERATION_KEY's value when the caller read it already."""
    return (kept or _current_generation(), _stamp())


def content_changed(*_args: Any, **_kwargs: Any) -> None:
    """Make every cached page stale: now, and once more when the surrounding transaction commits.

    Takes any arguments, so it can be connected to model signals as it is.
    """
    _bump()
    transaction.on_commit(_bump)


def memoized(name: str, compute: Callable[[], T]) -> T:
    """A fact derived from the content (related articles, a tree's graph), computed once per
    generation: the same edits that make the cached pages stale make it stale too."""
    key = f"{_KEY_PREFIX}memo:{name}"
    found = cache.get_many([GENERATION_KEY, key])
    current = generation(found.get(GENERATION_KEY))
    kept = found.get(key)
    if kept is not None and kept[0] == current:
        return kept[1]
    value = compute()
    cache.set(key, (current, value), settings.PAGE_CACHE_SECONDS)
    return value


def invalidate_on_change(*models: type[Model]) -> None:
    """Make every cached page stale whenever one of ``models`` is saved or deleted (or, for a
    many-to-many table, changed). Called from the apps' ready()."""
    for model in models:
        uid = f"pages-{model._meta.label_lower}"
        post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}-saved")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}-deleted")
        if model._meta.auto_created:
            m2m_changed.connect(content_changed, sender=model, dispatch_uid=f"{uid}-m2m")


def is_personal(request: HttpRequest) -> bool:
    """Whether the request carries a cookie that may change what a page shows (staff, a flash message)."""
    return any(name in request.COOKIES for name in _PERSONAL_COOKIES)


def _cache_key(request: HttpRequest, query: Iterable[str]) -> str:
    params = "&".join(f"{name}={request.GET.get(name, '')}" for name in query)
    # The host and scheme appear in the page (its canonical link).
    ident = f"{request.scheme}://{request.get_host()}{request.path}?{params}"
    return _KEY_PREFIX + hashlib.sha256(ident.encode()).hexdigest()


def _public(response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, ("Cookie", "Accept-Encoding"))
    patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PAGE_CACHE_SHARED_MAX_AGE)
    return response


def _answer(request: HttpRequest, entry: dict[str, Any]) -> HttpResponse:
    encoding = compression.preferred_encoding(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    body = entry["bodies"].get(encoding)
    if body is None:
        encoding, body = "", entry["bodies"][""]
    response = HttpResponse(b"" if request.method == "HEAD" else body)
    for name, value in entry["headers"].items():
        response.headers[name] = value
    response.headers["Content-Length"] = str(len(body))
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.headers["ETag"] = entry["etag"]
    response.headers["Last-Modified"] = http_date(entry["last_modified"])
    _public(response)
    conditional = get_conditional_response(
        request, etag=entry["etag"], last_modified=entry["last_modified"], response=response
    )
    return conditional or response


def _entry(response: HttpResponse, current: tuple[Any, int]) -> dict[str, Any]:
    body = response.content
    bodies = {"": body}
    if len(body) >= compression.MIN_SIZE:
        for encoding in ("br", "gzip"):
            bodies[encoding] = compression.compress(body, encoding, dense=True)
    return {
        "generation": current,
        "bodies": bodies,
        "headers": {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)},
        "etag": f'W/"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"',
        "last_modified": int(time.time()),
    }


def cached_page(
    *, query: Iterable[str] = (), unless: Iterable[str] = (), after: AfterHook | None = None
) -> Callable[[View], View]:
    """Serve a public GET page from the page cache for visitors without a personal cookie.

    ``query`` names the parameters that change the page (others, such as ``utm_source``, share the
    cached copy); a request with any parameter in ``unless`` (a form's input) is never cached.
    ``after(request, response, *args, **kwargs)``, a module-level function, runs on every answer,
    including those EarlyPageMiddleware gives without calling the view.
    """
    query, unless = tuple(query), tuple(unless)
    after_path = f"{after.__module__}.{after.__qualname__}" if after is not None else ""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if (
                request.method not in ("GET", "HEAD")
                or is_personal(request)
                or any(name in request.GET for name in unless)
            ):
                response = view(request, *args, **kwargs)
                patch_vary_headers(response, ("Cookie",))
                if not response.has_header("Cache-Control"):
                    patch_cache_control(response, private=True, no_cache=True)
                return _after(after, request, response, args, kwargs)
            key = _cache_key(request, query)
            found = cache.get_many([GENERATION_KEY, key])
            current = generation(found.get(GENERATION_KEY))
            entry = found.get(key)
            if entry is None or entry["generation"] != current:
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.streaming or response.cookies:
                    return _after(after, request, response, args, kwargs)
                entry = _entry(response, current)
                cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            response = _answer(request, entry)
            # For EarlyPageMiddleware: what to keep at this exact address once the response is complete.
            response.page_cache_served = {  # type: ignore[attr-defined]
                "entry": entry, "after": after_path, "args": args, "kwargs": kwargs,
            }
            return _after(after, request, response, args, kwargs)

        return wrapper

    return decorator


def _after(
    after: AfterHook | None, request: HttpRequest, response: HttpResponse, args: tuple, kwargs: dict
) -> HttpResponse:
    if after is not None:
        after(request, response, *args, **kwargs)
    return response


@functools.cache
def imported(path: str) -> Any:
    """The module-level function at ``path`` (a cached page's hook, kept in the cache by name)."""
    return import_string(path)


def _address_key(request: HttpRequest) -> str:
    ident = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return _ADDRESS_PREFIX + hashlib.sha256(ident.encode()).hexdigest()


class EarlyPageMiddleware:
    """Answer a request for a page cache_page already answered at this exact address, as early as the
    middleware order allows (after security headers, static files and compression are set up).

    Whether the copy is current is decided exactly as in the decorator (the content generation), so
    an edit is never served stale. Only visitors without a personal cookie, GET and HEAD; a response
    that set a cookie is never kept.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or is_personal(request):
            return self.get_response(request)
        try:
            key = _address_key(request)
        except DisallowedHost:
            return self.get_response(request)  # the inner middleware answers it as usual
        found = cache.get_many([GENERATION_KEY, key])
        kept = found.get(key)
        if kept is not None and kept["entry"]["generation"] == generation(found.get(GENERATION_KEY)):
            response = _answer(request, kept["entry"])
            for name, value in kept["headers"].items():
                response.headers.setdefault(name, value)
            if kept["after"]:
                imported(kept["after"])(request, response, *kept["args"], **kept["kwargs"])
            return response
        response = self.get_response(request)
        served = getattr(response, "page_cache_served", None)
        if served is not None and response.status_code == 200 and not response.cookies:
            headers = {name: value for name, value in response.items() if name.lower() not in NOT_REPLAYED}
            cache.set(key, {**served, "headers": headers}, settings.PAGE_CACHE_SECONDS)
        return response
