"""Support tickets and their history as agents see it.

The tables keep the names they had when these models lived in the troubleshooter app
(``troubleshooter_ticket``, ``troubleshooter_ticketevent``): the move was a change of owner, not of data.
"""
from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from common.times import CONSOLE_TIME_ZONE, CONSOLE_TIME_ZONE_NAME
from troubleshooter.models import SESSION_CODE_ALPHABET, Session

# Ticket references: the session-code alphabet (no look-alike characters), after a fixed prefix.
TICKET_REFERENCE_PREFIX = "WP-"
TICKET_REFERENCE_LENGTH = 6


def new_ticket_reference() -> str:
    return TICKET_REFERENCE_PREFIX + "".join(
        secrets.choice(SESSION_CODE_ALPHABET) for _ in range(TICKET_REFERENCE_LENGTH)
    )


def new_ticket_token() -> str:
    return secrets.token_urlsafe(24)


class Ticket(models.Model):
    """A customer's request for a person, with a frozen copy of what they already tried."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        OPEN = "open", "Open"
        WAITING = "waiting", "Waiting for customer"
        CLOSED = "closed", "Closed"

    class Source(models.TextChoices):
        WEB = "web", "Web form"
        API = "api", "API"
        AGENT = "agent", "Agent console"

    reference = models.CharField(max_length=12, unique=True, default=new_ticket_reference, editable=False)
    # The customer's private key to their confirmation page; the reference alone is guessable.
    access_token = models.CharField(max_length=40, unique=True, default=new_ticket_token, editable=False)
    name = models.CharField(max_length=100)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=20, blank=True, help_text="E.164, e.g. +8613800138000.")
    # What the outcomes ask for, apart from the call-back phone: the number that did not get the
    # message, and when it was sent (entered in the console's time, UTC+8; stored as an instant).
    affected_number = models.CharField(
        max_length=20, blank=True, help_text="The recipient's number the problem is about, E.164."
    )
    sent_at = models.DateTimeField(null=True, blank=True, help_text="When the message was sent.")
    subject = models.CharField(max_length=200)
    description = models.TextField(max_length=5000)
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets")
    tree_slug = models.CharField(max_length=80, blank=True, db_index=True, editable=False)
    transcript = models.JSONField(default=list, blank=True, editable=False)
    outcome = models.CharField(max_length=200, blank=True, editable=False, help_text="The outcome reached, if any.")
    articles = models.JSONField(
        default=list, blank=True, editable=False,
        help_text="Articles the customer opened: [{slug, title, url, opened_at}].",
    )
    # The article whose "Contact support" link led to the form (its ?article=, the same for every reader,
    # so the article page stays cacheable): the insights count tickets against that article's reads.
    from_article = models.ForeignKey(
        "faq.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False,
        help_text="The article whose contact link the customer followed to the form, if any.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW, db_index=True)
    source = models.CharField(max_length=5, choices=Source.choices, default=Source.WEB)
    client_hash = models.CharField(max_length=64, blank=True, editable=False)
    customer_notified = models.BooleanField(default=False, editable=False)
    support_notified = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    # Set by tickets.agent_views.queue for the queue's table: the troubleshooter's title.
    tree_title: str

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["client_hash", "created_at"], name="ts_ticket_client_recent")]
        permissions = [("use_agent_console", "Can use the agent console")]
        db_table = "troubleshooter_ticket"

    def __str__(self) -> str:
        return f"{self.reference}: {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("tickets:received", args=[self.access_token])

    @property
    def sent_at_console(self) -> str:
        """The send time as the customer read it off the console: "2025-03-14 09:30 UTC+8"."""
        if self.sent_at is None:
            return ""
        return f"{self.sent_at.astimezone(CONSOLE_TIME_ZONE):%Y-%m-%d %H:%M} {CONSOLE_TIME_ZONE_NAME}"


class TicketEvent(models.Model):
    """One entry of a ticket's history: a status change, an internal note, or a message of the conversation.

    Agents see every kind; the customer's page shows only the conversation (``PUBLIC_KINDS``).
    A reply or a customer message that moved the status records the move in its own
    ``old_status``/``new_status``, so the history reads as one entry per thing that happened.
    """

    class Kind(models.TextChoices):
        NOTE = "note", "Note"
        STATUS = "status", "Status change"
        REPLY = "reply", "Reply to the customer"
        CUSTOMER = "customer", "Message from the customer"

    PUBLIC_KINDS = (Kind.REPLY, Kind.CUSTOMER)

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(max_length=5000, blank=True)
    old_status = models.CharField(max_length=10, choices=Ticket.Status.choices, blank=True)
    new_status = models.CharField(max_length=10, choices=Ticket.Status.choices, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["ticket", "at", "pk"]
        db_table = "troubleshooter_ticketevent"

    def __str__(self) -> str:
        return f"{self.ticket.reference} {self.kind} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def is_public(self) -> bool:
        return self.kind in self.PUBLIC_KINDS


class TicketClient(models.Model):
    """One row per client address that filed a ticket: the lock that makes the rate limit exact.

    Counting recent tickets and then saving one is two steps; two requests from one address could
    both count four and both save. Filing locks this row first (select_for_update), so the requests
    of one client take turns while other clients are not held up.
    """

    client_hash = models.CharField(max_length=64, primary_key=True)

    def __str__(self) -> str:
        return self.client_hash[:12]
