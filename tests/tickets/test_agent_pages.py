"""The agent console's ticket pages: the queue and its filters, one ticket, its status and notes, XSS."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.tickets.factories import make_ticket
from tests.troubleshooter.session_factories import make_tree_with_session
from tickets.models import Ticket, TicketEvent

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


class TestQueue:
    def test_it_lists_tickets_newest_first(self, agent_client):
        older = make_ticket(subject="Older one")
        Ticket.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(hours=3))
        make_ticket(subject="Newer one")
        html = agent_client.get("/agent/").content.decode()
        assert html.index("Newer one") < html.index("Older one")

    def test_it_filters_by_status_age_tree_and_text(self, agent_client):
        session = make_tree_with_session()
        new = make_ticket(subject="Fresh and new")
        closed = make_ticket(subject="Done already", status="closed")
        stale = make_ticket(subject="Very stale")
        Ticket.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(days=10))
        from_tree = make_ticket(subject="From a tree", session=session, tree_slug=session.tree.slug)

        def subjects(**params):
            html = agent_client.get("/agent/", params).content.decode()
            return {t.subject for t in (new, closed, stale, from_tree) if t.subject in html}

        assert subjects(status="closed") == {"Done already"}
        assert subjects(age="older") == {"Very stale"}
        assert subjects(age="day") == {"Fresh and new", "Done already", "From a tree"}
        assert subjects(tree=session.tree.slug) == {"From a tree"}
        assert subjects(tree="none") == {"Fresh and new", "Done already", "Very stale"}
        assert subjects(q=closed.reference) == {"Done already"}
        assert subjects(q="stale") == {"Very stale"}

    def test_an_unknown_filter_value_is_a_400_not_a_crash(self, agent_client):
        response = agent_client.get("/agent/", {"status": "bogus"})
        assert response.status_code == 400
        assert "Select a valid choice" in response.content.decode()

    def test_its_query_count_does_not_grow_with_the_queue(self, agent_client, django_assert_max_num_queries):
        for _ in range(30):
            make_ticket()
        # 10: the session and user, the tree choices, the page, its count, the status counts, the active
        # sessions, and the group check for the menu's Insights link.
        with django_assert_max_num_queries(10):
            response = agent_client.get("/agent/")
        assert response.content.decode().count("/agent/tickets/WP-") == 25
        assert "Page 1 of 2" in response.content.decode()


class TestOneTicket:
    def test_it_shows_the_transcript_articles_and_customer(self, agent_client):
        session = make_tree_with_session(steps=2, outcome_title="Carrier issue")
        ticket = make_ticket(
            session=session, tree_slug=session.tree.slug, outcome="Carrier issue", phone="+8613800138000",
            transcript=[{"node_key": "start", "prompt": "Did it arrive?", "answer_label": "No", "answered_by": ""}],
            articles=[{"slug": "sms-not-received", "title": "SMS not received", "url": "/articles/sms-not-received/"}],
        )
        html = agent_client.get(f"/agent/tickets/{ticket.reference}/").content.decode()
        for text in ("Did it arrive?", "Carrier issue", "SMS not received", "+8613800138000", ticket.email, session.code):
            assert text in html

    def test_its_query_count_does_not_grow_with_its_history(self, agent_client, django_assert_max_num_queries):
        ticket = make_ticket()
        for n in range(20):
            agent_client.post(f"/agent/tickets/{ticket.reference}/notes/", {"text": f"Note {n}"})
        with django_assert_max_num_queries(8):
            response = agent_client.get(f"/agent/tickets/{ticket.reference}/")
        assert response.content.decode().count("Note ") >= 20

    def test_a_lowercase_reference_finds_the_ticket(self, agent_client):
        ticket = make_ticket()
        assert agent_client.get(f"/agent/tickets/{ticket.reference.lower()}/").status_code == 200

    def test_an_unknown_reference_is_a_404(self, agent_client):
        assert agent_client.get("/agent/tickets/WP-NOPE00/").status_code == 404

    def test_customer_text_is_shown_escaped(self, agent_client):
        ticket = make_ticket(
            name=XSS, subject=XSS, description=XSS, email="x@example.com",
            transcript=[{"node_key": "k", "prompt": XSS, "answer_label": XSS, "answered_by": ""}],
            articles=[{"slug": "a", "title": XSS, "url": "javascript:alert(1)"}],
        )
        add = agent_client.post(f"/agent/tickets/{ticket.reference}/notes/", {"text": XSS})
        assert add.status_code == 302
        for url in ("/agent/", f"/agent/tickets/{ticket.reference}/"):
            html = agent_client.get(url).content.decode()
            assert "<script>alert" not in html
            assert "<img src=x" not in html
            assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html

    def test_changing_the_status_records_who_and_when(self, agent_client):
        ticket = make_ticket()
        response = agent_client.post(f"/agent/tickets/{ticket.reference}/status/", {"status": "waiting"})
        assert response.status_code == 302
        ticket.refresh_from_db()
        assert ticket.status == "waiting"
        event = ticket.events.get()
        assert (event.kind, event.old_status, event.new_status, event.author.username) == (
            "status", "new", "waiting", "agent-ann"
        )
        page = agent_client.get(f"/agent/tickets/{ticket.reference}/").content.decode()
        assert "Waiting for customer" in page

    def test_the_same_status_again_records_nothing(self, agent_client):
        ticket = make_ticket()
        agent_client.post(f"/agent/tickets/{ticket.reference}/status/", {"status": "new"})
        assert not TicketEvent.objects.exists()

    def test_an_invalid_status_is_a_400(self, agent_client):
        ticket = make_ticket()
        assert agent_client.post(f"/agent/tickets/{ticket.reference}/status/", {"status": "gone"}).status_code == 400

    def test_notes_are_added_with_their_author_and_an_empty_one_is_refused(self, agent_client):
        ticket = make_ticket()
        agent_client.post(f"/agent/tickets/{ticket.reference}/notes/", {"text": "Called the customer."})
        assert ticket.events.get().text == "Called the customer."
        assert ticket.events.get().author.username == "agent-ann"
        assert agent_client.post(f"/agent/tickets/{ticket.reference}/notes/", {"text": ""}).status_code == 400

    def test_notes_are_never_on_the_customer_page(self, client, agent_client):
        ticket = make_ticket()
        agent_client.post(f"/agent/tickets/{ticket.reference}/notes/", {"text": "Private remark"})
        client.logout()
        assert "Private remark" not in client.get(ticket.get_absolute_url()).content.decode()
