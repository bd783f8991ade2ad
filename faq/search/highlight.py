"""Turning a backend's marked snippet text into safe HTML with <mark> around the matches."""
from __future__ import annotations

import html

from django.utils.safestring import SafeString, mark_safe

from faq import markdown

from .types import MARK_END, MARK_START


def highlight(marked_text: str) -> SafeString:
    """Escape engine snippet text and turn its match markers into <mark> elements."""
    escaped = html.escape(marked_text.replace(MARK_END + " " + MARK_START, " "))
    marked = escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    # Sanitised as well, so that even an unbalanced marker cannot leave broken markup behind.
    return mark_safe(markdown.sanitise(marked))  # noqa: S308
