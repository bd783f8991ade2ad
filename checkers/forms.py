"""The form for a checker's page, drawn from the checker's Field list."""
from __future__ import annotations

from typing import Any

from django import forms

from .delay import parse_moment
from .registry import Checker

# Pasted texts are checked exactly as given: trailing spaces and blank lines can be the problem.
MAX_FIELD_CHARS = 100_000


def _datetime_field(required: bool, **options: Any) -> forms.CharField:
    def must_parse(value: str) -> None:
        if value and parse_moment(value) is None:
            raise forms.ValidationError("Write a date and time like 2026-11-24 10:00:05 (add +08:00 for a time zone).")

    return forms.CharField(required=required, validators=[must_parse], max_length=64,
                           widget=forms.TextInput(attrs={"placeholder": "2026-11-24 10:00:05", "spellcheck": "false"}),
                           **options)


def checker_form_class(checker: Checker) -> type[forms.Form]:
    """A Form class with one labelled field per checker input."""
    fields: dict[str, forms.Field] = {}
    for spec in checker.fields:
        options: dict[str, Any] = {"label": spec.label, "help_text": spec.help}
        text_attrs = {"spellcheck": "false", "autocomplete": "off"}
        if spec.kind == "select":
            fields[spec.name] = forms.ChoiceField(choices=spec.choices, required=spec.required,
                                                  initial=spec.choices[0][0], widget=forms.RadioSelect, **options)
        elif spec.kind == "datetime":
            fields[spec.name] = _datetime_field(spec.required, **options)
        elif spec.kind == "secret":
            fields[spec.name] = forms.CharField(required=spec.required, strip=False, max_length=200,
                                                widget=forms.PasswordInput(render_value=False,
                                                                           attrs={"autocomplete": "off"}), **options)
        elif spec.kind in ("textarea", "list"):
            fields[spec.name] = forms.CharField(required=spec.required, strip=False, max_length=MAX_FIELD_CHARS,
                                                widget=forms.Textarea(attrs={"rows": 6, **text_attrs}), **options)
        else:
            fields[spec.name] = forms.CharField(required=spec.required, strip=False, max_length=2_000,
                                                widget=forms.TextInput(attrs=text_attrs), **options)
    return type(f"{checker.name.title().replace('-', '')}CheckForm", (forms.Form,), fields)


def checker_input(form: forms.Form) -> dict[str, Any]:
    """The checker's input dict from a valid form: optional fields left blank are simply absent."""
    return {name: value for name, value in form.cleaned_data.items() if value not in (None, "")}
