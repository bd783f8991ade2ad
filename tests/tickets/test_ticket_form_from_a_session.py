"""The ticket form opened from a session or an article: a subject to start from, the transcript folded
away, fields for the affected number and the send time, and the article the customer came from."""
import re
from datetime import UTC, datetime

import pytest

from tests.factories import make_article
from tests.troubleshooter.session_factories import make_tree_with_session
from tickets.models import Ticket


def form_data(**overrides) -> dict:
    data = {"name": "Ada", "email": "ada@example.com", "subject": "Codes do not arrive",
            "description": "None of our verification codes arrive since 9:00."}
    data.update(overrides)
    return data


@pytest.mark.django_db
class TestTicketFormFromASession:
    def test_the_subject_starts_from_the_troubleshooter_and_its_outcome(self, client):
        session = make_tree_with_session(steps=2, outcome_title="Ask support to check the carrier")
        html = client.get(f"/tickets/new/?session={session.pk}").content.decode()
        assert f'value="{session.tree.title}: Ask support to check the carrier"' in html

    def test_the_transcript_is_collapsed(self, client):
        session = make_tree_with_session(steps=2)
        html = client.get(f"/tickets/new/?session={session.pk}").content.decode()
        details = html.split('<details class="card ticket-transcript">')[1].split("</details>")[0]
        assert "<summary>" in details and "Attached: your troubleshooting steps" in details
        assert "2 answers" in details
        assert 'class="transcript"' in details

    def test_the_affected_number_and_send_time_are_their_own_fields(self, client):
        html = client.get("/tickets/new/").content.decode()
        assert "Number that did not get the message (optional)" in html
        assert "When it was sent, in console time (UTC+8) (optional)" in html
        assert 'type="datetime-local"' in html
        assert "Call-back phone number (optional)" in html

    def test_the_send_time_is_read_in_console_time_and_kept(self, client):
        response = client.post("/tickets/new/", form_data(
            affected_number="+86 137 8888 8888", sent_at="2025-03-14T09:30", phone="",
        ))
        assert response.status_code == 302
        ticket = Ticket.objects.get()
        assert ticket.affected_number == "+8613788888888"
        assert ticket.phone == ""
        assert ticket.sent_at == datetime(2025, 3, 14, 1, 30, tzinfo=UTC)
        assert ticket.sent_at_console == "2025-03-14 09:30 UTC+8"

    @pytest.mark.parametrize("field, value, message", [
        ("sent_at", "yesterday", "Enter a valid date/time."),
        ("sent_at", "2999-01-01T10:00", "is in the future"),
        ("affected_number", "call me", "Please check the number that did not get the message."),
    ])
    def test_bad_values_are_explained_next_to_their_field(self, client, field, value, message):
        response = client.post("/tickets/new/", form_data(**{field: value}))
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not Ticket.objects.exists()


@pytest.mark.django_db
class TestTicketFormFromAnArticle:
    def test_it_suggests_the_article_without_javascript(self, client):
        article = make_article(title="Error 1014: the template does not match")
        html = client.get(f"/tickets/new/?article={article.slug}").content.decode()
        suggestions = html.split('id="subject-suggestions"')[1].split("</div>")[0]
        assert f'href="{article.get_absolute_url()}"' in suggestions

    def test_the_suggestions_keep_the_article_first_as_the_subject_changes(self, client):
        article = make_article(title="Error 1014: the template does not match")
        make_article(title="Codes are late")
        html = client.get("/tickets/suggestions/", {"subject": "codes late", "article": article.slug}).content.decode()
        links = re.findall(r'<a href="([^"]+)"', html)
        assert links[0] == article.get_absolute_url()
        assert len(links) == len(set(links))
