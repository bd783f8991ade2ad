"""The diagnostic checker registry: what a checker is, and how the rest of Waypoint finds one.

A checker is a pure function from a dict of inputs to a result dict::

    {"ok": bool, "verdict": str, "findings": [{"level": "error"|"warning"|"info", "message": str, ...}], ...}

``verdict`` is the word a troubleshooter ``check`` node branches on (each checker lists the
verdicts it can return in ``Checker.verdicts``). A checker never raises on bad input: it returns
a finding instead, so the API and the wizard can show it.

Verdicts are machine words; ``Checker.verdict_labels`` holds the one human wording of each, used
wherever a verdict is shown to a person (wizard transcripts, the agent console, the /tools/ pages).
``Checker.caution_labels`` words a passing verdict that came with warnings, so a headline never says
"looks valid" beside a warning that something is rejected.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
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
    verdict_labels: dict[str, str] = field(default_factory=dict)  # verdict -> words for a person
    caution_labels: dict[str, str] = field(default_factory=dict)  # verdict -> words when warnings came with it

    def verdict_label(self, verdict: str, findings: Sequence[dict[str, Any]] = ()) -> str:
        """The human wording of one of this checker's verdicts (the raw word if it has none), in its
        cautious form when the findings include a warning."""
        if verdict in self.caution_labels and any(item.get("level") == "warning" for item in findings):
            return self.caution_labels[verdict]
        return self.verdict_labels.get(verdict, verdict)

    @property
    def primary_field(self) -> str:
        """The field a single pasted value goes into when a caller sends a string."""
        return self.fields[0].name


_REGISTRY: dict[str, Checker] = {}


def register(checker: Checker) -> Checker:
    """Add a checker; refuse a duplicate name or a verdict list its labels do not match exactly."""
    if checker.name in _REGISTRY:
        raise ValueError(f"A checker named {checker.name!r} is already registered.")
    if set(checker.verdict_labels) != set(checker.verdicts):
        raise ValueError(f"Checker {checker.name!r} must label exactly its verdicts {checker.verdicts!r}.")
    if not set(checker.caution_labels) <= set(checker.verdicts):
        raise ValueError(f"Checker {checker.name!r} has caution labels for verdicts it never returns.")
    _REGISTRY[checker.name] = checker
    return checker


def get_checker(name: str) -> Checker | None:
    return _REGISTRY.get(name)


def verdict_label(checker_name: str, verdict: str, findings: Sequence[dict[str, Any]] = ()) -> str:
    """The human wording of a verdict of the named checker, or the verdict itself if either is unknown."""
    checker = _REGISTRY.get(checker_name)
    return checker.verdict_label(verdict, findings) if checker else verdict


def all_checkers() -> list[Checker]:
    return list(_REGISTRY.values())
