"""An agent files a ticket from a customer's live session: name and email confirmed, transcript attached."""
from __future__ import annotations

import pytest
from django.core import mail

from tests.troubleshooter.session_factories import make_tree_with_session
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

FILLED = {
    "name": "Ada Lovelace",
    "email": "ada@example.com",
    "phone": "",
    "subject": "Codes do not arrive",
    "description": "Customer on the phone: no codes since 9:00 on +8613800138000.",
}


def test_the_session_page_offers_it(agent_client):
    session = make_tree_with_session()
    html = agent_client.get(f"/agent/s/{session.code}/").content.decode()
    assert f'href="/agent/s/{session.code}/ticket/"' in html


def test_the_form_suggests_the_outcome_as_subject_and_shows_the_transcript(agent_client):
    session = make_tree_with_session(steps=2, outcome_title="Carrier delay")
    response = agent_client.get(f"/agent/s/{session.code.lower()}/ticket/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Carrier delay"' in html
    assert "Question 1?" in html and "Answer 2" in html
    assert "Customer&#x27;s email" in html or "Customer's email" in html


def test_posting_it_creates_the_ticket_with_the_transcript_and_emails_the_customer(
        agent_client, django_capture_on_commit_callbacks):
    session = make_tree_with_session(steps=2, outcome_title="Carrier delay")
    with django_capture_on_commit_callbacks(execute=True):  # the mail is a job queued on commit
        response = agent_client.post(f"/agent/s/{session.code}/ticket/", FILLED)
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/agent/tickets/{ticket.reference}/"
    assert (ticket.session, ticket.source, ticket.outcome) == (session, "agent", "Carrier delay")
    assert [entry["answer_label"] for entry in ticket.transcript] == ["Answer 1", "Answer 2"]
    assert ticket.events.get().author.username == "agent-ann"
    assert ticket.email in mail.outbox[0].to


def test_an_agent_is_not_held_to_the_visitors_rate_limit(agent_client, settings):
    settings.TICKETS_PER_WINDOW = 1
    session = make_tree_with_session()
    for _ in range(3):
        assert agent_client.post(f"/agent/s/{session.code}/ticket/", FILLED).status_code == 302
    assert Ticket.objects.count() == 3


def test_a_missing_email_is_a_400_with_the_error_beside_the_field(agent_client):
    session = make_tree_with_session()
    response = agent_client.post(f"/agent/s/{session.code}/ticket/", {**FILLED, "email": "nope"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert not Ticket.objects.exists()


def test_an_unknown_session_is_a_404_and_customers_cannot_use_it(client, agent_client):
    assert agent_client.get("/agent/s/ZZZZZZ/ticket/").status_code == 404
    agent_client.logout()
    session = make_tree_with_session()
    assert client.post(f"/agent/s/{session.code}/ticket/", FILLED).status_code == 302
    assert not Ticket.objects.exists()
