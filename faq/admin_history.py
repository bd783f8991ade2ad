"""How article history reads in the admin: changes that keep whole lines, reasons that say what happened,
and restoring an old version without silently restoring its old status.

simple-history shortens every changed value to about 100 characters, cutting an article body's change
mid-word (the "147 characters" complaint); here a long or multi-line value is shown as the lines that
changed, each whole. Pure functions first; the admin mixin only wires them in.
"""
from __future__ import annotations

import difflib
from typing import Any

from django.forms import ModelForm
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from simple_history.template_utils import HistoricalRecordContextHelper

# simple-history's change-reason column is a CharField(max_length=100).
MAX_REASON = 100
# Values up to this long on one line are shown whole, as they are.
SHORT_VALUE = 100


def changed_lines(old: str, new: str) -> tuple[list[str], list[str]]:
    """The lines of ``old`` that were removed or replaced, and the lines of ``new`` that replaced or
    were added, each whole and in order."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    removed: list[str] = []
    added: list[str] = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            removed += old_lines[i1:i2]
            added += new_lines[j1:j2]
    return removed, added


def change_reason(changed_fields: list[str], labels: dict[str, str]) -> str:
    """"Changed title and body." from the names of the fields a form changed (at most MAX_REASON long)."""
    names = [labels.get(name, name).lower() for name in changed_fields]
    if not names:
        return "Saved without changes."
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return _fit(f"Changed {listed}.")


def restore_reason(version_date: Any, kept_status: str | None) -> str:
    """The reason recorded when an old version is restored, saying whether the status was kept."""
    when = f"{version_date:%d %b %Y %H:%M} UTC"
    tail = f", keeping the status {kept_status}" if kept_status else ", with its status"
    return _fit(f"Restored the version of {when}{tail}.")


def _fit(text: str) -> str:
    return text if len(text) <= MAX_REASON else text[: MAX_REASON - 1] + "…"


def _lines_html(lines: list[str]) -> SafeString:
    if not lines:
        return format_html('<span class="history-none">(nothing)</span>')
    return format_html(
        '<pre class="history-lines">{}</pre>', format_html_join("\n", "{}", ((line,) for line in lines))
    )


class WholeLinesContextHelper(HistoricalRecordContextHelper):
    """Show a long or multi-line change as its changed lines, whole, instead of a value cut short."""

    def stringify_delta_change_values(self, change, old: Any, new: Any) -> tuple[SafeString, SafeString]:
        if isinstance(old, str) and isinstance(new, str) and (
            "\n" in old or "\n" in new or max(len(old), len(new)) > SHORT_VALUE
        ):
            removed, added = changed_lines(old, new)
            return _lines_html(removed), _lines_html(added)
        return super().stringify_delta_change_values(change, old, new)


def keep_status_form(form_class: type[ModelForm], current_status: str) -> type[ModelForm]:
    """The admin form for restoring an old version, with Status starting at the article's current one,
    so restoring the text never turns a published article into a draft unless the editor chooses it."""

    class RestoreForm(form_class):  # type: ignore[valid-type,misc]
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            if not self.is_bound:
                self.initial["status"] = current_status

    RestoreForm.__name__ = f"Restore{form_class.__name__}"
    return RestoreForm
