"""Outgoing email as background jobs: a request only queues a message; a worker sends it.

A mail server that is slow, down, or accepts the connection and never answers then costs the
request nothing (it once took the whole site down), and a message that fails is tried again later
instead of being lost. Jobs are rows in the database (django-tasks' database backend, run by
``manage.py db_worker``), so they outlive a restart, and staff see them in the admin under
*Tasks Database Backend → Task results*.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from functools import partial

from django.apps import apps
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

# Waits after the 1st, 2nd, ... failed attempt: 1, 5, 25 minutes, then every 2 hours, until
# MAX_ATTEMPTS have failed (about ten and a half hours in all); then the message is given up, logged.
FIRST_RETRY = timedelta(minutes=1)
RETRY_GROWTH = 5
LONGEST_RETRY = timedelta(hours=2)
MAX_ATTEMPTS = 8


def retry_delay(failed_attempt: int) -> timedelta | None:
    """How long to wait after this failed attempt (1 for the first) before the next, or None to give up."""
    if failed_attempt >= MAX_ATTEMPTS:
        return None
    return min(FIRST_RETRY * RETRY_GROWTH ** (failed_attempt - 1), LONGEST_RETRY)


def queue_email(
    *,
    subject: str,
    body: str,
    to: Sequence[str],
    reply_to: Sequence[str] = (),
    from_email: str | None = None,
    once: tuple[str, int | str, str] | None = None,
) -> None:
    """Send an email from a background job, once the current database transaction commits.

    Call it where the email's reason is saved (inside the transaction or after it): nothing is
    queued if that transaction rolls back, and the request never waits for the mail server. A
    failed send is retried with back-off (``retry_delay``) and finally logged as an error.

    ``once=("app_label.Model", pk, "boolean_field")`` makes the message idempotent: the job sets
    that field from False to True in one UPDATE before sending (and back to False if sending
    fails), and sends nothing when it was already True, so the mail goes out once even if its job
    runs twice. Example: ``once=("tickets.Ticket", ticket.pk, "customer_notified")``.
    ``from_email`` defaults to ``DEFAULT_FROM_EMAIL``.
    """
    message = {
        "subject": subject,
        "body": body,
        "to": list(to),
        "reply_to": list(reply_to),
        "from_email": from_email,
    }
    # robust: a queue that cannot be reached is logged; what was committed stays committed.
    transaction.on_commit(partial(send_email.enqueue, message, list(once) if once else None), robust=True)


@task()
def send_email(message: dict, once: list | None = None, attempt: int = 1) -> str:
    """The job: send one message (as ``queue_email`` built it) unless ``once`` says it went already."""
    if once and not _claim(once):
        return "already sent"
    try:
        EmailMessage(
            subject=message["subject"],
            body=message["body"],
            from_email=message["from_email"],
            to=message["to"],
            reply_to=message["reply_to"],
        ).send(fail_silently=False)
    except Exception as error:
        if once:
            _release(once)
        _retry_later(message, once, attempt, error)
        raise  # so this attempt is recorded as failed, with its traceback, where staff see jobs
    return "sent"


def _claim(once: list) -> bool:
    # One conditional UPDATE: of two jobs running at once, only one sees a row change.
    label, pk, field = once
    model = apps.get_model(label)
    return model._default_manager.filter(pk=pk, **{field: False}).update(**{field: True}) == 1


def _release(once: list) -> None:
    label, pk, field = once
    apps.get_model(label)._default_manager.filter(pk=pk).update(**{field: False})


def _retry_later(message: dict, once: list | None, attempt: int, error: Exception) -> None:
    delay = retry_delay(attempt)
    if delay is None or not send_email.get_backend().supports_defer:
        logger.error(
            "Gave up sending email %r after %d attempt(s): %s", message["subject"], attempt, error
        )
        return
    send_email.using(run_after=timezone.now() + delay).enqueue(message, once, attempt + 1)
    logger.warning(
        "Could not send email %r (attempt %d of %d): %s; trying again in %s",
        message["subject"], attempt, MAX_ATTEMPTS, error, delay,
    )
