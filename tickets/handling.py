"""What agents do with a ticket: change its status, add internal notes, and filter the queue by age."""
from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import Ticket, TicketEvent


def change_status(ticket: Ticket, status: str, *, user) -> TicketEvent | None:
    """Move a ticket to ``status`` and record who did it; nothing happens if it is already there."""
    if status == ticket.status:
        return None
    old = ticket.status
    with transaction.atomic():
        Ticket.objects.filter(pk=ticket.pk).update(status=status, updated_at=timezone.now())
        ticket.status = status
        return TicketEvent.objects.create(
            ticket=ticket, kind=TicketEvent.Kind.STATUS, author=user, old_status=old, new_status=status
        )


def add_note(ticket: Ticket, text: str, *, user) -> TicketEvent:
    """Add an internal note, which only agents ever see."""
    return TicketEvent.objects.create(ticket=ticket, kind=TicketEvent.Kind.NOTE, author=user, text=text)


# The queue's age filters (agent console and admin): name -> (label, span, True for "received within
# the span", False for "received before it").
AGE_FILTERS = {
    "day": ("Last 24 hours", timedelta(days=1), True),
    "week": ("Last 7 days", timedelta(days=7), True),
    "older": ("Older than 7 days", timedelta(days=7), False),
}


def filter_by_age(tickets: QuerySet[Ticket], age: str) -> QuerySet[Ticket]:
    """Tickets received within (or, for "older", before) the age filter's span; all for an unknown age."""
    if age not in AGE_FILTERS:
        return tickets
    _, span, within = AGE_FILTERS[age]
    since = timezone.now() - span
    return tickets.filter(created_at__gte=since) if within else tickets.filter(created_at__lt=since)
