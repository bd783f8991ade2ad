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
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

# Sec-Fetch-Site values a browser sends for this site's own pages; "none" is a typed address or bookmark.
OWN_FETCH_SITES = frozenset({"same-origin", "none"})


def is_cross_site(request: HttpRequest) -> bool:
    """Whether the browser says another site (or an opaque origin) made this request.

    The one rule for the tokenless forms here and the JSON API (config/api_edge.py). An origin the
    operator trusts (CSRF_TRUSTED_ORIGINS, such as a chat widget's) is not another site; a request
    with neither Sec-Fetch-Site nor Origin comes from a program, not a browser another site steers.
    """
    origin = request.headers.get("Origin")
    if origin is not None and origin in settings.CSRF_TRUSTED_ORIGINS:
        return False
    if request.headers.get("Sec-Fetch-Site", "none") not in OWN_FETCH_SITES:
        return True
    if origin is None:
        return False
    try:
        own = f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:
        return True
    parts = urlsplit(origin)
    return f"{parts.scheme}://{parts.netloc}" != own


def same_site_forms_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Exempt ``view`` from the token check and refuse, with a 403 page, a POST another site sent
    (links from other sites to its GET page still work)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE") and is_cross_site(request):
            return render(request, "403_csrf.html", status=403)
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapper)
