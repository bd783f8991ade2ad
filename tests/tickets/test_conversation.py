"""The ticket conversation: agents reply, the customer reads and answers on their private page, and the
status follows who spoke last."""
from __future__ import annotations

import pytest
from django.core import mail

from tests.factories import make_agent
from tests.tickets.factories import make_ticket
from tickets import handling
from tickets.models import Ticket, TicketEvent

pytestmark = pytest.mark.django_db

ATTACKER_TEXT = "Click https://evil.example/win to claim your prize"


def agent_reply(agent_client, ticket, text, capture):
    with capture(execute=True):
        return agent_client.post(f"/agent/tickets/{ticket.reference}/reply/", {"text": text})


def customer_reply(client, ticket, text, capture):
    with capture(execute=True):
        return client.post(f"/tickets/received/{ticket.access_token}/reply/", {"text": text})


class TestAgentReplies:
    def test_a_reply_is_emailed_to_the_customer_and_the_ticket_waits_for_them(
        self, agent_client, django_capture_on_commit_callbacks
    ):
        ticket = make_ticket(email="ada@example.com", status="open")
        response = agent_reply(agent_client, ticket, "Please send us the message id.", django_capture_on_commit_callbacks)
        assert response.status_code == 302
        ticket.refresh_from_db()
        assert ticket.status == Ticket.Status.WAITING
        event = ticket.events.get()
        assert (event.kind, event.text, event.old_status, event.new_status) == (
            "reply", "Please send us the message id.", "open", "waiting"
        )
        (message,) = mail.outbox
        assert message.to == ["ada@example.com"]
        assert ticket.reference in message.subject
        assert "Please send us the message id." in message.body
        assert f"/tickets/received/{ticket.access_token}/" in message.body

    def test_the_reply_email_never_carries_what_the_ticket_filer_typed(
        self, agent_client, django_capture_on_commit_callbacks
    ):
        # Anyone can file a ticket with someone else's address: only the agent's words may reach it.
        ticket = make_ticket(name=ATTACKER_TEXT, subject=ATTACKER_TEXT, description=ATTACKER_TEXT)
        agent_reply(agent_client, ticket, "We looked into it.", django_capture_on_commit_callbacks)
        (message,) = mail.outbox
        assert "evil.example" not in message.subject + message.body

    def test_an_empty_reply_is_refused_with_a_message(self, agent_client):
        ticket = make_ticket()
        response = agent_client.post(f"/agent/tickets/{ticket.reference}/reply/", {"text": "   "})
        assert response.status_code == 400
        assert "This field is required." in response.content.decode()
        # Nothing but invisible bidi controls is nothing either.
        response = agent_client.post(f"/agent/tickets/{ticket.reference}/reply/", {"text": "\u202e\u2066"})
        assert response.status_code == 400
        assert "Please write something first." in response.content.decode()
        assert not TicketEvent.objects.exists()
        assert not mail.outbox

    def test_a_failing_mail_server_keeps_the_reply(self, agent_client, settings, caplog,
                                                   django_capture_on_commit_callbacks):
        settings.EMAIL_BACKEND = "tests.tickets.failing_mail.EmailBackend"
        ticket = make_ticket()
        response = agent_reply(agent_client, ticket, "Saved anyway.", django_capture_on_commit_callbacks)
        assert response.status_code == 302
        assert ticket.events.get().text == "Saved anyway."
        # The test settings' immediate job backend cannot defer a retry, so it gives up and says so.
        assert "Gave up sending email" in caplog.text

    def test_the_reply_is_only_for_agents(self, client):
        ticket = make_ticket()
        response = client.post(f"/agent/tickets/{ticket.reference}/reply/", {"text": "Hi"})
        assert response.status_code == 302 and response["Location"].startswith("/agent/login/")
        assert not TicketEvent.objects.exists()


