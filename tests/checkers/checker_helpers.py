"""Helpers for the checker tests: run a checker by name and pick findings out of its result."""
from __future__ import annotations

from typing import Any

from checkers import get_checker


def run(name: str, data: Any) -> dict:
    checker = get_checker(name)
    assert checker is not None, name
    return checker.run(data)


def messages(result: dict, level: str | None = None) -> str:
    """All finding messages of a result (optionally of one level) as one text to search in."""
    return "\n".join(f["message"] for f in result["findings"] if level is None or f["level"] == level)


def first(result: dict, level: str = "error") -> dict:
    return next(f for f in result["findings"] if f["level"] == level)
