"""Times a customer reads name their zone: UTC from the server, the reader's own zone with scripts on,
and UTC+8 for a time read off the console. Headless Chromium at 1280 and 390 px, in Shanghai's zone."""
import re

import pytest
from playwright.sync_api import expect

from troubleshooter import engine
from troubleshooter.models import Tree
from troubleshooter.treefiles import load_default_trees

from .tree_factories import make_fixed_articles

pytestmark = pytest.mark.browser


@pytest.fixture
def trees(transactional_db):
    make_fixed_articles()
    load_default_trees()


def test_without_scripts_the_transcript_names_utc(client, shipped):
    session = engine.start_session(Tree.objects.get(slug="sms-not-received"))
    engine.answer(session, choice="failed")
    html = client.get(session.get_absolute_url()).content.decode()
    assert re.search(r'data-local-time="time">\d\d:\d\d UTC</time>', html)


@pytest.mark.parametrize("width, height", [(1280, 800), (390, 844)])
def test_the_transcript_shows_the_readers_own_zone(browser, live_server, trees, screenshot, width, height):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": height}, timezone_id="Asia/Shanghai",
        locale="en-GB",
    )
    page = context.new_page()
    try:
        page.goto("/troubleshoot/sms-not-received/")
        page.get_by_role("button", name="Start").click()
        page.get_by_role("button", name="Failed").click()
        transcript = page.get_by_role("region", name="Your answers so far")
        expect(transcript.locator("time")).to_have_text(re.compile(r"^\d\d:\d\d (GMT\+8|CST)$"))
        screenshot(page, f"wizard-local-time-{width}")
    finally:
        context.close()


@pytest.mark.django_db
def test_the_confirmation_page_shows_the_send_time_in_console_time(client):
    response = client.post("/tickets/new/", {
        "name": "Ada", "email": "ada@example.com", "subject": "Codes do not arrive",
        "description": "None of our verification codes arrive since 9:00.", "sent_at": "2025-03-14T09:30",
    })
    html = client.get(response["Location"]).content.decode()
    assert "2025-03-14 09:30 UTC+8</time> <span class=\"meta\">(console time)</span>" in html
    assert re.search(r'data-local-time="datetime">\d+ \w+ \d{4}, \d\d:\d\d UTC</time>', html)
