"""The ticket rate limit counts and saves under a per-client lock, so concurrent tickets cannot pass it.

The real race (40 tickets at once from one address) is fired at a live server in
tests/project/test_concurrency_live.py; this checks the lock is taken, per client, in the transaction.
"""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.clients import client_fingerprint
from tickets.filing import TicketInput, create_ticket, lock_client
from tickets.models import Ticket, TicketClient

pytestmark = pytest.mark.django_db

DATA = TicketInput(name="Ann", email="ann@example.com", subject="Codes", description="No codes arrive.")


def test_filing_creates_one_lock_row_per_client():
    create_ticket(DATA, source=Ticket.Source.API, address="203.0.113.7")
    create_ticket(DATA, source=Ticket.Source.API, address="203.0.113.7")
    create_ticket(DATA, source=Ticket.Source.API, address="203.0.113.8")
    assert set(TicketClient.objects.values_list("client_hash", flat=True)) == {
        client_fingerprint("203.0.113.7"), client_fingerprint("203.0.113.8")
    }


def test_the_lock_is_taken_before_the_count_in_the_same_transaction():
    with CaptureQueriesContext(connection) as queries:
        create_ticket(DATA, source=Ticket.Source.API, address="203.0.113.9")
    sql = [query["sql"] for query in queries.captured_queries]
    lock = next(i for i, text in enumerate(sql) if "tickets_ticketclient" in text and "SELECT" in text)
    count = next(i for i, text in enumerate(sql) if "COUNT(" in text and "troubleshooter_ticket" in text)
    insert = next(i for i, text in enumerate(sql) if text.startswith("INSERT") and "troubleshooter_ticket\"" in text)
    assert lock < count < insert
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in sql[lock]


def test_locking_an_existing_client_adds_no_row():
    lock_client("abc")
    lock_client("abc")
    assert TicketClient.objects.filter(client_hash="abc").count() == 1
