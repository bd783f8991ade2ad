"""Shared fixtures: a headless Chromium page for browser journeys, and where screenshots go."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import sync_playwright

from faq import view_counts
from faq.search import memo
from tests.factories import make_agent
from troubleshooter import snapshots

CHROMIUM = Path(os.environ.get("WAYPOINT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("WAYPOINT_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium is required for browser journeys but {CHROMIUM} is missing.")
        pytest.skip(f"Chromium not installed at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab whose relative URLs go to the live test server."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1100, "height": 900})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def screenshot():
    """Save a full-page screenshot under test-artifacts/ and return its path."""

    def take(tab, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        tab.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache, so counters kept there (code lookups) never leak between tests."""
    cache.clear()
    memo.forget()
    view_counts.forget()
    # A rolled-back test frees its version ids for the next test's versions (SQLite reuses them).
    snapshots.forget_all()
    yield


@pytest.fixture
def agent_client(client):
    """The test client, logged in as a staff member of the Agents group."""
    client.force_login(make_agent(username="agent-ann"))
    return client
