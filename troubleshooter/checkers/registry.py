"""The diagnostic checker registry: what a checker is, and how the rest of Waypoint finds one.

A checker is a pure function from a dict of inputs to a result dict::

    {"ok": bool, "verdict": str, "findings": [{"level": "error"|"warning"|"info", "message": str, ...}], ...}

``verdict`` is the word a troubleshooter ``check`` node branches on (each checker lists the
verdicts it can return in ``Checker.verdicts``). A checker never raises on bad input: it returns
a finding instead, so the API and the wizard can show it.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

CheckResult = dict[str, Any]


@dataclass(frozen=True)
class Field:
    """One input of a checker, enough to draw a labelled form field and to document the API."""

    name: str
    label: str
    kind: str = "text"  # text | textarea | select | datetime | list | secret (never echoed back)
    help: str = ""
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Checker:
    name: str  # the URL name: json-body, template, phone-numbers, sig, unsubscribe, delay, remarks
    title: str
    description: str
    fields: tuple[Field, ...]
    run: Callable[[dict[str, Any]], CheckResult]
    verdicts: tuple[str, ...]
    example: dict[str, Any] = field(default_factory=dict)

    @property
    def primary_field(self) -> str:
        """The field a single pasted value goes into when a caller sends a string."""
        return self.fields[0].name


_REGISTRY: dict[str, Checker] = {}


def register(checker: Checker) -> Checker:
    if checker.name in _REGISTRY:
        raise ValueError(f"A checker named {checker.name!r} is already registered.")
    _REGISTRY[checker.name] = checker
    return checker


def get_checker(name: str) -> Checker | None:
    return _REGISTRY.get(name)


def all_checkers() -> list[Checker]:
    return list(_REGISTRY.values())
