"""A reader follows the shipped content's cross-links in a real browser."""
from __future__ import annotations

import pytest

from faq.default_content import load_default_content


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_reader_follows_a_late_sms_link_to_the_slow_api_steps(page, screenshot):
    load_default_content()
    page.goto("/articles/sms-arrives-late/")
    assert page.get_by_role("heading", level=1).inner_text() == "Why does my SMS take a long time to arrive?"
    screenshot(page, "kb-content-sms-arrives-late")

    page.get_by_role("link", name="Why are my SMS API calls slow?").click()
    page.wait_for_url("**/articles/slow-api-calls/#slow-api")
    assert page.locator("#slow-api").count() == 1
    # The seed's shallow sub-items render as lists nested in their step.
    assert page.locator("ol > li#step-2 > ul > li").count() == 4
    assert page.get_by_role("note", name="Note").is_visible()

    page.get_by_role("link", name="step 2", exact=True).click()
    page.wait_for_url("**/articles/slow-api-calls/#slow-api-connections")
    screenshot(page, "kb-content-slow-api-calls")
