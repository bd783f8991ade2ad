"""Mark the spots findings point at inside the text a person pasted, as safe HTML.

A checker finding that carries ``input``, ``offset`` and ``length`` refers to a place in one of
the pasted texts. This module escapes that text and wraps each place in ``<mark>``; characters
nobody can see (spaces, zero-width characters) are drawn as a visible code inside the mark, and
a missing character becomes a caret, so the highlight shows something even where the text does not.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .base import is_invisible
from .registry import Checker

VISIBLE_SPACE = "\u2423"  # OPEN BOX: how a marked plain space is drawn


@dataclass(frozen=True)
class Mark:
    offset: int
    length: int
    number: int  # the finding's number on the page, for the link between text and message
    level: str


def marks_for(findings: list[dict], input_name: str) -> list[Mark]:
    """The findings that point into one input, as marks, numbered as the page lists the findings."""
    marks = []
    for number, item in enumerate(findings, start=1):
        if item.get("input") != input_name or not isinstance(item.get("offset"), int):
            continue
        marks.append(Mark(item["offset"], max(0, int(item.get("length") or 0)), number, item.get("level", "info")))
    return marks


def marked_texts(checker: Checker, data: dict, findings: list[dict]) -> list[dict]:
    """Each pasted text that findings point into, as ``{name, label, html}`` (never a secret field).

    The tools pages show these under the verdict; any page showing a checker's result can too.
    """
    texts = []
    for spec in checker.fields:
        value = data.get(spec.name)
        if spec.kind == "secret" or not isinstance(value, str):
            continue
        marks = marks_for(findings, spec.name)
        if marks:
            texts.append({"name": spec.name, "label": spec.label, "html": highlight(value, marks)})
    return texts


def highlight(text: str, marks: list[Mark]) -> SafeString:
    """Escape ``text`` and wrap each mark's span in ``<mark>``; overlapping later marks are dropped."""
    parts: list[str] = []
    position = 0
    for mark in sorted(marks, key=lambda m: (m.offset, m.number)):
        if mark.offset < position or mark.offset > len(text):
            continue
        parts.append(escape(text[position:mark.offset]))
        end = min(len(text), mark.offset + mark.length)
        parts.append(_mark_html(text[mark.offset:end], mark))
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 (every piece above is escaped or built by format_html)


def _mark_html(span: str, mark: Mark) -> str:
    if not span:
        return format_html('<mark class="mark mark-{} mark-missing" id="mark-{}">‸<span class="visually-hidden"> '
                           '(finding {}: something is missing here)</span></mark>', mark.level, mark.number,
                           mark.number)
    shown = "".join(_show(char) for char in span)
    return format_html('<mark class="mark mark-{}" id="mark-{}">{}<span class="visually-hidden"> (finding {})'
                       '</span></mark>', mark.level, mark.number, mark_safe(shown), mark.number)  # noqa: S308 (_show escapes)


def _show(char: str) -> str:
    if char == " ":
        return f'<span class="shown-char" title="space">{VISIBLE_SPACE}</span>'
    if char == "\n":
        return '<span class="shown-char" title="line break">↵</span>\n'
    if is_invisible(char):
        code = f"U+{ord(char):04X}"
        return f'<span class="shown-char" title="{code}">[{code}]</span>'
    return str(escape(char))
