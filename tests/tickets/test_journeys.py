"""Headless-Chromium journeys: a customer files a ticket, an agent works it, an agent joins a live session."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser import log_in
from tests.factories import make_agent, make_article
from tests.troubleshooter.session_factories import make_live_session, make_tree_with_session
from tickets.models import Ticket
from troubleshooter import engine
from troubleshooter.models import Step
from troubleshooter.treefiles import load_default_trees

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_customer_walks_not_received_to_an_escalation_and_files_a_ticket(page, screenshot):
    load_default_trees()
    page.goto("/troubleshoot/sms-not-received/")
    page.get_by_role("button", name="Start").click()
    page.get_by_role("button", name="Failed").click()
    page.get_by_role("button", name=re.compile("Something else, or I am not sure")).click()
    page.get_by_label("Remarks").fill("Weird gateway status 77xq")
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("heading", name="We could not match those Remarks")).to_be_visible()
    screenshot(page, "journey-escalating-outcome")
    page.get_by_role("link", name="Contact support with this session attached").click()

    expect(page.get_by_role("heading", name="Attached: your troubleshooting steps")).to_be_visible()
    expect(page.locator(".transcript li")).to_have_count(3)
    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Email address").fill("ada@example.com")
    page.get_by_label("Call-back phone number (optional)").fill("+86 138 0013 8000")
    page.get_by_label("Subject").fill("Remarks we do not understand")
    page.get_by_label("What happened?").fill("The console shows a status we cannot find anywhere.")
    screenshot(page, "journey-ticket-form")
    page.get_by_role("button", name="Send to support").click()
    expect(page.get_by_role("heading", name="Thank you, we have your request")).to_be_visible()

    ticket = Ticket.objects.get()
    assert ticket.tree_slug == "sms-not-received"
    assert ticket.outcome == "We could not match those Remarks"
    assert ticket.phone == "+8613800138000"
    assert [entry["answer_label"] for entry in ticket.transcript][:2] == [
        "Failed", "Something else, or I am not sure — let me paste the Remarks"
    ]
    assert "77xq" in ticket.transcript[2]["answer_label"]
    assert ticket.transcript[2]["verdict"] == "unknown"


def test_a_customer_files_a_ticket_with_suggestions_and_gets_a_reference(page, screenshot):
    make_article(title="SMS not received by the user", summary="Work through the usual causes.")
    session = make_tree_with_session(steps=2, outcome_title="Ask support to check the carrier")
    page.goto(f"/tickets/new/?session={session.pk}")
    expect(page.get_by_role("heading", name="Attached: your troubleshooting steps")).to_be_visible()
    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Email address").fill("ada@example.com")
    page.get_by_label("Subject").press_sequentially("codes not received", delay=20)
    expect(page.locator("#subject-suggestions")).to_contain_text("SMS not received by the user")
    page.get_by_label("What happened?").fill("None of our verification codes arrive since 9:00.")
    screenshot(page, "tickets-form-filled")
    page.get_by_role("button", name="Send to support").click()
    expect(page.get_by_role("heading", name="Thank you, we have your request")).to_be_visible()
    ticket = Ticket.objects.get()
    expect(page.locator(".ticket-reference")).to_have_text(ticket.reference)
    screenshot(page, "tickets-received")
    assert len(ticket.transcript) == 2


def test_the_form_shows_errors_next_to_the_fields(page, screenshot):
    page.goto("/tickets/new/")
    page.get_by_label("Email address").fill("not-an-address")
    page.get_by_role("button", name="Send to support").click()
    expect(page.get_by_text("Please correct the")).to_be_visible()
    expect(page.get_by_text("Enter a valid email address.")).to_be_visible()
    screenshot(page, "tickets-form-errors")
    assert not Ticket.objects.exists()


def test_an_agent_finds_the_ticket_in_the_queue_and_reads_the_transcript(page, screenshot):
    make_agent(username="agent-ann")
    session = make_tree_with_session(steps=3, outcome_title="Ask support to check the carrier")
    page.goto(f"/tickets/new/?session={session.pk}")
    page.get_by_label("Your name").fill("Grace <b>Hopper</b>")
    page.get_by_label("Email address").fill("grace@example.com")
    page.get_by_label("Subject").fill("Verification codes never arrive")
    page.get_by_label("What happened?").fill("Nothing arrives on +86 138 0013 8000.\n<script>alert(1)</script>")
    page.get_by_role("button", name="Send to support").click()
    expect(page.get_by_role("heading", name="Thank you, we have your request")).to_be_visible()
    reference = Ticket.objects.get().reference

    log_in(page, "agent-ann")
    page.get_by_role("combobox", name="Status").select_option("new")
    page.get_by_role("button", name="Apply filters").click()
    row = page.get_by_role("row").filter(has_text="Verification codes never arrive")
    expect(row).to_contain_text("Grace <b>Hopper</b>")
    screenshot(page, "agent-queue")
    row.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", name="Troubleshooting transcript")).to_be_visible()
    expect(page.locator(".transcript li")).to_have_count(3)
    expect(page.get_by_text("Ask support to check the carrier")).to_be_visible()
    expect(page.get_by_text("<script>alert(1)</script>")).to_be_visible()
    page.get_by_role("textbox", name="Internal note").fill("Asked the carrier for the delivery receipts.")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_text("Note added.")).to_be_visible()
    page.get_by_role("combobox", name="Status").select_option("open")
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_role("status")).to_contain_text("is now “Open”")
    screenshot(page, "agent-ticket")


def test_an_agent_opens_a_live_session_by_code_and_follows_and_answers_it(page, browser, live_server, screenshot):
    make_agent(username="agent-ann")
    session = make_live_session()
    log_in(page, "agent-ann")
    page.get_by_label("Session code").fill(session.code.lower())
    page.get_by_role("button", name="Open session").click()
    expect(page.get_by_role("heading", name=f"Session {session.code}")).to_be_visible()
    expect(page.get_by_text("Did the SMS arrive?")).to_be_visible()

    # The customer answers on their side; the agent's page follows by itself.
    engine.answer(session, choice="no")
    expect(page.get_by_label("Minutes waited")).to_be_visible(timeout=8000)
    expect(page.locator(".transcript")).to_contain_text("No, nothing yet")
    screenshot(page, "agent-live-session")

    page.get_by_label("Minutes waited").fill("a while")
    page.get_by_role("button", name="Answer for the customer").click()
    expect(page.get_by_role("alert")).to_be_visible()
    screenshot(page, "agent-live-session-bad-answer")
    page.get_by_label("Minutes waited").fill("20")
    page.get_by_role("button", name="Answer for the customer").click()
    expect(page.get_by_role("heading", name="Outcome reached")).to_be_visible()
    expect(page.locator(".transcript")).to_contain_text("answered by agent-ann")
    screenshot(page, "agent-live-session-answered")
    last = Step.objects.filter(session=session).order_by("-position").first()
    assert last.answered_by.username == "agent-ann"
