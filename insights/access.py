"""Who may see the insights: active staff in the Editors or Agents group, and superusers."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from troubleshooter.roles import AGENTS, EDITORS


def may_see_insights(user) -> bool:
    if not (user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    # Kept on the user object (one per request), so the view's check and the site menu's link
    # (insights.context_processors) ask the database once between them.
    cached = getattr(user, "_may_see_insights", None)
    if cached is None:
        cached = user.groups.filter(name__in=(EDITORS, AGENTS)).exists()
        user._may_see_insights = cached
    return bool(cached)


def insights_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sign-in first (the admin's login page), then the role check (403 for other accounts)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not may_see_insights(request.user):
            raise PermissionDenied("The insights are for the support team (the Editors and Agents groups).")
        return view(request, *args, **kwargs)

    return wrapped
