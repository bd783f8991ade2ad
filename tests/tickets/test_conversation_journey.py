"""Headless-Chromium journeys through the ticket loop and the console as people see them: an agent signs
in on the console's own page, replies; the customer reads the reply on their private page and answers;
the agent sees the ticket open again. Also: a live session's question, active sessions, a ticket filed
from the phone, and a right-to-left override that cannot reverse a subject."""
from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.factories import make_agent, make_article
from tests.tickets.factories import make_ticket
from tests.troubleshooter.session_factories import make_live_session, make_tree_with_session, republish
from tickets.models import Ticket
from troubleshooter import engine

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username: str) -> None:
    page.goto("/agent/")
    expect(page).to_have_url(re.compile(r"/agent/login/\?next=/agent/$"))
    expect(page.get_by_role("heading", name="Sign in to the agent console")).to_be_visible()
    expect(page.get_by_text("Django administration")).to_have_count(0)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw-for-tests-123")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Agent console", level=1)).to_be_visible()


def test_agent_replies_customer_answers_and_the_ticket_opens_again(page, browser, live_server, screenshot):
    make_agent(username="bsmith", first_name="Bea", last_name="Smith")
    ticket = make_ticket(subject="Codes do not arrive", email="ada@example.com", name="Ada Lovelace")

    page.goto("/agent/login/")
    screenshot(page, "agent-login")
    sign_in(page, "bsmith")
    expect(page.get_by_text("signed in as Bea Smith")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_text("Still stuck?")).to_have_count(0)
    page.get_by_role("link", name=ticket.reference).click()
    page.get_by_label("Reply to the customer").fill("Which number did you send to? See https://status.example.com/")
    page.get_by_role("button", name=re.compile("Send reply to")).click()
    expect(page.get_by_role("status")).to_contain_text("now waits for the customer")
    expect(page.locator(".conversation")).to_contain_text("Bea Smith (support)")
    screenshot(page, "agent-ticket-replied")
    (email,) = mail.outbox
    assert email.to == ["ada@example.com"] and "Which number did you send to?" in email.body
    private_url = re.search(r"https?://\S+/tickets/received/\S+/", email.body).group(0)

    # The customer, in their own browser, follows the link in the email.
    customer = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    customer_page = customer.new_page()
    customer_page.goto(private_url)
    expect(customer_page.get_by_role("heading", name=re.compile(f"Your request {ticket.reference}"))).to_be_visible()
    expect(customer_page.locator(".conversation")).to_contain_text("Which number did you send to?")
    expect(customer_page.locator(".conversation")).to_contain_text("Waypoint support")
    expect(customer_page.get_by_text("Waiting for customer")).to_be_visible()
    customer_page.get_by_label("Your answer").fill("To +86 138 0013 8000, since 9:00.")
    customer_page.get_by_role("button", name="Send your answer").click()
    expect(customer_page.get_by_role("status")).to_contain_text("your answer is with support")
    expect(customer_page.locator(".conversation")).to_contain_text("To +86 138 0013 8000, since 9:00.")
    screenshot(customer_page, "customer-ticket-conversation-390")
    customer.close()
    assert len(mail.outbox) == 2 and "To +86 138 0013 8000" in mail.outbox[1].body

    page.reload()
    expect(page.locator(".ticket-summary, .meta").first).to_contain_text("Open")
    expect(page.locator(".conversation")).to_contain_text("The customer")
    assert Ticket.objects.get().status == "open"
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Sign in to the agent console")).to_be_visible()


def test_the_queue_sorts_keeps_filters_and_lists_active_sessions(page, screenshot):
    make_agent(username="agent-ann")
    live = make_live_session()
    engine.answer(live, choice="no")
    for n in range(3):
        make_ticket(subject=f"Ticket number {n}", status="open")
    make_ticket(subject="A closed one", status="closed")
    sign_in(page, "agent-ann")
    expect(page.get_by_role("region", name="Active sessions")).to_contain_text(live.code)
    page.get_by_role("combobox", name="Status").select_option("open")
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("navigation", name="Sort tickets").get_by_role("link", name="Oldest").click()
    expect(page).to_have_url(re.compile(r"status=open.*sort=oldest"))
    subjects = page.locator("table.queue tbody tr td:nth-child(2)").all_inner_texts()
    assert subjects == ["Ticket number 0", "Ticket number 1", "Ticket number 2"]
    screenshot(page, "agent-queue-sorted")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "agent-queue-sorted-390")
    page.get_by_role("region", name="Active sessions").get_by_role("link", name=live.code).click()
    expect(page.get_by_role("heading", name=f"Session {live.code}")).to_be_visible()


