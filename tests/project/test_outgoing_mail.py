"""common.outgoing_mail: the back-off schedule, and queue_email as other apps will call it."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.db import transaction

from common.outgoing_mail import MAX_ATTEMPTS, queue_email, retry_delay, send_email


def test_retries_back_off_1_5_25_minutes_then_every_two_hours():
    delays = [retry_delay(attempt) for attempt in range(1, MAX_ATTEMPTS)]
    assert delays[:3] == [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=25)]
    assert set(delays[3:]) == {timedelta(hours=2)}


def test_after_the_last_attempt_it_gives_up():
    assert retry_delay(MAX_ATTEMPTS) is None


@pytest.mark.django_db
def test_queue_email_sends_nothing_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as queued:
        with pytest.raises(RuntimeError), transaction.atomic():
            queue_email(subject="Hello", body="Body", to=["a@example.com"])
            raise RuntimeError("the save failed")
    assert queued == []
    assert mail.outbox == []


@pytest.mark.django_db
def test_queue_email_sends_the_message_once_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(subject="Hello", body="Body", to=["a@example.com"], reply_to=["b@example.com"])
    (message,) = mail.outbox
    assert (message.subject, message.to, message.reply_to) == ("Hello", ["a@example.com"], ["b@example.com"])
    assert message.from_email == "Waypoint <support@localhost>"


@pytest.mark.django_db
def test_once_names_any_boolean_field_that_marks_the_message_sent(django_capture_on_commit_callbacks):
    # Any model's boolean field will do; a user's is_staff stands in for, say, a reply's `emailed`.
    user = User.objects.create(username="someone", is_staff=False)
    once = ("auth.User", user.pk, "is_staff")
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(subject="Once", body="Only once", to=["a@example.com"], once=once)
        queue_email(subject="Once", body="Only once", to=["a@example.com"], once=once)
    assert len(mail.outbox) == 1
    user.refresh_from_db()
    assert user.is_staff is True


@pytest.mark.django_db
def test_a_failed_send_releases_its_claim_so_a_retry_can_send(settings):
    settings.EMAIL_BACKEND = "tests.tickets.failing_mail.EmailBackend"
    user = User.objects.create(username="someone", is_active=False)
    message = {"subject": "S", "body": "B", "to": ["a@example.com"], "reply_to": [], "from_email": None}
    with pytest.raises(ConnectionRefusedError):
        send_email.call(message, ["auth.User", user.pk, "is_active"])
    user.refresh_from_db()
    assert user.is_active is False
