"""The API's edge: JSON bodies only (415), no writes from other sites' pages (403), scripts keep working."""
from __future__ import annotations

import json

import pytest
from django.core import mail

from tests.troubleshooter.session_factories import make_live_session
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

TICKET = {"name": "Ann", "email": "victim@example.com", "subject": "Buy now", "description": "Spam text."}


def post(client, path="/api/v1/tickets", body=None, content_type="application/json", **headers):
    data = json.dumps(TICKET) if body is None else body
    return client.post(path, data=data, content_type=content_type, headers=headers)


class TestOnlyJson:
    @pytest.mark.parametrize("content_type", [
        "text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data",
        "application/xml", "",
    ])
    def test_a_body_of_another_type_is_415_and_files_nothing(self, client, content_type):
        response = post(client, content_type=content_type)
        assert response.status_code == 415
        assert "application/json" in response.json()["detail"]
        assert not Ticket.objects.exists() and not mail.outbox

    def test_json_with_a_charset_is_json(self, client):
        assert post(client, content_type="application/json; charset=utf-8").status_code == 201

    def test_an_empty_body_needs_no_type(self, client, db):
        session = make_live_session()
        response = client.generic("POST", f"/api/v1/troubleshooters/{session.tree.slug}/sessions")
        assert response.status_code == 201

    def test_reads_are_not_affected(self, client):
        assert client.get("/api/v1/articles", content_type="text/plain").status_code == 200


class TestNoCrossSiteWrites:
    @pytest.mark.parametrize("headers", [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://testserver.evil.example"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site", "Origin": "http://support.testserver"},
    ])
    def test_a_browser_post_from_another_origin_is_403(self, client, headers):
        response = post(client, **headers)
        assert response.status_code == 403
        assert "another site" in response.json()["detail"]
        assert not Ticket.objects.exists() and not mail.outbox

    def test_the_sites_own_pages_may_post(self, client):
        response = post(client, Origin="http://testserver", **{"Sec-Fetch-Site": "same-origin"})
        assert response.status_code == 201

    def test_a_script_without_origin_may_post(self, client):
        assert post(client).status_code == 201

    def test_a_trusted_origin_may_post(self, client, settings):
        settings.CSRF_TRUSTED_ORIGINS = ["https://chat.example.com"]
        headers = {"Origin": "https://chat.example.com", "Sec-Fetch-Site": "cross-site"}
        assert post(client, **headers).status_code == 201


class TestTheReceiptIsNoRelay:
    def test_the_customers_receipt_has_the_reference_and_link_but_nothing_the_sender_wrote(
            self, client, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):  # the mail is a job queued on commit
            response = post(client, body=json.dumps({
                **TICKET, "name": "Visit evil.example now", "subject": "You won a prize",
                "description": "Claim it at http://evil.example/claim",
            }))
        assert response.status_code == 201
        ticket = Ticket.objects.get()
        receipt = next(message for message in mail.outbox if message.to == ["victim@example.com"])
        assert ticket.reference in receipt.body and ticket.get_absolute_url() in receipt.body
        for text in ("evil.example", "prize", "Claim it", "Visit"):
            assert text not in receipt.body and text not in receipt.subject
