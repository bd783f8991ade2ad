"""Headless Chromium: a customer pastes a template and a mismatching message and sees where it differs."""
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEMPLATE = "Your verification code is {1}, valid for {2} minutes."
MESSAGE = "Your verification code is 1234,\u00a0valid for 5 minutes."


def fill_and_check(page):
    page.goto("/tools/")
    page.get_by_role("link", name="Template and message (error 1014)").click()
    page.get_by_label("Template (as approved)").fill(TEMPLATE)
    page.get_by_label("Message you sent").fill(MESSAGE)
    page.get_by_role("button", name="Check").click()


def test_the_template_checker_shows_where_the_message_differs(page, screenshot):
    fill_and_check(page)
    result = page.locator("#tool-result")
    result.wait_for()
    assert "The message does not match the template" in result.locator("h2").inner_text()
    assert "Character 32 of the message (after “… code is 1234,”) is U+00A0 NO-BREAK SPACE" in result.inner_text()
    marked = page.locator("#mark-1")
    assert marked.is_visible() and "[U+00A0]" in marked.inner_text()
    page.get_by_role("link", name="Show in the text").first.click()
    assert page.url.endswith("#mark-1")
    screenshot(page, "tools-template-mismatch")


def test_it_works_without_javascript(browser, live_server, screenshot):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        fill_and_check(page)
        assert "Character 32 of the message" in page.locator("#tool-result").inner_text()
        screenshot(page, "tools-template-mismatch-no-js")
    finally:
        context.close()


def test_the_keyboard_reaches_every_field(page):
    page.goto("/tools/template/")
    page.get_by_label("Template (as approved)").focus()
    page.keyboard.type(TEMPLATE)
    page.keyboard.press("Tab")
    page.keyboard.type("1234")
    page.keyboard.press("Tab")
    page.keyboard.type("Your verification code is 1234, valid for  minutes.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.locator("#tool-result").wait_for()
    assert "The params do not fit the template" in page.locator("#tool-result h2").inner_text()


def test_a_form_error_is_shown_in_place_with_javascript(page):
    page.goto("/tools/delay/")
    page.get_by_label("Request time (your system)").fill("yesterday morning")
    page.get_by_label("Send time (console)").fill("2026-11-24 10:00:05")
    page.get_by_role("button", name="Check").click()
    page.get_by_text("Write a date and time like").wait_for()
    assert page.get_by_label("Send time (console)").input_value() == "2026-11-24 10:00:05"
