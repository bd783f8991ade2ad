"""Long words never make a page wider than the screen: answers in "Your answers so far", a long field
name in a checker's finding, a 5,000-character query. Checked in headless Chromium at 1280 and 390 px."""
import re

import pytest
from playwright.sync_api import expect

from tests.troubleshooter.tree_factories import make_fixed_articles
from troubleshooter.treefiles import load_default_trees

pytestmark = pytest.mark.browser

WIDTHS = [1280, 390]
LONG_WORD = "Remarks:" + "NO_SUCH_ROUTE_FOR_THE_DESTINATION_NUMBER_" * 8


@pytest.fixture
def trees(transactional_db):
    make_fixed_articles()
    load_default_trees()


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_long_answer_wraps_in_your_answers_so_far(page, trees, screenshot, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/troubleshoot/sms-not-received/")
    page.get_by_role("button", name="Start").click()
    page.get_by_role("button", name="Failed").click()
    page.get_by_role("button", name=re.compile("Something else")).click()
    page.get_by_label("Remarks").fill(LONG_WORD)
    page.get_by_role("button", name="Check").click()
    transcript = page.get_by_role("region", name="Your answers so far")
    expect(transcript).to_contain_text("NO_SUCH_ROUTE")
    box = transcript.bounding_box()
    assert box["x"] + box["width"] <= width
    assert transcript.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert page_width(page) <= width
    screenshot(page, f"wizard-long-answer-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_long_field_name_in_a_finding_keeps_the_json_checker_on_screen(page, db, screenshot, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/tools/json-body/")
    field = "x_" + "averyveryverylongfieldnamethatnobodywouldtype" * 3
    page.get_by_label("Request body (JSON)").fill('{"tel": {"nationcode": "86", "mobile": "13788888888"}, "%s": 1}' % field)
    page.get_by_role("button", name="Check").click()
    expect(page.locator(".finding").filter(has_text=field).first).to_be_visible()
    assert page_width(page) <= width
    screenshot(page, f"json-body-long-field-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_five_thousand_character_query_does_not_widen_the_results_page(page, db, screenshot, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/search/?q=" + "a" * 5000)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page_width(page) <= width
    screenshot(page, f"search-long-query-{width}")
