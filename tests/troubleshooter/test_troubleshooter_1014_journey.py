"""Headless Chromium: error 1014 through the shipped troubleshooter, with a message that differs from
its template by one invisible character, and the check naming that character and where it is."""
import pytest

from troubleshooter.treefiles import load_default_trees

from .tree_factories import make_fixed_articles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEMPLATE = "Your verification code is {1}, valid for {2} minutes."
MESSAGE = "Your verification code is 1234,\u00a0valid for 5 minutes."


def test_the_1014_path_shows_where_the_message_differs(page, screenshot):
    make_fixed_articles()
    load_default_trees()

    page.goto("/troubleshoot/api-error-code/")
    page.get_by_role("button", name="Start").click()
    page.get_by_label("Error code or response").fill("The response said: result 1014")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Compare my template and message").click()
    page.get_by_label("Template (as approved)").fill(TEMPLATE)
    page.get_by_label("Message you sent").fill(MESSAGE)
    page.get_by_role("button", name="Check").click()

    found = page.locator(".ts-result")
    found.wait_for()
    text = found.inner_text()
    assert "Character 32 of the message (after “… code is 1234,”) is U+00A0 NO-BREAK SPACE" in text
    assert "where the template has U+0020 SPACE" in text
    assert page.get_by_role("heading", name="Your template and message do not match").is_visible()
    screenshot(page, "troubleshooter-1014-mismatch")
