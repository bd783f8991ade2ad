"""The lock files agree with the direct dependencies they were compiled from (`make lock`).

A branch that adds a package to requirements.in but forgets `make lock` would ship an image that does
not install it; these tests catch that before CI installs anything else.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)")


def normalise(name: str) -> str:
    """PEP 503: Django, django and DJANGO_ are the same package to pip."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    """The `name==version` lines of a requirements file (continuation and comment lines skipped)."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            found[normalise(match[1])] = match[2]
    return found


def entries(path: Path) -> dict[str, str]:
    """Each locked package with the text of its entry (its pin line and the hash lines after it)."""
    blocks: dict[str, str] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            current = normalise(match[1])
            blocks[current] = line
        elif current and line.startswith(" "):
            blocks[current] += "\n" + line
    return blocks


HELPDESK_LOCK = "benchmarks/helpdesk/requirements.txt"  # the django-helpdesk comparison site's own venv


@pytest.mark.parametrize(("source", "lock"), [("requirements.in", "requirements.txt"),
                                              ("requirements-dev.in", "requirements-dev.txt"),
                                              ("benchmarks/helpdesk/requirements.in", HELPDESK_LOCK)])
def test_every_direct_dependency_is_locked_at_the_version_it_names(source, lock):
    direct, locked = pins(ROOT / source), pins(ROOT / lock)

    assert direct, f"{source} names no pinned package"
    stale = {name: (version, locked.get(name)) for name, version in direct.items() if locked.get(name) != version}
    assert not stale, f"{lock} is out of date with {source} (name: (wanted, locked)); run `make lock`: {stale}"


@pytest.mark.parametrize("lock", ["requirements.txt", "requirements-dev.txt", HELPDESK_LOCK])
def test_every_locked_package_carries_a_sha256_hash(lock):
    blocks = entries(ROOT / lock)

    assert len(blocks) >= len(pins(ROOT / lock.replace(".txt", ".in")))
    unhashed = sorted(name for name, text in blocks.items() if "--hash=sha256:" not in text)
    assert not unhashed, f"pip's hash-checking mode refuses {lock} while these have no hash: {unhashed}"


def test_the_dev_lock_installs_exactly_the_runtime_versions_the_image_ships():
    runtime, dev = pins(ROOT / "requirements.txt"), pins(ROOT / "requirements-dev.txt")

    differ = {name: (version, dev.get(name)) for name, version in runtime.items() if dev.get(name) != version}
    assert not differ, f"tests would run other code than production (name: (runtime, dev)): {differ}"


def test_django_helpdesk_is_measured_on_waypoints_django_gunicorn_and_whitenoise():
    runtime, helpdesk = pins(ROOT / "requirements.txt"), pins(ROOT / HELPDESK_LOCK)

    shared = {name: (runtime[name], helpdesk.get(name)) for name in ("django", "gunicorn", "whitenoise")}
    assert all(ours == theirs for ours, theirs in shared.values()), f"(Waypoint, helpdesk): {shared}"


def test_names_are_compared_as_pip_compares_them():
    assert normalise("Django") == normalise("django")
    assert normalise("typing_extensions") == normalise("typing-extensions")
    assert normalise("zope.interface") == "zope-interface"
