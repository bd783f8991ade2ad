"""A checker's input as callers send it: turning a value into the input dict, checking its shape, and
describing it as JSON Schema for the API documentation.

The checkers themselves accept anything; this strict layer is for callers that must refuse
malformed input outright (the API answers 400, the troubleshooter asks again). The API is stricter
still (``json=True``): a JSON caller can send an array, so a list given as a string is a mistake
there — except phone numbers, which the contract lets people paste as text, one per line.
"""
from __future__ import annotations

from typing import Any

from .delay import parse_moment
from .registry import Checker, Field

# The legacy API sends these as JSON numbers, so people paste them as numbers too.
NUMBERS_ACCEPTED = {"time", "random"}
# The list inputs a JSON caller may still send as text with one item per line.
TEXT_LISTS_ACCEPTED = {"numbers"}


def as_input(checker: Checker, value: Any) -> Any:
    """A check node's answer as the checker's input: a plain string goes into the primary field."""
    if isinstance(value, str):
        return {checker.primary_field: value}
    return value


def input_errors(checker: Checker, data: Any, *, json: bool = False) -> list[str]:
    """What is wrong with the shape of an input (not its content), in words; empty when it is fine.

    Forms post every field as text, so by default a list may be text with one item per line;
    ``json=True`` (the API) wants JSON arrays for lists, but for ``TEXT_LISTS_ACCEPTED``.
    """
    names = [f.name for f in checker.fields]
    if not isinstance(data, dict):
        return [f"The {checker.name} checker takes a JSON object with the fields {', '.join(names)}."]
    errors = [f"Unknown field “{str(key)[:40]}”; the {checker.name} checker takes {', '.join(names)}."
              for key in data if key not in names]
    for field in checker.fields:
        value = data.get(field.name)
        if json and field.kind == "list" and field.name not in TEXT_LISTS_ACCEPTED and isinstance(value, str):
            errors.append(f"{field.name}: must be a JSON array of strings, one per item, e.g. [\"1234\", \"5\"]; "
                          "a string is not split into items.")
            continue
        if value is None or value == "" or value == []:
            if field.required:
                errors.append(f"{field.name}: this field is required ({field.label}).")
            continue
        problem = _field_problem(field, value)
        if problem:
            errors.append(f"{field.name}: {problem}")
    return errors


def _field_problem(field: Field, value: Any) -> str | None:
    if field.kind == "list":
        if isinstance(value, str):
            return None
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return None
        return "give a list of strings, or text with one item per line."
    if field.kind == "select":
        allowed = [key for key, _ in field.choices]
        return None if value in allowed else f"must be one of {', '.join(allowed)}."
    if field.name in NUMBERS_ACCEPTED and not isinstance(value, str):
        if isinstance(value, int) and not isinstance(value, bool):
            return None
        return "must be a whole number or a string of digits."
    if not isinstance(value, str):
        return "must be a string."
    if field.kind == "datetime" and parse_moment(str(value)) is None:
        return "must be an ISO 8601 date and time, such as 2026-11-24T10:00:05+08:00."
    return None


def public_input(checker: Checker, data: dict[str, Any]) -> dict[str, Any]:
    """The input with every secret field (the sig checker's AppKey) blanked: what may be stored or shown."""
    secret = {f.name for f in checker.fields if f.kind == "secret"}
    return {name: ("(not stored)" if name in secret else value) for name, value in data.items()}


def input_schema(checker: Checker) -> dict[str, Any]:
    """JSON Schema of a checker's input object, with its example."""
    properties: dict[str, Any] = {}
    for field in checker.fields:
        if field.kind == "list" and field.name in TEXT_LISTS_ACCEPTED:
            schema: dict[str, Any] = {"oneOf": [{"type": "array", "items": {"type": "string"}},
                                                {"type": "string", "description": "one item per line"}]}
        elif field.kind == "list":
            schema = {"type": "array", "items": {"type": "string"}}
        elif field.name in NUMBERS_ACCEPTED:
            schema = {"oneOf": [{"type": "string"}, {"type": "integer"}]}
        elif field.kind == "select":
            schema = {"type": "string", "enum": [key for key, _ in field.choices]}
        elif field.kind == "datetime":
            # Not "format": "date-time": the checker also reads times without a zone or with a space.
            schema = {"type": "string"}
        elif field.kind == "secret":
            schema = {"type": "string", "format": "password", "writeOnly": True}
        else:
            schema = {"type": "string"}
        if not field.required:
            # An optional field may also be sent empty: null, or "" for a choice (as input_errors reads it).
            empty: list[dict[str, Any]] = [{"type": "null"}] + ([{"const": ""}] if field.kind == "select" else [])
            schema = {"anyOf": [schema, *empty]}
        schema.update(title=field.label, description=field.help)
        properties[field.name] = schema
    return {
        "type": "object",
        "properties": properties,
        "required": [f.name for f in checker.fields if f.required],
        "additionalProperties": False,
        "example": checker.example,
    }
