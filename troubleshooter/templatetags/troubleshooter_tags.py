"""Form controls for the wizard: the right input for each input type and checker field, labelled elsewhere."""
from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from ..models import Node, Session
from ..reading import read_link

register = template.Library()

_INPUT_ATTRIBUTES = {
    Node.InputType.NUMBER: {"type": "text", "inputmode": "decimal"},
    Node.InputType.DURATION: {"type": "text", "autocomplete": "off"},
    Node.InputType.DATETIME: {"type": "datetime-local", "step": "1"},
}


def _described_by(*ids: str) -> str:
    return " ".join(i for i in ids if i)


@register.simple_tag
def answer_input(spec: dict[str, Any], value: str, error: str) -> SafeString:
    """The control for an input node's answer (``spec`` is the node view's input), pre-filled when offered again."""
    input_type = spec.get("type", "")
    described = _described_by("answer-help" if spec.get("help") else "", "answer-error" if error else "")
    extra = format_html(' aria-describedby="{}"', described) if described else ""
    if error:
        extra += mark_safe(' aria-invalid="true"')
    if input_type == Node.InputType.TEXT:
        return format_html(
            '<textarea id="answer-value" name="value" rows="4" required maxlength="5000"{}>{}</textarea>', extra, value
        )
    attributes = _INPUT_ATTRIBUTES.get(input_type, {"type": "text"})
    placeholder = "" if input_type == Node.InputType.DATETIME else f"For example: {spec.get('example', '')}"
    return format_html(
        '<input id="answer-value" name="value" value="{}" required{}{}{}>',
        value,
        format_html_join("", ' {}="{}"', attributes.items()),
        format_html(' placeholder="{}"', placeholder) if placeholder else "",
        extra,
    )


@register.simple_tag
def check_field(item: dict[str, Any]) -> SafeString:
    """The control for one checker field (text, textarea, list, select or datetime)."""
    field, name, value = item["field"], item["name"], item["value"]
    extra = format_html(' aria-describedby="{}-help"', name) if field.help else ""
    if field.required:
        extra += mark_safe(" required")
    if field.kind in ("textarea", "list"):
        return format_html('<textarea id="{}" name="{}" rows="5"{}>{}</textarea>', name, name, extra, value)
    if field.kind == "select":
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((key, " selected" if str(value) == key else "", label) for key, label in field.choices),
        )
        return format_html('<select id="{}" name="{}"{}>{}</select>', name, name, extra, options)
    if field.kind == "secret":
        # Never echoed back into the page, even after a refused answer.
        return format_html('<input id="{}" name="{}" type="password" autocomplete="off"{}>', name, name, extra)
    if field.kind == "datetime":
        # A text box, not a date picker: pickers refuse the "2026-11-24 10:00:00" people paste from
        # logs and the console, and drop the time zone (the checker reads both).
        extra += mark_safe(' placeholder="2026-11-24 10:00:05" spellcheck="false" autocomplete="off"')
    return format_html('<input id="{}" name="{}" type="text" value="{}"{}>', name, name, value, extra)


@register.filter
def read_via(article_url: str, session: Session) -> str:
    """An outcome's article link that goes through the session, so the ticket shows what was opened."""
    return read_link(session, article_url)
