"""The two mail servers of benchmarks.stress.mail_hang, checked against Django's own SMTP backend."""
from __future__ import annotations

import time

import pytest
from django.core.mail import EmailMessage, get_connection

from benchmarks.stress.mail_hang import Mailbox, SilentServer, received_mail, start_sink


def smtp(port: int, timeout: float = 1):
    return get_connection("django.core.mail.backends.smtp.EmailBackend", host="127.0.0.1", port=port,
                          timeout=timeout, fail_silently=False)


def test_the_sink_receives_what_django_sends_with_its_recipients_and_subject():
    mailbox = Mailbox()
    sink = start_sink(0, mailbox)
    try:
        port = sink.server_address[1]
        message = EmailMessage("[WP-ABC234] New ticket: café", ".starts with a dot\nbody", "from@example.com",
                               ["a@example.com", "b@example.com"], connection=smtp(port))
        assert message.send() == 1
    finally:
        sink.shutdown()
        sink.server_close()
    (delivered,) = mailbox.snapshot()
    assert delivered.recipients == ["a@example.com", "b@example.com"]
    assert delivered.subject == "[WP-ABC234] New ticket: café"
    assert received_mail(mailbox, {"WP-ABC234"}) == {("WP-ABC234", "a@example.com"): 1,
                                                     ("WP-ABC234", "b@example.com"): 1}


def test_the_silent_server_accepts_and_never_answers():
    silent = SilentServer(0)
    try:
        port = silent.listener.getsockname()[1]
        started = time.monotonic()
        with pytest.raises(OSError):  # smtplib gives up on the greeting when the timeout runs out
            EmailMessage("s", "b", "from@example.com", ["a@example.com"], connection=smtp(port, timeout=0.5)).send()
        assert 0.4 < time.monotonic() - started < 3
        assert silent.accepted == 1
    finally:
        silent.close()
