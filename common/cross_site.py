"""Refusing forms that another site made a browser send, without a per-visitor token in the page.

A CSRF token in a page makes that page different for every visitor, so no cache may keep it. For a
form whose worst forgery is small (a "Was this helpful?" vote), the browser's own word is enough:
every current browser sends ``Sec-Fetch-Site`` (Fetch Metadata) or at least ``Origin`` with a POST,
and a page on another site cannot remove or forge them. A request with neither comes from a
program, not from a browser another site could steer (the rule Go's CrossOriginProtection uses).
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt


def is_cross_site(request: HttpRequest) -> bool:
    """Whether the browser says another site (or an opaque origin) made this request."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        # "none": the person typed the address or used a bookmark.
        return fetch_site not in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    return origin != f"{request.scheme}://{request.get_host()}"


def same_site_forms_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Exempt ``view`` from the token check and refuse, with a 403 page, a POST another site sent
    (links from other sites to its GET page still work)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE") and is_cross_site(request):
            return render(request, "403_csrf.html", status=403)
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapper)
