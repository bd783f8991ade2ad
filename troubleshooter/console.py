"""Who may use the agent console: staff with the ``use_agent_console`` permission (the Agents group).

The permission is the Ticket model's (tickets app); the console's live-session pages here and its
ticket pages in tickets both check it through :func:`agent_required`.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

AGENT_PERMISSION = "tickets.use_agent_console"


def may_use_console(user) -> bool:
    """Whether this (signed-in) user may use the agent console."""
    return bool(user.is_active and user.is_staff and user.has_perm(AGENT_PERMISSION))


def agent_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sign-in on the console's own page (when anonymous), then the console permission (403 without it)."""

    @login_required(login_url="agent:login")
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not may_use_console(request.user):
            raise PermissionDenied("The agent console is for the support team (the Agents group).")
        return view(request, *args, **kwargs)

    return wrapped
