"""Showing what people typed into a ticket: bidi controls neutralised, and links in notes made clickable.

A right-to-left override (U+202E) in a subject or note would otherwise reverse the text around it on
the agent's screen ("Trojan Source"), making "txt.exe" read "exe.txt". The explicit embedding,
override and isolate controls are removed; templates also wrap such text in ``<bdi>``, so a legitimately
right-to-left name (Arabic, Hebrew) still cannot reorder its neighbours.
"""
from __future__ import annotations

import re

import nh3
from django.utils.html import linebreaks, urlize
from django.utils.safestring import SafeString, mark_safe

# LRE, RLE, PDF, LRO, RLO (U+202A–U+202E) and LRI, RLI, FSI, PDI (U+2066–U+2069). The marks LRM/RLM
# (U+200E/U+200F) stay: they change no order outside themselves.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

# Links in agents' notes open outside the console: never pass it on, never let search engines count them.
LINK_REL = "nofollow noopener noreferrer"


def neutralise_bidi(text: str) -> str:
    """``text`` without the invisible controls that can reverse or embed the text around them."""
    return _BIDI_CONTROLS.sub("", text)


def linked_paragraphs(text: str) -> SafeString:
    """Plain text as escaped HTML paragraphs, with its http(s) and mail addresses as safe links."""
    html = linebreaks(urlize(neutralise_bidi(text), nofollow=True, autoescape=True))
    cleaned = nh3.clean(
        html,
        tags={"a", "p", "br"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=LINK_REL,
    )
    return mark_safe(cleaned)  # noqa: S308 (nh3 kept only p, br and a href with safe schemes)
