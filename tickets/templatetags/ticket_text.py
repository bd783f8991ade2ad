"""Template filters for text people typed into tickets (see tickets/text.py for why)."""
from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from tickets.text import linked_paragraphs, neutralise_bidi

register = template.Library()


@register.filter
def bidi_safe(value: object) -> str:
    """The value as text without bidi embedding, override or isolate controls (autoescaped as usual)."""
    return neutralise_bidi("" if value is None else str(value))


@register.filter
def linked_text(value: object) -> SafeString:
    """Escaped paragraphs with clickable, sanitised links (rel nofollow noopener)."""
    return linked_paragraphs("" if value is None else str(value))
