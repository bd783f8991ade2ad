"""The customer's wizard follows the session when a support agent answers for them (two browsers)."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser import log_in
from tests.factories import make_agent
from troubleshooter.models import Session
from troubleshooter.treefiles import load_default_trees

from .tree_factories import make_fixed_articles

pytestmark = pytest.mark.browser


@pytest.fixture
def trees(transactional_db):
    make_fixed_articles()
    load_default_trees()
    # Made before the browsers start: on SQLite the live server's thread shares the test's
    # in-memory connection, and a write from the test while it answers a request failed with
    # "cannot commit transaction - SQL statements in progress".
    make_agent(username="agent-ann")


def test_the_customer_page_updates_by_itself_when_the_agent_answers(page, browser, live_server, trees, screenshot):
    page.goto("/troubleshoot/sms-not-received/")
    page.get_by_role("button", name="Start").click()
    expect(page).to_have_url(re.compile(r"/troubleshoot/s/[0-9a-f-]{36}/(\?step=\d+)?$"))
    page.get_by_role("button", name="Failed").click()
    expect(page.get_by_role("group", name="Choose the answer that fits")).to_be_visible()
    session = Session.objects.get()

    agent_context = browser.new_context(base_url=live_server.url, viewport={"width": 1100, "height": 900})
    agent_context.set_default_timeout(10_000)
    agent = agent_context.new_page()
    try:
        log_in(agent, "agent-ann")
        agent.goto(f"/agent/s/{session.code}/")
        agent.get_by_role("button", name=re.compile("Something else")).click()
        expect(agent.get_by_label("Remarks")).to_be_visible()

        # The customer did nothing: their page shows the Remarks step within a poll or two.
        remarks = page.get_by_label("Remarks")
        expect(remarks).to_be_visible(timeout=8000)
        expect(page.get_by_role("status")).to_contain_text("support agent")
        expect(page.get_by_role("region", name="Your answers so far")).to_contain_text("Something else")
        screenshot(page, "wizard-followed-agent")

        # What the customer types survives the polls while the step stays the same.
        remarks.fill("1014 The content does not match")
        page.wait_for_timeout(4000)
        expect(remarks).to_have_value("1014 The content does not match")

        # The agent answers the check; the customer lands on the 1014 steps without asking for the code.
        agent.get_by_label("Remarks").fill("1014 The content does not match the template")
        agent.get_by_role("button", name="Run the check and answer").click()
        expect(agent.locator(".transcript")).to_contain_text("taken from the check above")
        expect(page.get_by_text("Error 1014: the content does not match")).to_be_visible(timeout=8000)
        expect(page.locator("#step-prompt")).not_to_contain_text("Which error code did you get?")
        transcript = page.get_by_role("region", name="Your answers so far")
        expect(transcript).to_contain_text("The remarks carry an error code")
        expect(transcript).to_contain_text("1014 (taken from the check above)")
        screenshot(page, "wizard-followed-agent-1014")
    finally:
        agent_context.close()


def test_back_offers_the_earlier_answer_and_marks_the_earlier_choice(page, trees, screenshot):
    page.goto("/troubleshoot/api-error-code/")
    page.get_by_role("button", name="Start").click()
    page.get_by_label("Error code or response").fill("１０１４")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Error 1014: the content does not match")).to_be_visible()
    page.get_by_role("button", name="← Back").click()
    expect(page.get_by_label("Error code or response")).to_have_value("1014")
    screenshot(page, "wizard-back-prefilled")


def test_an_unknown_session_code_is_announced_at_the_top_and_the_field_focused(page, trees, screenshot):
    page.goto("/troubleshoot/?code=ZZZZZZ")
    expect(page.get_by_role("alert")).to_contain_text("No session has the code")
    field = page.get_by_label("Session code")
    expect(field).to_be_focused()
    expect(field).to_have_attribute("aria-invalid", "true")
    assert page.get_by_role("alert").bounding_box()["y"] < 400
    screenshot(page, "troubleshoot-unknown-code")
