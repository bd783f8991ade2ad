"""The two emails a new ticket sends: a receipt to the customer and the full ticket to support.

Each is a background job (common.outgoing_mail), queued when the ticket commits: a slow or dead mail
server never delays the customer's answer, a failed send is retried, and the ticket's
``customer_notified`` / ``support_notified`` flags make sure each goes out once.
"""
from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from common.outgoing_mail import queue_email

from .models import Ticket


def notify(ticket: Ticket, *, base_url: str = "") -> None:
    """Queue the customer's receipt and support's copy of the ticket; they are sent after the commit."""
    context = {
        "ticket": ticket,
        "ticket_url": base_url + ticket.get_absolute_url(),
        "agent_url": base_url + reverse("tickets:agent_ticket", args=[ticket.reference]),
    }
    queue_email(
        subject=f"[{ticket.reference}] We received your request: {ticket.subject}",
        body=render_to_string("tickets/email_customer.txt", context),
        to=[ticket.email],
        reply_to=[settings.SUPPORT_EMAIL],
        once=("tickets.Ticket", ticket.pk, "customer_notified"),
    )
    queue_email(
        subject=f"[{ticket.reference}] New ticket: {ticket.subject}",
        body=render_to_string("tickets/email_support.txt", context),
        to=[settings.SUPPORT_EMAIL],
        reply_to=[ticket.email],
        once=("tickets.Ticket", ticket.pk, "support_notified"),
    )
