"""Ticket emails: one to the customer, one to support, sent by jobs after the ticket commits."""
from __future__ import annotations

import socket
import time

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import connection
from django_tasks_db.models import DBTaskResult

from tests.troubleshooter.session_factories import make_tree_with_session
from tickets.filing import TicketInput, create_ticket
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Grace Hopper",
    "email": "grace@example.com",
    "subject": "Delivery reports are late",
    "description": "Reports arrive about an hour after the messages.",
}
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_the_customer_and_support_are_emailed(client, settings, django_capture_on_commit_callbacks):
    settings.SUPPORT_EMAIL = "help@waypoint.example"
    session = make_tree_with_session(steps=2, outcome_title="Carrier delay")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/tickets/new/", {**VALID, "session": str(session.pk)})
    ticket = Ticket.objects.get()
    to_customer, to_support = mail.outbox
    assert to_customer.to == ["grace@example.com"]
    assert ticket.reference in to_customer.subject
    assert f"/tickets/received/{ticket.access_token}/" in to_customer.body
    assert to_support.to == ["help@waypoint.example"]
    assert to_support.reply_to == ["grace@example.com"]
    assert "Question 1?" in to_support.body and "Answer 2" in to_support.body
    assert "Outcome: Carrier delay" in to_support.body
    assert f"/agent/tickets/{ticket.reference}/" in to_support.body
    assert (ticket.customer_notified, ticket.support_notified) == (True, True)


def test_nothing_is_sent_until_the_ticket_commits(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post("/tickets/new/", VALID)
    assert mail.outbox == []
    assert len(queued) == 2  # one job per message, queued when the ticket commits


def test_a_failing_mail_server_never_loses_the_ticket(client, settings, caplog, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.tickets.failing_mail.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/tickets/new/", VALID)
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert (ticket.customer_notified, ticket.support_notified) == (False, False)
    # The test settings' immediate backend cannot defer a retry, so it gives up and says so.
    assert "Gave up sending email" in caplog.text
    page = client.get(response["Location"]).content.decode()
    assert ticket.reference in page


@pytest.mark.django_db(transaction=True)
def test_the_ticket_is_committed_before_any_email_is_attempted(settings, monkeypatch):
    """With real transactions: when the mail backend runs, the ticket is already in the database."""

    seen = {}

    def spy(self, fail_silently=False):
        seen["in_atomic_block"] = connection.in_atomic_block
        seen["saved"] = Ticket.objects.filter(subject=VALID["subject"]).exists()
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", spy)
    ticket = create_ticket(TicketInput(**VALID), source="web", address="198.51.100.7")
    assert seen == {"in_atomic_block": False, "saved": True}
    assert Ticket.objects.filter(pk=ticket.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_that_never_answers_does_not_delay_the_answer(client, settings):
    """A real socket that accepts SMTP connections and never says a word; the jobs wait in the queue."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    try:
        settings.TASKS = DATABASE_QUEUE
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = silent.getsockname()
        settings.EMAIL_TIMEOUT = 10
        started = time.monotonic()
        response = client.post("/tickets/new/", VALID)
        elapsed = time.monotonic() - started
    finally:
        silent.close()
    assert response.status_code == 302
    # Far below one SMTP timeout (sending in the request took two); not 1 s: a loaded CI machine is slow.
    assert elapsed < settings.EMAIL_TIMEOUT / 2
    jobs = DBTaskResult.objects.all()
    assert [job.status for job in jobs] == ["READY", "READY"]
    assert {job.task_path for job in jobs} == {"common.outgoing_mail.send_email"}


def test_the_smtp_timeout_is_set_by_default():
    assert 0 < django_settings.EMAIL_TIMEOUT <= 30


def test_the_receipt_page_does_not_call_a_queued_email_a_failure(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # the mail job has not run yet
        response = client.post("/tickets/new/", VALID)
    page = client.get(response["Location"]).content.decode()
    assert "A copy is on its way to" in page
    assert "could not send" not in page