class TestTheCustomersPage:
    def test_it_shows_the_conversation_but_not_internal_notes(self, client, agent_client,
                                                               django_capture_on_commit_callbacks):
        ticket = make_ticket()
        agent_client.post(f"/agent/tickets/{ticket.reference}/notes/", {"text": "Internal: VIP"})
        agent_reply(agent_client, ticket, "Which number did you send to?", django_capture_on_commit_callbacks)
        client.logout()
        html = client.get(ticket.get_absolute_url()).content.decode()
        assert "Which number did you send to?" in html
        assert "Internal: VIP" not in html
        assert "Waiting for customer" in html
        assert 'name="csrfmiddlewaretoken"' in html

    def test_the_customer_answers_and_the_ticket_opens_again_and_support_is_told(
        self, client, settings, django_capture_on_commit_callbacks
    ):
        settings.SUPPORT_EMAIL = "help@waypoint.example"
        ticket = make_ticket(status="waiting")
        response = customer_reply(client, ticket, "It was +8613800138000.", django_capture_on_commit_callbacks)
        assert response.status_code == 302 and response["Location"] == ticket.get_absolute_url()
        ticket.refresh_from_db()
        assert ticket.status == Ticket.Status.OPEN
        event = ticket.events.get()
        assert (event.kind, event.author, event.old_status, event.new_status) == ("customer", None, "waiting", "open")
        (message,) = mail.outbox
        assert message.to == ["help@waypoint.example"]
        assert "It was +8613800138000." in message.body
        assert f"/agent/tickets/{ticket.reference}/" in message.body
        assert "It was +8613800138000." in client.get(ticket.get_absolute_url()).content.decode()

    def test_a_closed_ticket_opens_again_but_a_new_one_stays_new(self, client, django_capture_on_commit_callbacks):
        closed, new = make_ticket(status="closed"), make_ticket(status="new")
        customer_reply(client, closed, "Still broken.", django_capture_on_commit_callbacks)
        customer_reply(client, new, "One more detail.", django_capture_on_commit_callbacks)
        closed.refresh_from_db(), new.refresh_from_db()
        assert (closed.status, new.status) == ("open", "new")

    def test_an_empty_answer_is_a_400_with_a_message(self, client):
        ticket = make_ticket()
        response = client.post(f"/tickets/received/{ticket.access_token}/reply/", {"text": ""})
        assert response.status_code == 400
        assert "This field is required." in response.content.decode()

    def test_a_wrong_token_is_a_404(self, client):
        assert client.post("/tickets/received/not-a-token/reply/", {"text": "Hello there"}).status_code == 404
        assert client.post("/tickets/received/" + "x" * 300 + "/reply/", {"text": "Hello"}).status_code == 404

    def test_too_many_answers_in_an_hour_are_a_429(self, client, monkeypatch, django_capture_on_commit_callbacks):
        monkeypatch.setattr(handling, "CUSTOMER_MESSAGES_PER_HOUR", 2)
        ticket = make_ticket()
        for n in range(2):
            assert customer_reply(client, ticket, f"Message {n}", django_capture_on_commit_callbacks).status_code == 302
        response = customer_reply(client, ticket, "Message 3", django_capture_on_commit_callbacks)
        assert response.status_code == 429
        assert "which is our limit" in response.content.decode()
        assert len(mail.outbox) == 2

    def test_a_get_of_the_answer_address_is_a_405(self, client):
        ticket = make_ticket()
        assert client.get(f"/tickets/received/{ticket.access_token}/reply/").status_code == 405


class TestTheAgentsTicketPage:
    def test_it_shows_the_conversation_with_the_agents_name(self, client, django_capture_on_commit_callbacks):
        agent = make_agent(username="bsmith", first_name="Bea", last_name="Smith")
        client.force_login(agent)
        ticket = make_ticket()
        agent_reply(client, ticket, "On it.", django_capture_on_commit_callbacks)
        html = client.get(f"/agent/tickets/{ticket.reference}/").content.decode()
        assert "Conversation with the customer" in html
        assert "Bea Smith (support)" in html
        assert "Reply to the customer" in html

    def test_its_query_count_does_not_grow_with_the_conversation(
        self, agent_client, django_assert_max_num_queries, django_capture_on_commit_callbacks
    ):
        ticket = make_ticket()
        for n in range(10):
            agent_reply(agent_client, ticket, f"Reply {n}", django_capture_on_commit_callbacks)
            handling.customer_writes(ticket, f"Answer {n}")
        with django_assert_max_num_queries(9):
            response = agent_client.get(f"/agent/tickets/{ticket.reference}/")
        assert response.content.decode().count("Answer ") >= 10
