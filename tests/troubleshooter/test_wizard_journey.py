"""A customer walks "A user did not receive the SMS" in headless Chromium, on a desktop and on a phone."""
import re

import pytest
from playwright.sync_api import expect

from troubleshooter.models import Session
from troubleshooter.treefiles import load_default_trees

from .tree_factories import make_fixed_articles

pytestmark = pytest.mark.browser


@pytest.fixture
def trees(transactional_db):
    make_fixed_articles()
    load_default_trees()


def _start(page):
    page.goto("/troubleshoot/")
    page.get_by_role("link", name="A user did not receive the SMS").click()
    page.get_by_role("button", name="Start").click()
    expect(page).to_have_url(re.compile(r"/troubleshoot/s/[0-9a-f-]{36}/(\?step=\d+)?$"))


def test_failed_then_unsubscribed_then_back_and_another_answer(page, trees, screenshot):
    _start(page)
    session = Session.objects.get()
    expect(page.get_by_text(session.code)).to_be_visible()
    expect(page.locator("#progress-label")).to_contain_text("Question 1 · 2 to 10 questions left, counting this one")

    page.get_by_role("button", name="Failed").click()
    expect(page.get_by_text("The send failed")).to_be_visible()
    expect(page.get_by_role("group", name="Choose the answer that fits")).to_be_visible()
    page.get_by_role("button", name="The number is blocked because the user unsubscribed").click()
    outcome = page.get_by_role("heading", name="The number is on a blocklist")
    expect(outcome).to_be_visible()
    expect(page.get_by_text("General Management")).to_be_visible()
    expect(page.get_by_role("group", name="Did this solve it?")).to_be_visible()
    transcript = page.get_by_role("region", name="Your answers so far")
    expect(transcript.get_by_role("listitem")).to_have_count(2)
    screenshot(page, "wizard-outcome-desktop")

    page.get_by_role("button", name="← Back").click()
    expect(page.get_by_text("The send failed")).to_be_visible()
    expect(transcript.get_by_role("listitem")).to_have_count(1)
    page.get_by_role("button", name="The request hit the rate limit (frequency control) policy").click()
    expect(page.get_by_role("heading", name="The send was stopped by the rate limit policy")).to_be_visible()
    expect(transcript).to_contain_text("rate limit")
    expect(transcript).not_to_contain_text("unsubscribed")
    assert session.steps.filter(dropped_at__isnull=True).count() == 2

    # The share link reopens the same session, on another device.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/troubleshoot/s/{session.pk}/")
    expect(page.get_by_role("heading", name="The send was stopped by the rate limit policy")).to_be_visible()
    screenshot(page, "wizard-outcome-phone")
    page.get_by_role("button", name="No — contact support").click()
    expect(page).to_have_url(re.compile(rf"/tickets/new/\?session={session.pk}$"))


def test_the_wizard_works_from_the_keyboard(page, trees, screenshot):
    _start(page)
    page.get_by_role("button", name="Failed").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("The send failed")).to_be_visible()
    # Focus moves to the new step once htmx settles, so the next Tab lands on its first answer.
    page.wait_for_function("document.activeElement && document.activeElement.id === 'step-heading'")
    page.keyboard.press("Tab")
    # Checked through activeElement: to_be_focused also needs the window itself to have focus.
    assert page.evaluate("document.activeElement.value") == "rate-limit"
    for _ in range(3):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.value") == "other"
    page.keyboard.press("Enter")
    remarks = page.get_by_label("Remarks")
    expect(remarks).to_be_visible()
    remarks.fill("Hit the rate limit control policy")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "wizard-check-phone")
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("heading", name="What the check found")).to_be_visible()
    expect(page.get_by_role("heading", name="The send was stopped by the rate limit policy")).to_be_visible()
    screenshot(page, "wizard-check-result-phone")


def test_the_wizard_works_without_javascript(browser, live_server, trees, screenshot):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, viewport={"width": 1100, "height": 900})
    page = context.new_page()
    try:
        _start(page)
        page.get_by_role("button", name="Successful, and the Remarks say the user received it").click()
        expect(page.get_by_text("Phone check 1 of 7")).to_be_visible()
        page.get_by_role("button", name=re.compile("next check")).click()
        expect(page.get_by_text("Phone check 2 of 7")).to_be_visible()
        screenshot(page, "wizard-question-desktop-nojs")
        page.get_by_role("button", name="Start over").click()
        expect(page.get_by_role("button", name="Failed")).to_be_visible()
    finally:
        context.close()


def test_a_late_sms_hands_over_to_the_slow_api_checks(page, trees, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/troubleshoot/")
    screenshot(page, "troubleshoot-index-phone")
    page.get_by_role("link", name="The SMS arrives late").click()
    screenshot(page, "troubleshoot-intro-phone")
    page.get_by_role("button", name="Start").click()
    page.get_by_role("button", name="I know roughly how long each gap is").click()
    answer = page.get_by_label("Time between your request and the console's send time")
    answer.fill("soon")
    page.get_by_role("button", name="Continue").click()
    # The refused answer comes back in place (htmx swaps the 400 fragment), with what was typed kept.
    expect(page.get_by_role("alert")).to_contain_text("is not a duration")
    expect(answer).to_have_value("soon")
    expect(answer).to_have_attribute("aria-invalid", "true")
    screenshot(page, "wizard-input-error-phone")
    answer.fill("12 minutes")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("the API call itself was slow")).to_be_visible()
    page.get_by_role("button", name="Continue with the slow API checks").click()
    expect(page.get_by_text("Continuing with: API calls are slow")).to_be_visible()
    expect(page.get_by_text("dig yun.tim.qq.com")).to_be_visible()
    transcript = page.get_by_role("region", name="Your answers so far")
    expect(transcript).to_contain_text("12 minutes (12 min)")
    page.set_viewport_size({"width": 1100, "height": 900})
    screenshot(page, "wizard-handover-desktop")
