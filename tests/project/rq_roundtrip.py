"""Run as a script by test_job_queue_redis.py, in its own process: WAYPOINT_JOB_QUEUE=redis is read when
settings load, and django-rq reads its queues then too, so it cannot be switched inside a test.

Queues one email through the RQ backend, runs a burst worker in this process, then queues one that the
mail server refuses and shows its retry waiting in RQ's scheduled registry. Prints a JSON summary.
"""
import json
import sys

import django

django.setup()

import django_rq  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core import mail  # noqa: E402
from django_tasks_rq.backend import Job  # noqa: E402
from rq import SimpleWorker  # noqa: E402
from rq.registry import ScheduledJobRegistry  # noqa: E402

from common.outgoing_mail import send_email  # noqa: E402
from tests.tickets.failing_mail import FlakyEmailBackend  # noqa: E402


def main() -> int:
    queue = django_rq.get_queue("default")
    queue.connection.flushdb()  # this test's own Redis database
    settings.EMAIL_BACKEND = "tests.tickets.failing_mail.FlakyEmailBackend"
    mail.outbox = []
    message = {"subject": "Hello", "body": "Body", "to": ["a@example.com"], "reply_to": [], "from_email": None}

    send_email.enqueue(message, None)
    queued_before = queue.count
    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)
    delivered = [m.subject for m in mail.outbox]

    FlakyEmailBackend.failures_left = 1
    send_email.enqueue({**message, "subject": "Refused once"}, None)
    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)
    scheduled = ScheduledJobRegistry(queue=queue).get_job_ids()
    print(json.dumps({
        "backend": settings.TASKS["default"]["BACKEND"],
        "queued_before_worker": queued_before,
        "delivered": delivered,
        "retries_scheduled": len(scheduled),
        "failed": queue.failed_job_registry.count,
    }))
    queue.connection.flushdb()
    return 0


if __name__ == "__main__":
    sys.exit(main())
