"""What happens to a ticket after it is filed: status changes, internal notes, the conversation with the
customer (whose messages move the status: an agent's reply waits for the customer, the customer's
answer opens the ticket again), and the queue's age filters and sort orders."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone

from . import emails
from .models import Ticket, TicketEvent

# Each customer message emails the whole support team: a cap per ticket keeps a private link from
# becoming a way to flood that inbox. Ten an hour is far above what a person writes.
CUSTOMER_MESSAGES_PER_HOUR = 10


class TooManyMessages(Exception):
    """The customer wrote too often on one ticket recently; the message says what to do instead."""


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
    with transaction.atomic():
        _touch(ticket)
        return TicketEvent.objects.create(ticket=ticket, kind=TicketEvent.Kind.NOTE, author=user, text=text)


def reply_to_customer(ticket: Ticket, text: str, *, user, base_url: str = "") -> TicketEvent:
    """Send the customer an agent's reply: it joins the conversation, the ticket now waits for the
    customer, and the customer is emailed once the reply is committed."""
    event = _add_message(ticket, TicketEvent.Kind.REPLY, text, user=user, status=Ticket.Status.WAITING)
    emails.queue_reply(ticket, event, base_url=base_url)
    return event


def customer_writes(ticket: Ticket, text: str, *, base_url: str = "") -> TicketEvent:
    """Record the customer's answer: the ticket is open again (even if it was waiting or closed) and the
    agents are emailed once it is committed. Raises TooManyMessages past the per-ticket limit."""
    with transaction.atomic():
        # Lock the ticket so two quick posts cannot both slip under the limit.
        locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
        since = timezone.now() - timedelta(hours=1)
        recent = locked.events.filter(kind=TicketEvent.Kind.CUSTOMER, at__gte=since).count()
        if recent >= CUSTOMER_MESSAGES_PER_HOUR:
            raise TooManyMessages(
                f"You have sent {recent} messages on this request in the last hour, which is our limit. "
                "We have them all; please wait for our answer."
            )
        ticket.status = locked.status
        # A ticket no agent has picked up yet stays "new" (still unseen); any other opens again.
        status = Ticket.Status.NEW if locked.status == Ticket.Status.NEW else Ticket.Status.OPEN
        event = _add_message(ticket, TicketEvent.Kind.CUSTOMER, text, user=None, status=status)
    emails.queue_customer_answer(ticket, event, base_url=base_url)
    return event


def _add_message(ticket: Ticket, kind: str, text: str, *, user, status: str) -> TicketEvent:
    old = ticket.status
    with transaction.atomic():
        _touch(ticket, status=status)
        ticket.status = status
        return TicketEvent.objects.create(
            ticket=ticket, kind=kind, author=user, text=text,
            old_status=old if old != status else "", new_status=status if old != status else "",
        )


def _touch(ticket: Ticket, **fields) -> None:
    # update(), not save(): only these columns, and "last activity" (updated_at) moves with every event.
    Ticket.objects.filter(pk=ticket.pk).update(updated_at=timezone.now(), **fields)


def conversation(ticket: Ticket) -> QuerySet[TicketEvent]:
    """The messages the customer and the agents exchanged, oldest first (what the customer's page shows)."""
    return ticket.events.filter(kind__in=TicketEvent.PUBLIC_KINDS).select_related("author")


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


# The queue's sort orders: name -> (label, ordering). Each ends on the primary key so pages never overlap.
_STATUS_ORDER = Case(
    *[When(status=status, then=Value(rank)) for rank, status in enumerate(
        [Ticket.Status.NEW, Ticket.Status.OPEN, Ticket.Status.WAITING, Ticket.Status.CLOSED]
    )],
    default=Value(99),
    output_field=IntegerField(),
)
SORT_ORDERS: dict[str, tuple[str, list[Any]]] = {
    "newest": ("Newest", ["-created_at", "-pk"]),
    "oldest": ("Oldest", ["created_at", "pk"]),
    "activity": ("Last activity", ["-updated_at", "-pk"]),
    "status": ("Status", [_STATUS_ORDER.asc(), "-created_at", "-pk"]),
}
DEFAULT_SORT = "newest"


def sort_queue(tickets: QuerySet[Ticket], sort: str) -> QuerySet[Ticket]:
    """Tickets in one of the queue's sort orders (newest first for an unknown or empty one)."""
    _, ordering = SORT_ORDERS.get(sort) or SORT_ORDERS[DEFAULT_SORT]
    return tickets.order_by(*ordering)
