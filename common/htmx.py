"""The one test for "this request came from htmx", shared by every app's views."""
from __future__ import annotations

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    """Whether htmx sent the request (it sets ``HX-Request: true``), so a fragment is the right answer."""
    return request.headers.get("HX-Request") == "true"
