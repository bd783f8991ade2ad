"""Searches followed by a ticket: how the link is carried, recorded and counted (faq.search.followup)."""
from datetime import UTC, datetime, timedelta
from unittest import mock
from urllib.parse import quote

import pytest
from django.db import DatabaseError

from faq.models import SearchLog
from faq.search import followup
from insights.models import SearchDay
from insights.rollup import refresh
from tests.factories import make_article
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
FORM = {
    "name": "Grace Hopper",
    "email": "grace@example.com",
    "subject": "Delivery reports are late",
    "description": "Reports arrive about an hour after the messages.",
}


def searched(client, query="delivery status"):
    response = client.get("/search/", {"q": query})
    log = SearchLog.objects.latest("pk")
    return response, log


class TestTheContactLink:
    def test_the_results_page_links_to_the_form_with_its_signed_search(self, client):
        make_article(slug="not-received", title="A user did not receive the SMS", body="Check the delivery status.")
        response, log = searched(client)
        token = followup.contact_token(log.pk)
        html = response.content.decode()
        assert html.count(f'href="/tickets/new/?search={quote(token)}"') == 3  # the menu, the page, the footer
        # The page sets no cookie and is nobody else's to keep.
        assert not response.cookies

    def test_the_form_carries_a_genuine_search_to_the_ticket(self, client):
        _, log = searched(client)
        token = followup.contact_token(log.pk)
        assert f'name="search" value="{token}"' in client.get("/tickets/new/", {"search": token}).content.decode()
        assert client.post("/tickets/new/", {**FORM, "search": token}).status_code == 302
        log.refresh_from_db()
        ticket = Ticket.objects.get()
        assert log.ticket_at == ticket.created_at

    def test_only_the_first_ticket_is_kept(self, client):
        _, log = searched(client)
        token = followup.contact_token(log.pk)
        client.post("/tickets/new/", {**FORM, "search": token})
        first = SearchLog.objects.get(pk=log.pk).ticket_at
        client.post("/tickets/new/", {**FORM, "subject": "Another question", "search": token})
        assert Ticket.objects.count() == 2
        assert SearchLog.objects.get(pk=log.pk).ticket_at == first

    @pytest.mark.parametrize("token", ["12", "12:forged", "x" * 500, "not-a-number:abc"])
    def test_a_made_up_search_files_the_ticket_and_marks_nothing(self, client, token):
        _, log = searched(client)
        page = client.get("/tickets/new/", {"search": token})
        assert page.status_code == 200 and 'name="search"' not in page.content.decode()
        assert client.post("/tickets/new/", {**FORM, "search": token}).status_code == 302
        assert Ticket.objects.count() == 1
        assert SearchLog.objects.get(pk=log.pk).ticket_at is None

    def test_a_failed_write_is_logged_and_the_ticket_still_filed(self, client, caplog):
        _, log = searched(client)
        with mock.patch.object(SearchLog.objects, "filter", side_effect=DatabaseError("disk full")):
            response = client.post("/tickets/new/", {**FORM, "search": followup.contact_token(log.pk)})
        assert response.status_code == 302 and Ticket.objects.count() == 1
        assert "followed by a ticket" in caplog.text

    def test_the_search_log_keeps_no_trace_of_the_customer(self):
        names = {field.name for field in SearchLog._meta.get_fields()}
        assert "ticket" not in names and not {"email", "ip", "address", "name"} & names


class TestCountingThem:
    def search(self, *, ago, ticket_after=None, source=SearchLog.Source.PAGE):
        created = NOW - ago
        return SearchLog.objects.create(query="refund", result_count=0, source=source, created_at=created,
                                        ticket_at=created + ticket_after if ticket_after is not None else None)

    def test_settled_and_deflected_searches_follow_the_24_hour_rule(self):
        self.search(ago=timedelta(hours=30))                                            # settled, deflected
        self.search(ago=timedelta(hours=30), ticket_after=timedelta(hours=24))          # settled, ticketed (24 h is within)
        self.search(ago=timedelta(hours=30), ticket_after=timedelta(hours=24, seconds=1))  # settled, deflected (too late)
        self.search(ago=timedelta(hours=24))                                            # settled (exactly 24 h), deflected
        self.search(ago=timedelta(hours=23), ticket_after=timedelta(hours=1))           # too recent to count
        self.search(ago=timedelta(hours=30), source=SearchLog.Source.API)               # no contact link: left out
        refresh(now=NOW)
        rows = SearchDay.objects.all()
        assert sum(row.searches for row in rows) == 6
        assert (sum(row.settled for row in rows), sum(row.deflected for row in rows)) == (4, 3)
