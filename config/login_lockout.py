"""How django-axes counts and refuses sign-ins: the username it records, and the lockout page.

Axes' default is a bare "Account locked" text; this is the site's own page, with status 429 and
``Retry-After``, for the admin's login, the agent console's and any other that uses authenticate().
"""
from __future__ import annotations

import math
from datetime import timedelta

from axes.helpers import get_cool_off, get_failure_limit
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# Django's usernames are at most 150 characters; axes stores what was typed in a 255-character column,
# which PostgreSQL refuses to overflow (a 500 on a login form sent a 300-character username).
MAX_USERNAME_CHARS = 150


def username_tried(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The username a sign-in tried, cut to the longest a real one can be."""
    source = credentials if credentials else getattr(request, "POST", {})
    username = source.get("username")
    return username[:MAX_USERNAME_CHARS] if isinstance(username, str) else None


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """Render templates/axes_lockout.html with the failure limit and the wait in minutes."""
    cool_off = get_cool_off(request) or timedelta(0)
    minutes = max(1, math.ceil(cool_off.total_seconds() / 60))
    context = {"failure_limit": get_failure_limit(request, credentials), "minutes": minutes}
    response = render(request, "axes_lockout.html", context, status=429)
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
