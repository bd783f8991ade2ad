"""The answer to a sign-in refused by django-axes after too many failures: a page saying how long to wait.

Axes' default is a bare "Account locked" text; this is the site's own page, with status 429 and
``Retry-After``, for the admin's login, the agent console's and any other that uses authenticate().
"""
from __future__ import annotations

import math
from datetime import timedelta

from axes.helpers import get_cool_off, get_failure_limit
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


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
