"""Steps the browser journeys share."""
from __future__ import annotations

import re

from playwright.sync_api import expect


def log_in(page, username: str) -> None:
    page.goto("/agent/")
    expect(page).to_have_url(re.compile(r"/agent/login/\?next=/agent/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw-for-tests-123")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Agent console", level=1)).to_be_visible()
