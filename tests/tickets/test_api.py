"""POST /api/v1/tickets, as the API's schema and README describe it."""
from __future__ import annotations

import json

import pytest
from django.core import mail

from tests.troubleshooter.session_factories import make_tree_with_session
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Alan Turing",
    "email": "alan@example.com",
    "subject": "Signature mismatch",
    "description": "Every request returns a signature error since we rotated the key.",
}


def post(client, body, **extra):
    return client.post("/api/v1/tickets", data=json.dumps(body), content_type="application/json", **extra)


def test_a_valid_ticket_is_created(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the emails are jobs queued on commit
        response = post(client, VALID)
    assert response.status_code == 201
    ticket = Ticket.objects.get()
    assert response.json() == {
        "reference": ticket.reference,
        "url": f"/tickets/received/{ticket.access_token}/",
    }
    assert ticket.source == "api"
    assert len(mail.outbox) == 2


def test_a_session_attaches_its_transcript(client):
    session = make_tree_with_session(steps=2)
    response = post(client, {**VALID, "session": str(session.pk)})
    assert response.status_code == 201
    assert len(Ticket.objects.get().transcript) == 2


def test_the_phone_is_normalised(client):
    assert post(client, {**VALID, "phone": "+86 138-0013-8000"}).status_code == 201
    assert Ticket.objects.get().phone == "+8613800138000"


def test_null_optional_fields_are_accepted(client):
    assert post(client, {**VALID, "phone": None, "session": None}).status_code == 201


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "name: This field is required."),
        ({"name": "n" * 101}, "name: Ensure this value has at most 100 characters"),
        ({"email": "nope"}, "email: Enter a valid email address."),
        ({"subject": "s" * 201}, "subject: Ensure this value has at most 200 characters"),
        ({"description": "short"}, "description: Ensure this value has at least 10 characters"),
        ({"description": "d" * 5001}, "description: Ensure this value has at most 5000 characters"),
        ({"phone": "1" * 41}, "phone: Ensure this value has at most 40 characters"),
        ({"phone": "+86 12"}, "phone: Please check the phone number."),
        ({"session": "nope"}, "session: Enter a valid UUID."),
        ({"session": "2f1c3c1e-6a8e-4c51-9a55-0f3a4d4b0c11"}, "session: That troubleshooting session does not exist."),
        ({"name": 42}, "name:"),
    ],
)
def test_each_invalid_field_gets_a_400_with_a_clear_detail(client, changes, message):
    response = post(client, {**VALID, **changes})
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("field", ["name", "email", "subject", "description"])
def test_a_missing_required_field_gets_a_400(client, field):
    body = {key: value for key, value in VALID.items() if key != field}
    response = post(client, body)
    assert response.status_code == 400
    assert field in response.json()["detail"]


@pytest.mark.parametrize("raw", ["", "not json", "[]", "null", '{"name": '])
def test_a_body_that_is_not_a_ticket_object_gets_a_400(client, raw):
    response = client.post("/api/v1/tickets", data=raw, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_the_rate_limit_answers_429_in_json(client, settings):
    settings.TICKETS_PER_WINDOW = 1
    assert post(client, VALID).status_code == 201
    response = post(client, VALID)
    assert response.status_code == 429
    assert "limit" in response.json()["detail"]
    assert Ticket.objects.count() == 1


def test_the_form_and_the_api_share_one_limit_per_address(client, settings):
    settings.TICKETS_PER_WINDOW = 1
    client.post("/tickets/new/", VALID)
    assert post(client, VALID).status_code == 429


def test_it_is_described_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "post" in schema["paths"]["/api/v1/tickets"]


def test_an_oversized_body_gets_a_json_413(client):
    body = json.dumps({**VALID, "description": "d" * 3_000_000})
    response = client.post("/api/v1/tickets", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is too large."}
    assert not Ticket.objects.exists()


def test_the_answer_gives_a_path_while_the_emails_keep_full_links(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        url = post(client, VALID).json()["url"]
    assert url.startswith("/tickets/received/")
    customer = next(m for m in mail.outbox if VALID["email"] in m.to)
    assert f"http://testserver{url}" in customer.body
