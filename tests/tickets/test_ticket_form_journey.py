"""In headless Chromium at 1280 and 390 px: the ticket form from a session shows the form, not the
transcript, first; its subject is filled in; the affected number and send time have their own fields."""
import re

import pytest
from playwright.sync_api import expect

from tests.factories import make_article
from tests.troubleshooter.session_factories import make_tree_with_session
from tickets.models import Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width, height", [(1280, 800), (390, 844)])
def test_a_ticket_from_a_session_starts_with_the_form_in_view(page, screenshot, width, height):
    page.set_viewport_size({"width": width, "height": height})
    session = make_tree_with_session(steps=6, outcome_title="Ask support to check the carrier")
    page.goto(f"/tickets/new/?session={session.pk}")
    expect(page.get_by_role("heading", name="Attached: your troubleshooting steps")).to_be_visible()
    expect(page.locator(".transcript")).to_be_hidden()
    name = page.get_by_label("Your name")
    expect(name).to_be_in_viewport()
    expect(page.get_by_label("Subject")).to_have_value(re.compile(r": Ask support to check the carrier$"))
    screenshot(page, f"ticket-form-from-session-{width}")

    page.get_by_text("Attached: your troubleshooting steps").click()
    expect(page.locator(".transcript")).to_be_visible()
    expect(page.locator(".transcript li")).to_have_count(6)
    page.get_by_text("Attached: your troubleshooting steps").click()

    name.fill("Ada Lovelace")
    page.get_by_label("Email address").fill("ada@example.com")
    page.get_by_label("Number that did not get the message (optional)").fill("+8613788888888")
    page.get_by_label(re.compile(r"When it was sent, in console time \(UTC\+8\)")).fill("2025-03-14T09:30")
    page.get_by_label("What happened?").fill("The carrier says nothing; the user got nothing.")
    screenshot(page, f"ticket-form-filled-{width}")
    page.get_by_role("button", name="Send to support").click()
    expect(page.get_by_role("heading", name="Thank you, we have your request")).to_be_visible()
    ticket = Ticket.objects.get()
    assert (ticket.affected_number, ticket.sent_at_console, ticket.phone) == (
        "+8613788888888", "2025-03-14 09:30 UTC+8", ""
    )


def test_opened_from_an_article_it_suggests_that_article(page, screenshot):
    article = make_article(title="Error 1014: the template does not match", summary="What 1014 means.")
    page.goto(article.get_absolute_url())
    page.get_by_role("link", name="Contact support about this").click()
    suggestions = page.locator("#subject-suggestions")
    expect(suggestions.get_by_role("link", name=article.title)).to_be_visible()
    expect(page.get_by_label("Subject")).to_have_value(article.title)
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "ticket-form-from-article-390")
