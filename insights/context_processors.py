"""The site menu's "Insights" link, for those who may open the dashboard.

A context processor rather than a permission test in the template, so that the rule lives in one
place (insights.access). The answer is computed only when a template asks for it, and costs no
query for a visitor who is not signed in: anonymous pages, the ones common.page_cache keeps and
shares, can never carry the link, because a page is kept only for requests without a session cookie,
and without one nobody is signed in.
"""
from __future__ import annotations

from django.http import HttpRequest

from .access import may_see_insights


class _InsightsLink:
    """True in a template's ``{% if %}`` when the request's user may see the insights; asks once."""

    def __init__(self, request: HttpRequest) -> None:
        self._request = request
        self._answer: bool | None = None

    def __bool__(self) -> bool:
        if self._answer is None:
            user = getattr(self._request, "user", None)
            self._answer = bool(user is not None and user.is_authenticated and may_see_insights(user))
        return self._answer


def insights_link(request: HttpRequest) -> dict[str, object]:
    return {"show_insights_link": _InsightsLink(request)}
