"""Test tickets: each call makes a valid ticket and takes overrides."""
from __future__ import annotations

import itertools

from tickets.models import Ticket

_counter = itertools.count(1)


def make_ticket(**overrides) -> Ticket:
    n = next(_counter)
    fields = {
        "name": f"Customer {n}",
        "email": f"customer{n}@example.com",
        "subject": f"Subject {n}",
        "description": f"Description of problem {n}.",
    }
    fields.update(overrides)
    return Ticket.objects.create(**fields)
