"""The layering docs/architecture.md describes, checked on the source: which app may import which."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("faq", "checkers", "troubleshooter", "tickets", "insights", "portal", "config", "common")
# What each package may not import (every app may import common).
FORBIDDEN = {
    "faq": {"checkers", "troubleshooter", "tickets", "insights", "portal", "config"},
    "checkers": {"troubleshooter", "tickets", "insights", "portal"},
    "troubleshooter": {"tickets", "insights", "portal"},
    "tickets": {"insights", "portal"},
    "insights": {"portal", "config"},
    "common": {"faq", "checkers", "troubleshooter", "tickets", "insights", "portal", "config"},
}
# Imports inside functions that are there on purpose: a database-vendor dispatch and app start-up.
# faq/search/embedding.py imports the optional model runtime where its absence is handled, and
# faq/search/ann.py the optional ANN library the same way (only sites past 60,000 vectors load it).
INNER_IMPORTS_ALLOWED = {"faq/search/backends/__init__.py", "faq/search/embedding.py", "faq/search/ann.py",
                         "faq/apps.py", "config/db_reachable.py"}


def modules(package: str) -> list[Path]:
    return sorted(path for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts)


def imported_packages(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_each_package_imports_only_what_it_may(package):
    crossings = []
    for path in modules(package):
        name = path.relative_to(ROOT).as_posix()
        for imported in imported_packages(ast.parse(path.read_text())) & FORBIDDEN[package]:
            crossings.append(f"{name} imports {imported}")
    assert crossings == []


def test_no_module_hides_an_import_inside_a_function():
    hidden = []
    for package in APPS:
        for path in modules(package):
            name = path.relative_to(ROOT).as_posix()
            if name in INNER_IMPORTS_ALLOWED:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    hidden += [f"{name}:{inner.lineno}" for inner in ast.walk(node)
                               if isinstance(inner, (ast.Import, ast.ImportFrom))]
    assert hidden == []
