"""Creating support tickets: the per-address rate limit, the transcript snapshot, and the emails.

The web form and the API both call :func:`create_ticket`. The ticket is committed in its own
transaction before any email is attempted, so a failing mail server can delay a notification but
never lose what the customer wrote.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from faq.models import Article
from tickets.models import Ticket, TicketEvent

from . import presentation
from .models import Node, Session

logger = logging.getLogger(__name__)

_REFERENCE_ATTEMPTS = 8


class RateLimited(Exception):
    """Too many tickets from one address recently; the message says when to try again."""


@dataclass(frozen=True)
class TicketInput:
    """What a customer sends, already validated (see ticket_forms.TicketForm)."""

    name: str
    email: str
    subject: str
    description: str
    phone: str = ""
    session: Session | None = None
    article: Article | None = None


def site_root(request: HttpRequest) -> str:
    """This site's address as the request reached it, for the absolute links e-mails need."""
    return request.build_absolute_uri("/").rstrip("/")


def client_fingerprint(address: str) -> str:
    """Return a keyed hash of a client address, so the rate limit works without storing IPs."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, (address or "unknown").encode(), hashlib.sha256).hexdigest()


def client_address(request: HttpRequest) -> str:
    """The address the rate limit counts.

    The socket peer, unless settings.TRUSTED_PROXIES says how many reverse proxies stand in front
    of the site: then the address the outermost trusted proxy saw, read from the right of
    X-Forwarded-For (entries further left are whatever the client chose to send).
    """
    proxies = settings.TRUSTED_PROXIES
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def check_rate_limit(fingerprint: str) -> None:
    """Raise RateLimited when this address filed too many tickets within the window.

    Counting recent tickets in the database (not a per-process cache) makes the limit hold across
    every gunicorn worker, and only accepted tickets count against it.
    """
    limit, minutes = settings.TICKETS_PER_WINDOW, settings.TICKETS_WINDOW_MINUTES
    since = timezone.now() - timedelta(minutes=minutes)
    recent = Ticket.objects.filter(client_hash=fingerprint, created_at__gte=since).count()
    if recent >= limit:
        raise RateLimited(
            f"You have sent {recent} requests in the last {minutes} minutes, which is our limit. "
            f"Please wait a while before sending another, or reply to the email we sent you."
        )


def snapshot_session(session: Session) -> tuple[list[dict], str]:
    """Copy a session's transcript and its outcome title, so later edits to the tree never change them."""
    entries = [
        {
            "node_key": entry["node_key"],
            "prompt": entry["prompt"],
            "answer_label": entry["answer_label"],
            "at": entry["at"].isoformat(),
            "answered_by": entry["answered_by"] or "",
            "verdict": (entry.get("result") or {}).get("verdict", ""),
            "verdict_label": entry.get("verdict_label", ""),
        }
        for entry in presentation.transcript(session)
    ]
    node = session.current_node
    outcome = (node.title or node.key) if node and node.kind == Node.Kind.OUTCOME else ""
    return entries, outcome


def articles_seen(session: Session | None, article: Article | None) -> list[dict]:
    """The published articles the customer was pointed to: the one they came from and the session's outcome's."""
    found: list[Article] = []
    if article is not None:
        found.append(article)
    if session is not None and session.current_node_id:
        found += list(
            Article.objects.published().filter(troubleshooter_nodes=session.current_node_id).order_by("title")
        )
    seen: dict[str, dict] = {}
    for item in found:
        seen.setdefault(item.slug, {"slug": item.slug, "title": item.title, "url": item.get_absolute_url()})
    return list(seen.values())


def create_ticket(data: TicketInput, *, source: str, address: str, base_url: str = "") -> Ticket:
    """Save a ticket (after the rate limit), then email the customer and support.

    Raises RateLimited before saving anything. ``base_url`` ("https://host") makes the links in
    the emails absolute.
    """
    fingerprint = client_fingerprint(address)
    transcript, outcome = snapshot_session(data.session) if data.session else ([], "")
    fields = dict(
        name=data.name,
        email=data.email,
        phone=data.phone,
        subject=data.subject,
        description=data.description,
        session=data.session,
        tree_slug=data.session.tree.slug if data.session else "",
        transcript=transcript,
        outcome=outcome,
        articles=articles_seen(data.session, data.article),
        source=source,
        client_hash=fingerprint,
    )
    with transaction.atomic():
        check_rate_limit(fingerprint)
        ticket = _save_with_unique_reference(fields)
    notify(ticket, base_url=base_url)
    return ticket


def _save_with_unique_reference(fields: dict) -> Ticket:
    # 24**6 references make a clash rare, not impossible: each retry draws a fresh default.
    for _ in range(_REFERENCE_ATTEMPTS - 1):
        try:
            with transaction.atomic():
                return Ticket.objects.create(**fields)
        except IntegrityError:
            continue
    return Ticket.objects.create(**fields)


def notify(ticket: Ticket, *, base_url: str = "") -> None:
    """Email the customer a receipt and support the full ticket; a mail failure is logged, not raised."""
    context = {
        "ticket": ticket,
        "ticket_url": base_url + ticket.get_absolute_url(),
        "agent_url": base_url + f"/agent/tickets/{ticket.reference}/",
    }
    messages = {
        "customer_notified": EmailMessage(
            subject=f"[{ticket.reference}] We received your request: {ticket.subject}",
            body=render_to_string("troubleshooter/tickets/email_customer.txt", context),
            to=[ticket.email],
            reply_to=[settings.SUPPORT_EMAIL],
        ),
        "support_notified": EmailMessage(
            subject=f"[{ticket.reference}] New ticket: {ticket.subject}",
            body=render_to_string("troubleshooter/tickets/email_support.txt", context),
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
