"""The /tickets/new/ form: valid and invalid input, honeypot, rate limit, attachments, confirmation."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.factories import make_article
from tests.troubleshooter.session_factories import make_tree_with_session
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Ada Lovelace",
    "email": "ada@example.com",
    "phone": "",
    "subject": "Codes never arrive",
    "description": "Since this morning none of our verification codes arrive.",
}


def post(client, **changes):
    return client.post("/tickets/new/", {**VALID, **changes})


class TestTheFormPage:
    def test_it_shows_every_field_with_a_label_and_csrf(self, client):
        response = client.get("/tickets/new/")
        html = response.content.decode()
        assert response.status_code == 200
        assert "csrfmiddlewaretoken" in html
        for field in ("name", "email", "phone", "subject", "description"):
            assert f'for="id_{field}"' in html

    def test_it_prefills_the_subject_from_an_article(self, client):
        article = make_article(title="Error 1014: template not approved")
        response = client.get(f"/tickets/new/?article={article.slug}")
        assert 'value="Error 1014: template not approved"' in response.content.decode()

    def test_it_shows_the_attached_transcript(self, client):
        session = make_tree_with_session(steps=2)
        response = client.get(f"/tickets/new/?session={session.pk}")
        html = response.content.decode()
        assert "Question 1?" in html and "Answer 2" in html
        assert session.code in html
        assert f'value="{session.pk}"' in html

    @pytest.mark.parametrize("bad", ["not-a-uuid", "2f1c3c1e-6a8e-4c51-9a55-0f3a4d4b0c11"])
    def test_an_unknown_session_says_so_and_still_offers_the_form(self, client, bad):
        response = client.get(f"/tickets/new/?session={bad}")
        assert response.status_code == 404
        html = response.content.decode()
        assert "could not find that troubleshooting session" in html
        assert 'name="description"' in html


class TestSubmitting:
    def test_a_valid_request_is_saved_and_confirmed(self, client):
        response = post(client)
        ticket = Ticket.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/tickets/received/{ticket.access_token}/"
        assert ticket.reference.startswith("WP-") and len(ticket.reference) == 9
        assert (ticket.name, ticket.email, ticket.source, ticket.status) == ("Ada Lovelace", "ada@example.com", "web", "new")
        page = client.get(response["Location"])
        assert ticket.reference in page.content.decode()

    def test_the_session_transcript_is_copied_onto_the_ticket(self, client):
        session = make_tree_with_session(steps=3, outcome_title="Carrier problem")
        post(client, session=str(session.pk))
        ticket = Ticket.objects.get()
        assert ticket.session == session
        assert ticket.tree_slug == session.tree.slug
        assert [entry["answer_label"] for entry in ticket.transcript] == ["Answer 1", "Answer 2", "Answer 3"]
        assert ticket.outcome == "Carrier problem"
        session.steps.all().delete()
        ticket.refresh_from_db()
        assert len(ticket.transcript) == 3

    @pytest.mark.parametrize(
        ("typed", "stored"),
        [("+86 138 0013 8000", "+8613800138000"), ("13800138000", "+8613800138000"), ("+1 (415) 555-0100", "+14155550100")],
    )
    def test_the_phone_number_is_stored_in_e164(self, client, typed, stored):
        assert post(client, phone=typed).status_code == 302
        assert Ticket.objects.get().phone == stored

    def test_the_article_it_came_from_is_recorded(self, client):
        article = make_article(title="Blocklists")
        post(client, article=article.slug)
        assert Ticket.objects.get().articles == [
            {"slug": article.slug, "title": "Blocklists", "url": article.get_absolute_url(), "opened_at": ""}
        ]

    def test_whitespace_in_the_subject_is_folded_to_one_line(self, client):
        post(client, subject="Codes\r\nBcc: victim@example.com")
        assert Ticket.objects.get().subject == "Codes Bcc: victim@example.com"

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("name", "", "This field is required."),
            ("name", "n" * 101, "at most 100 characters"),
            ("email", "", "This field is required."),
            ("email", "not-an-address", "Enter a valid email address."),
            ("subject", "", "This field is required."),
            ("subject", "s" * 201, "at most 200 characters"),
            ("description", "", "This field is required."),
            ("description", "too short", "at least 10 characters"),
            ("description", "d" * 5001, "at most 5000 characters"),
            ("phone", "+" + "1" * 45, "at most 40 characters"),
            ("phone", "call me maybe", "characters that are not digits"),
            ("phone", "12345", "The country code is missing"),
            ("session", "not-a-uuid", "could not find that troubleshooting session"),
            ("session", "2f1c3c1e-6a8e-4c51-9a55-0f3a4d4b0c11", "could not find that troubleshooting session"),
            ("article", "no-such-article", "The article you came from no longer exists"),
        ],
    )
    def test_each_invalid_field_is_refused_with_a_clear_message(self, client, field, value, message):
        response = post(client, **{field: value})
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not Ticket.objects.exists()
        assert not mail.outbox

    def test_a_vanished_session_is_dropped_so_sending_again_works(self, client):
        response = post(client, session="2f1c3c1e-6a8e-4c51-9a55-0f3a4d4b0c11")
        assert 'name="session"' not in response.content.decode()
        assert post(client).status_code == 302

    def test_the_honeypot_refuses_bots(self, client):
        response = post(client, website="http://spam.example")
        assert response.status_code == 400
        assert "automated submission" in response.content.decode()
        assert not Ticket.objects.exists()

    def test_the_form_needs_its_csrf_token(self):
        response = Client(enforce_csrf_checks=True).post("/tickets/new/", VALID)
        assert response.status_code == 403
        assert not Ticket.objects.exists()

    def test_a_confirmation_page_shows_only_its_own_ticket(self, client):
        post(client, subject="First customer's problem")
        post(client, subject="Second customer's problem", email="other@example.com")
        first, second = Ticket.objects.order_by("created_at")
        html = client.get(first.get_absolute_url()).content.decode()
        assert first.reference in html and "First customer" in html
        assert second.reference not in html and "other@example.com" not in html

    def test_the_confirmation_page_is_not_reachable_by_reference(self, client):
        post(client)
        ticket = Ticket.objects.get()
        assert client.get(f"/tickets/received/{ticket.reference}/").status_code == 404
        assert client.get("/tickets/received/x/").status_code == 404


class TestRateLimit:
    @pytest.fixture(autouse=True)
    def low_limit(self, settings):
        settings.TICKETS_PER_WINDOW = 2

    def test_too_many_requests_from_one_address_get_429_and_keep_the_text(self, client):
        assert post(client).status_code == 302
        assert post(client).status_code == 302
        response = post(client, description="The third request, which must not vanish.")
        assert response.status_code == 429
        html = response.content.decode()
        assert "Please wait" in html
        assert "The third request, which must not vanish." in html
        assert Ticket.objects.count() == 2

    def test_another_address_is_not_limited(self, client):
        post(client)
        post(client)
        other = Client(REMOTE_ADDR="203.0.113.9")
        assert post(other).status_code == 302
        assert Ticket.objects.count() == 3

    def test_old_tickets_do_not_count(self, client):

        post(client)
        post(client)
        Ticket.objects.update(created_at=timezone.now() - timedelta(hours=2))
        assert post(client).status_code == 302


class TestSubjectSuggestions:
    def test_it_suggests_published_articles_matching_the_subject(self, client):
        make_article(title="SMS not received by the user")
        make_article(title="Invoices and billing")
        make_article(title="Not received draft", status="draft")
        response = client.get("/tickets/suggestions/", {"subject": "codes not received"})
        html = response.content.decode()
        assert "SMS not received by the user" in html
        assert "Invoices" not in html
        assert "draft" not in html

    def test_short_text_suggests_nothing(self, client):
        make_article(title="SMS not received")
        assert client.get("/tickets/suggestions/", {"subject": "n"}).content.decode().strip() == ""
