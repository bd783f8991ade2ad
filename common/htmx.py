"""The one test for "this request came from htmx", shared by every app's views."""
from __future__ import annotations

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    """Whether htmx sent the request (it sets ``HX-Request: true``), so a fragment is the right answer.

    Not when htmx restores a page after the browser's Back (``HX-History-Restore-Request``): it swaps in
    the whole page it asked for, so that request gets the full page.
    """
    # META rather than request.headers: building the headers mapping costs more than this whole test.
    meta = request.META
    return meta.get("HTTP_HX_REQUEST") == "true" and meta.get("HTTP_HX_HISTORY_RESTORE_REQUEST") != "true"
