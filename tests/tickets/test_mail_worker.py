"""The real database queue and worker: a ticket's mail is delivered once, retried after a failure, and shown to staff."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from common.outgoing_mail import send_email
from tests.tickets.failing_mail import FlakyEmailBackend
from tickets.filing import TicketInput, create_ticket
from tickets.models import Ticket

pytestmark = pytest.mark.django_db(transaction=True)

TICKET = TicketInput(
    name="Ada Lovelace",
    email="ada@example.com",
    subject="Messages to Italy are late",
    description="Since Monday every message to +39 arrives ten minutes late.",
)


@pytest.fixture
def queue(settings):
    """The production setup: jobs are rows in the database; mail refuses the first send."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.EMAIL_BACKEND = "tests.tickets.failing_mail.FlakyEmailBackend"
    settings.SUPPORT_EMAIL = "help@waypoint.example"
    FlakyEmailBackend.failures_left = 1
    yield
    FlakyEmailBackend.failures_left = 0


def run_worker() -> None:
    """Run django-tasks-db's own worker (what `manage.py db_worker` runs) until no job is due."""
    Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
    ).run()


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_queued_mail_is_retried_after_a_failure_and_delivered_once(queue):
    ticket = create_ticket(TICKET, source="web", address="203.0.113.9")
    assert DBTaskResult.objects.filter(status="READY").count() == 2
    assert mail.outbox == []  # the request only queued them

    run_worker()
    # The first send was refused: that attempt failed (with its error kept), a retry waits a minute.
    failed = DBTaskResult.objects.get(status="FAILED")
    assert failed.exception_class_path == "builtins.ConnectionRefusedError"
    assert "flaky test backend" in failed.traceback
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["args"][2] == 2  # attempt number
    wait = retry.run_after - timezone.now()
    assert timedelta(seconds=50) < wait <= timedelta(minutes=1)
    assert len(mail.outbox) == 1

    run_worker()  # not due yet: nothing more is sent
    assert len(mail.outbox) == 1

    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())  # the minute passes
    run_worker()
    assert recipients() == ["ada@example.com", "help@waypoint.example"]
    ticket.refresh_from_db()
    assert (ticket.customer_notified, ticket.support_notified) == (True, True)
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_a_job_that_runs_twice_mails_once(queue):
    FlakyEmailBackend.failures_left = 0
    create_ticket(TICKET, source="api", address="203.0.113.10")
    first = DBTaskResult.objects.order_by("enqueued_at").first()
    send_email.enqueue(*first.args_kwargs["args"])  # the same message queued again
    run_worker()
    assert recipients() == ["ada@example.com", "help@waypoint.example"]
    assert sorted(DBTaskResult.objects.values_list("return_value", flat=True)) == [
        "already sent", "sent", "sent",
    ]


def test_jobs_wait_in_the_database_until_a_worker_runs(queue):
    """Nothing lives in a process: a job queued before a restart is a row the next worker picks up."""
    create_ticket(TICKET, source="web", address="203.0.113.11")
    FlakyEmailBackend.failures_left = 0
    assert Ticket.objects.get().customer_notified is False
    run_worker()
    assert Ticket.objects.get().customer_notified is True
    assert len(mail.outbox) == 2


JOBS = "/admin/django_tasks_database/dbtaskresult/"


def test_staff_see_failed_and_waiting_mail_jobs_with_the_error_in_the_admin(client, queue):
    create_ticket(TICKET, source="web", address="203.0.113.20")
    run_worker()  # the first send is refused: one failed attempt, one retry waiting
    client.force_login(User.objects.create_superuser("root", "root@example.com", "pw-for-tests-123"))

    failed = client.get(JOBS, {"status": "FAILED"}).content.decode()
    assert "send_email" in failed and "1 Task Result" in failed
    job = DBTaskResult.objects.get(status="FAILED")
    detail = client.get(f"{JOBS}{job.pk}/change/").content.decode()
    assert "ConnectionRefusedError" in detail and "flaky test backend" in detail
    waiting = client.get(JOBS, {"status": "READY"}).content.decode()
    assert "1 Task Result" in waiting


def test_the_public_cannot_see_jobs(client):
    response = client.get(JOBS)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
