"""Email backends that fail the way an unreachable SMTP server does: always, or for the first few messages."""
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server refused the connection (test backend)")


class FlakyEmailBackend(LocmemBackend):
    """Refuses the next ``failures_left`` sends, then delivers to mail.outbox like the locmem backend."""

    failures_left = 0

    def send_messages(self, messages):
        if FlakyEmailBackend.failures_left > 0:
            FlakyEmailBackend.failures_left -= 1
            raise ConnectionRefusedError("SMTP server refused the connection (flaky test backend)")
        return super().send_messages(messages)
