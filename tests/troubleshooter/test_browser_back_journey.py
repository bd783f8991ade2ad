"""The browser's Back inside a troubleshooter shows the previous question (each step has its own history
entry); answering it again replaces the later answers. Headless Chromium at 1280 and 390 px."""
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


@pytest.mark.parametrize("width, height", [(1280, 800), (390, 844)])
def test_back_shows_the_previous_question_and_a_new_answer_replaces_the_later_ones(
    page, trees, screenshot, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/troubleshoot/sms-not-received/")
    page.get_by_role("button", name="Start").click()
    expect(page).to_have_url(re.compile(r"/troubleshoot/s/[0-9a-f-]{36}/\?step=1$"))
    page.get_by_role("button", name="Failed").click()
    expect(page.get_by_text("The send failed")).to_be_visible()
    expect(page).to_have_url(re.compile(r"\?step=2$"))
    page.get_by_role("button", name="The number is blocked because the user unsubscribed").click()
    expect(page.get_by_role("heading", name="The number is on a blocklist")).to_be_visible()

    page.go_back()
    expect(page).to_have_url(re.compile(r"\?step=2$"))
    expect(page.get_by_text("The send failed")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("unsubscribed.*your earlier answer"))).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="You went back to question 2")).to_be_visible()
    screenshot(page, f"wizard-browser-back-{width}")

    page.go_back()
    expect(page).to_have_url(re.compile(r"\?step=1$"))
    expect(page.get_by_role("button", name=re.compile("Failed.*your earlier answer"))).to_be_visible()
    page.get_by_role("button", name="Successful, and the Remarks say the user received it").click()
    expect(page.get_by_text("Phone check 1 of 7")).to_be_visible()
    transcript = page.get_by_role("region", name="Your answers so far")
    expect(transcript.get_by_role("listitem")).to_have_count(1)
    session = Session.objects.get()
    assert [s.answer_key for s in session.steps.filter(dropped_at__isnull=True)] == ["successful-received"]

    # Back then Forward returns to where the session is.
    page.go_back()
    expect(page.get_by_role("button", name="Failed")).to_be_visible()
    page.go_forward()
    expect(page.get_by_text("Phone check 1 of 7")).to_be_visible()