def test_an_agent_reads_a_live_question_with_its_help_and_files_a_ticket_from_it(page, screenshot):
    make_agent(username="agent-ann")
    tree = make_live_session().tree
    tree.nodes.filter(key="arrived").update(help="Look at the Status column of the send log.")
    republish(tree)  # customers (and so agents) see a draft edit once it is published
    session = engine.start_session(tree)
    sign_in(page, "agent-ann")
    page.goto(f"/agent/s/{session.code}/")
    fieldset = page.get_by_role("group", name="The customer's question")
    expect(fieldset).to_contain_text("Did the SMS arrive?")
    expect(fieldset).to_contain_text("Look at the Status column of the send log.")
    # The prompt's first paragraph sits below the legend, inside the fieldset's border.
    legend_box = fieldset.locator("legend").bounding_box()
    prompt_box = fieldset.locator(".live-prompt p").first.bounding_box()
    fieldset_box = fieldset.bounding_box()
    assert prompt_box["y"] >= legend_box["y"] + legend_box["height"] - 1
    assert prompt_box["y"] > fieldset_box["y"] + 8
    screenshot(page, "agent-live-question")

    page.get_by_role("link", name="Create a ticket from this session").click()
    page.get_by_label("Customer's name").fill("Ada Lovelace")
    page.get_by_label("Customer's email").fill("ada@example.com")
    page.get_by_label("What the customer reported").fill("On the phone: codes stopped at 9:00.")
    screenshot(page, "agent-ticket-from-session")
    page.get_by_role("button", name="Create the ticket").click()
    ticket = Ticket.objects.get()
    expect(page.get_by_role("heading", name=re.compile(ticket.reference))).to_be_visible()
    expect(page.get_by_text("Filed from live session")).to_be_visible()
    assert ticket.session == session and ticket.source == "agent"


def test_an_override_character_cannot_reverse_a_subject_and_notes_link_out(page, screenshot):
    make_agent(username="agent-ann")
    ticket = make_ticket(subject="Invoice \u202efdp.exe for March", name="\u05d3\u05e0\u05d4 \u05dc\u05d5\u05d9")
    sign_in(page, "agent-ann")
    page.goto(f"/agent/tickets/{ticket.reference}/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Invoice fdp.exe for March")
    assert "\u202e" not in page.content()
    page.get_by_role("textbox", name="Internal note").fill("Known incident: https://status.example.com/i/42")
    page.get_by_role("button", name="Add note").click()
    link = page.get_by_role("link", name="https://status.example.com/i/42")
    expect(link).to_have_attribute("rel", "nofollow noopener noreferrer")
    screenshot(page, "agent-ticket-bidi-and-links")


def test_what_the_customer_opened_shows_on_the_ticket(page, screenshot):
    make_agent(username="agent-ann")
    article = make_article(title="Carrier review delays", slug="carrier-review")
    make_article(title="Never opened article")
    session = make_tree_with_session(outcome_title="Ask support")
    session.tree.nodes.get(key=session.current_key).articles.add(article)
    session.version = session.current_version = republish(session.tree)
    session.save()
    page.goto(session.get_absolute_url())
    page.get_by_role("link", name="Carrier review delays").click()
    expect(page.get_by_role("heading", name="Carrier review delays", level=1)).to_be_visible()
    ticket = make_ticket(session=session, tree_slug=session.tree.slug)
    sign_in(page, "agent-ann")
    page.goto(f"/agent/tickets/{ticket.reference}/")
    section = page.get_by_role("region", name="Articles the customer saw")
    expect(section).to_contain_text("Carrier review delays")
    expect(section).not_to_contain_text("Never opened article")
    screenshot(page, "agent-ticket-articles-opened")
