"""The two emails a new ticket sends: a receipt to the customer and the full ticket to support.

A mail failure is logged, never raised: the ticket is already saved when they are attempted.
"""
from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Ticket

logger = logging.getLogger(__name__)


def notify(ticket: Ticket, *, base_url: str = "") -> None:
    """Email the customer a receipt and support the full ticket; a mail failure is logged, not raised."""
    context = {
        "ticket": ticket,
        "ticket_url": base_url + ticket.get_absolute_url(),
        "agent_url": base_url + reverse("tickets:agent_ticket", args=[ticket.reference]),
    }
    messages = {
        "customer_notified": EmailMessage(
            subject=f"[{ticket.reference}] We received your request: {ticket.subject}",
            body=render_to_string("tickets/email_customer.txt", context),
            to=[ticket.email],
            reply_to=[settings.SUPPORT_EMAIL],
        ),
        "support_notified": EmailMessage(
            subject=f"[{ticket.reference}] New ticket: {ticket.subject}",
            body=render_to_string("tickets/email_support.txt", context),
            to=[settings.SUPPORT_EMAIL],
            reply_to=[ticket.email],
        ),
    }
    sent: dict[str, bool] = {}
    for flag, message in messages.items():
        try:
            message.send(fail_silently=False)
        except Exception:
            # Any backend error (SMTP down, bad credentials): the ticket is already safe.
            logger.exception("Could not send %s email for ticket %s", flag, ticket.reference)
        else:
            sent[flag] = True
    if sent:
        Ticket.objects.filter(pk=ticket.pk).update(**sent)
        for flag in sent:
            setattr(ticket, flag, True)
