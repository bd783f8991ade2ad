"""Searches followed by a ticket: the "Contact support" links of a search's results page name it.

Waypoint keeps no visitor identity and public pages set no cookie, so a ticket can be tied to a
search only by something the customer carries from one to the other. The results page is never
cached (each one logs its own search), so its contact links can carry the search's id, signed so
that a made-up id marks nothing. The ticket form keeps it in a hidden input; when the ticket is
filed, the search gets the time (``SearchLog.ticket_at``) and nothing else: no reference to the
ticket, so the search log never leads to a customer's name or email.
"""
from __future__ import annotations

import logging
from datetime import datetime

from django.core import signing
from django.db import DatabaseError, transaction
from django.utils import timezone

from faq.models import SearchLog

logger = logging.getLogger(__name__)

SALT = "faq.search.ticket"
# Longer than any signed id; a longer value is not ours.
MAX_TOKEN = 100


def contact_token(log_id: int) -> str:
    """The value of the contact links' ``?search=`` for the logged search ``log_id``."""
    return signing.Signer(salt=SALT).sign(str(log_id))


def read_contact_token(token: str | None) -> int | None:
    """The search a ``?search=`` value names, or None when it is missing, altered or not ours."""
    if not token or len(token) > MAX_TOKEN:
        return None
    try:
        value = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


def record_ticket(log_id: int, at: datetime | None = None) -> None:
    """Note that a ticket was filed after the search ``log_id`` (the first ticket only).

    Analytics never fail the customer's ticket: a failed write is logged and dropped.
    """
    try:
        with transaction.atomic():
            SearchLog.objects.filter(pk=log_id, ticket_at__isnull=True).update(ticket_at=at or timezone.now())
    except DatabaseError:
        logger.exception("Could not record that search %s was followed by a ticket", log_id)
