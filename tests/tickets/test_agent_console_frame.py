"""The agent console's frame and queue: its own sign-in, who is signed in and a logout, no customer footer,
sorting that keeps the filters, people's names in the history, clickable links in notes, and bidi controls
that cannot reverse the text around them."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import make_agent, make_user
from tests.tickets.factories import make_ticket
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

RLO = "\u202e"


class TestSigningIn:
    def test_the_sign_in_page_is_the_consoles_not_django_administration(self, client):
        response = client.get("/agent/login/?next=/agent/tickets/WP-AAAAAA/")
        html = response.content.decode()
        assert response.status_code == 200
        assert "Sign in to the agent console" in html
        assert "Django administration" not in html
        assert 'name="next" value="/agent/tickets/WP-AAAAAA/"' in html
        assert 'name="csrfmiddlewaretoken"' in html
        assert "Still stuck?" not in html

    def test_an_agent_signs_in_and_goes_where_they_were_headed(self, client):
        make_agent(username="ann")
        response = client.post("/agent/login/", {"username": "ann", "password": "pw-for-tests-123",
                                                 "next": "/agent/sessions/"})
        assert response.status_code == 302 and response["Location"] == "/agent/sessions/"

    def test_without_next_they_land_on_the_queue(self, client):
        make_agent(username="ann")
        response = client.post("/agent/login/", {"username": "ann", "password": "pw-for-tests-123"})
        assert response["Location"] == "/agent/"

    def test_an_account_without_the_console_permission_is_refused_with_a_reason(self, client):
        make_user(username="ed", staff=True)
        response = client.post("/agent/login/", {"username": "ed", "password": "pw-for-tests-123"})
        assert response.status_code == 200
        assert "cannot use the agent console" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_a_wrong_password_is_refused(self, client):
        make_agent(username="ann")
        response = client.post("/agent/login/", {"username": "ann", "password": "nope"})
        assert "Please enter a correct username and password" in response.content.decode()

    def test_logging_out_is_a_post_and_ends_the_session(self, agent_client):
        assert agent_client.get("/agent/logout/").status_code == 405
        response = agent_client.post("/agent/logout/")
        assert response.status_code == 302 and response["Location"] == "/agent/login/"
        assert agent_client.get("/agent/").status_code == 302

    def test_a_logout_without_the_csrf_token_is_refused(self):
        agent = make_agent()
        client = Client(enforce_csrf_checks=True)
        client.force_login(agent)
        assert client.post("/agent/logout/").status_code == 403


class TestTheFrame:
    @pytest.mark.parametrize("path", ["/agent/", "/agent/sessions/?code=ZZZZZZ"])
    def test_agent_pages_name_the_user_offer_logout_and_have_no_customer_footer(self, client, path):
        client.force_login(make_agent(username="bsmith", first_name="Bea", last_name="Smith"))
        html = client.get(path).content.decode()
        assert "signed in as <strong>Bea Smith</strong>" in html
        assert 'action="/agent/logout/"' in html
        assert "Still stuck?" not in html

    def test_a_user_without_a_full_name_is_shown_by_username(self, agent_client):
        assert "signed in as <strong>agent-ann</strong>" in agent_client.get("/agent/").content.decode()

    def test_customer_pages_keep_the_footer(self, client):
        assert "Still stuck?" in client.get("/tickets/new/").content.decode()


class TestSorting:
    def make_three(self):
        now = timezone.now()
        first = make_ticket(subject="First filed", status="waiting")
        second = make_ticket(subject="Second filed", status="new")
        third = make_ticket(subject="Third filed", status="closed")
        for ticket, hours in ((first, 3), (second, 2), (third, 1)):
            Ticket.objects.filter(pk=ticket.pk).update(created_at=now - timedelta(hours=hours),
                                                       updated_at=now - timedelta(hours=hours))
        # The oldest ticket had the latest activity.
        Ticket.objects.filter(pk=first.pk).update(updated_at=now)
        return first, second, third

    @pytest.mark.parametrize(("sort", "expected"), [
        ("", ["Third filed", "Second filed", "First filed"]),
        ("newest", ["Third filed", "Second filed", "First filed"]),
        ("oldest", ["First filed", "Second filed", "Third filed"]),
        ("activity", ["First filed", "Third filed", "Second filed"]),
        ("status", ["Second filed", "First filed", "Third filed"]),
    ])
    def test_the_queue_sorts(self, agent_client, sort, expected):
        self.make_three()
        html = agent_client.get("/agent/", {"sort": sort}).content.decode()
        assert sorted(expected, key=html.index) == expected

    def test_sort_links_keep_the_filters_and_filters_keep_the_sort(self, agent_client):
        self.make_three()
        html = agent_client.get("/agent/", {"status": "new", "q": "filed", "page": "1", "sort": "oldest"}).content.decode()
        assert 'href="?status=new&amp;q=filed&amp;sort=activity"' in html
        assert '<input type="hidden" name="sort" value="oldest">' in html

    def test_an_unknown_sort_is_a_400_with_a_message(self, agent_client):
        response = agent_client.get("/agent/", {"sort": "sideways"})
        assert response.status_code == 400
        assert "Select a valid choice" in response.content.decode()

    def test_a_note_counts_as_activity(self, agent_client):
        ticket = make_ticket()
        Ticket.objects.filter(pk=ticket.pk).update(updated_at=timezone.now() - timedelta(days=2))
        agent_client.post(f"/agent/tickets/{ticket.reference}/notes/", {"text": "Called back."})
        ticket.refresh_from_db()
        assert timezone.now() - ticket.updated_at < timedelta(minutes=1)


class TestHistoryAndNotes:
    def test_history_shows_full_names(self, client):
        client.force_login(make_agent(username="bsmith", first_name="Bea", last_name="Smith"))
        ticket = make_ticket()
        client.post(f"/agent/tickets/{ticket.reference}/status/", {"status": "open"})
        client.post(f"/agent/tickets/{ticket.reference}/notes/", {"text": "Looking."})
        html = client.get(f"/agent/tickets/{ticket.reference}/").content.decode()
        timeline = html[html.index('class="timeline"'):]
        assert timeline.count("Bea Smith") == 2
        assert "bsmith" not in timeline

    def test_links_in_notes_are_clickable_and_safe(self, agent_client):
        ticket = make_ticket()
        agent_client.post(f"/agent/tickets/{ticket.reference}/notes/", {
            "text": 'See https://status.example.com/incident?id=1&x=2 and javascript:alert(1) <a href="x">no</a>'
        })
        html = agent_client.get(f"/agent/tickets/{ticket.reference}/").content.decode()
        assert ('<a href="https://status.example.com/incident?id=1&amp;x=2" rel="nofollow noopener noreferrer">'
                in html)
        assert 'href="javascript' not in html
        assert '&lt;a href="x"&gt;no&lt;/a&gt;' in html or "&lt;a href=&quot;x&quot;&gt;" in html


class TestBidiOverrides:
    def test_an_override_in_ticket_text_is_neutralised_and_isolated(self, agent_client):
        ticket = make_ticket(name=f"Eve{RLO}gnp.exe", subject=f"Invoice {RLO}fdp.exe", description=f"See {RLO}txt.exe")
        for path in ("/agent/", f"/agent/tickets/{ticket.reference}/"):
            html = agent_client.get(path).content.decode()
            assert RLO not in html
            assert "<bdi>Invoice fdp.exe</bdi>" in html or '<bdi class="typed-text">Invoice fdp.exe</bdi>' in html

    def test_overrides_are_dropped_from_notes_and_replies_as_they_come_in(self, agent_client):
        ticket = make_ticket()
        agent_client.post(f"/agent/tickets/{ticket.reference}/notes/", {"text": f"abc{RLO}def\u2066ghi"})
        assert ticket.events.get().text == "abcdefghi"

    def test_a_right_to_left_name_keeps_its_letters(self, agent_client):
        ticket = make_ticket(name="\u05d3\u05e0\u05d4 \u05dc\u05d5\u05d9")  # Hebrew: Dana Levi
        html = agent_client.get(f"/agent/tickets/{ticket.reference}/").content.decode()
        assert "<bdi>\u05d3\u05e0\u05d4 \u05dc\u05d5\u05d9</bdi>" in html


def test_the_reply_and_note_boxes_have_their_own_labels(agent_client):
    html = agent_client.get(f"/agent/tickets/{make_ticket().reference}/").content.decode()
    assert html.count('id="id_text"') == 1 and html.count('id="id_reply_text"') == 1
    assert '<label for="id_reply_text">Reply to the customer</label>' in html
