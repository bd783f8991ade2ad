"""The emails tickets send: on filing, a receipt to the customer and the full ticket to support; in the
conversation, an agent's reply to the customer and a customer's answer to support.

Each is a background job (common.outgoing_mail), queued when its ticket or message commits: a slow or
dead mail server never delays the page, and a failed send is retried. The ticket's
``customer_notified`` / ``support_notified`` flags make sure the filing emails go out once.
"""
from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from common.outgoing_mail import queue_email

from .models import Ticket, TicketEvent


def notify(ticket: Ticket, *, base_url: str = "") -> None:
    """Queue the customer's receipt and support's copy of the ticket; they are sent after the commit."""
    context = {
        "ticket": ticket,
        "ticket_url": base_url + ticket.get_absolute_url(),
        "agent_url": base_url + reverse("tickets:agent_ticket", args=[ticket.reference]),
    }
    queue_email(
        subject=f"[{ticket.reference}] We received your request",
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


# --- The conversation's emails -------------------------------------------------------------------


def queue_reply(ticket: Ticket, event: TicketEvent, *, base_url: str = "") -> None:
    """Queue the email carrying an agent's reply to the customer.

    Only the reference, the agent's words and the private link: never the ticket's subject, name or
    description, which anyone could have typed with someone else's address.
    """
    context = {"ticket": ticket, "event": event, "ticket_url": base_url + ticket.get_absolute_url()}
    queue_email(
        subject=f"[{ticket.reference}] Reply to your support request",
        body=render_to_string("tickets/email_reply.txt", context),
        to=[ticket.email],
        reply_to=[settings.SUPPORT_EMAIL],
    )


def queue_customer_answer(ticket: Ticket, event: TicketEvent, *, base_url: str = "") -> None:
    """Queue the email telling support that the customer answered, with their words and the console link."""
    context = {
        "ticket": ticket,
        "event": event,
        "agent_url": base_url + reverse("tickets:agent_ticket", args=[ticket.reference]),
    }
    queue_email(
        subject=f"[{ticket.reference}] The customer replied",
        body=render_to_string("tickets/email_customer_replied.txt", context),
        to=[settings.SUPPORT_EMAIL],
    )
