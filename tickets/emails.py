"""The emails tickets send: on filing, a receipt to the customer and the full ticket to support; in the
conversation, an agent's reply to the customer and a customer's answer to support.

A mail failure is logged, never raised: the ticket (or the message) is already saved when they are
attempted.
"""
from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Ticket, TicketEvent

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


# --- The conversation's emails -------------------------------------------------------------------
# Sent synchronously after the message is committed, like notify(); each is one message built by a
# pure function and sent by _deliver, so routing them through the background job queue later
# changes only _deliver.


def reply_message(ticket: Ticket, event: TicketEvent, *, base_url: str = "") -> EmailMessage:
    """The email carrying an agent's reply to the customer.

    Only the reference, the agent's words and the private link: never the ticket's subject, name or
    description, which anyone could have typed with someone else's address.
    """
    context = {"ticket": ticket, "event": event, "ticket_url": base_url + ticket.get_absolute_url()}
    return EmailMessage(
        subject=f"[{ticket.reference}] Reply to your support request",
        body=render_to_string("tickets/email_reply.txt", context),
        to=[ticket.email],
        reply_to=[settings.SUPPORT_EMAIL],
    )


def customer_message(ticket: Ticket, event: TicketEvent, *, base_url: str = "") -> EmailMessage:
    """The email telling support that the customer answered, with their words and the console link."""
    context = {
        "ticket": ticket,
        "event": event,
        "agent_url": base_url + reverse("tickets:agent_ticket", args=[ticket.reference]),
    }
    return EmailMessage(
        subject=f"[{ticket.reference}] The customer replied",
        body=render_to_string("tickets/email_customer_replied.txt", context),
        to=[settings.SUPPORT_EMAIL],
    )


def send_reply(ticket: Ticket, event: TicketEvent, *, base_url: str = "") -> bool:
    """Email an agent's reply to the customer; False (and a log entry) when the mail server fails."""
    return _deliver(reply_message(ticket, event, base_url=base_url), what="reply", ticket=ticket)


def notify_customer_message(ticket: Ticket, event: TicketEvent, *, base_url: str = "") -> bool:
    """Email support that the customer answered; False (and a log entry) when the mail server fails."""
    return _deliver(customer_message(ticket, event, base_url=base_url), what="customer reply", ticket=ticket)


def _deliver(message: EmailMessage, *, what: str, ticket: Ticket) -> bool:
    try:
        message.send(fail_silently=False)
    except Exception:
        # Any backend error (SMTP down, bad credentials): the message is already saved on the ticket.
        logger.exception("Could not send %s email for ticket %s", what, ticket.reference)
        return False
    return True
