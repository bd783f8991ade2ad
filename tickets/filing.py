"""Filing a support ticket: the per-address rate limit, the transcript snapshot, and the save.

The web form and the API both call :func:`create_ticket`. The ticket is committed in its own
transaction before any email is attempted, so a failing mail server can delay a notification but
never lose what the customer wrote.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from common.clients import client_fingerprint
from faq.models import Article
from troubleshooter import presentation, reading
from troubleshooter.models import Node, Session

from .emails import notify
from .models import Ticket, TicketClient

_REFERENCE_ATTEMPTS = 8


class RateLimited(Exception):
    """Too many tickets from one address recently; the message says when to try again."""


@dataclass(frozen=True)
class TicketInput:
    """What a customer sends, already validated (see tickets.forms.TicketForm)."""

    name: str
    email: str
    subject: str
    description: str
    phone: str = ""
    affected_number: str = ""
    sent_at: datetime | None = None
    session: Session | None = None
    article: Article | None = None


def site_root(request: HttpRequest) -> str:
    """This site's address as the request reached it, for the absolute links e-mails need."""
    return request.build_absolute_uri("/").rstrip("/")


def check_rate_limit(fingerprint: str) -> None:
    """Raise RateLimited when this address filed too many tickets within the window.

    Counting recent tickets in the database (not a per-process cache) makes the limit hold across
    every gunicorn worker, and only accepted tickets count against it. Call it inside the
    transaction that saves the ticket, after lock_client(), or concurrent requests all pass.
    """
    limit, minutes = settings.TICKETS_PER_WINDOW, settings.TICKETS_WINDOW_MINUTES
    since = timezone.now() - timedelta(minutes=minutes)
    recent = Ticket.objects.filter(client_hash=fingerprint, created_at__gte=since).count()
    if recent >= limit:
        raise RateLimited(
            f"You have sent {recent} requests in the last {minutes} minutes, which is our limit. "
            f"Please wait a while before sending another, or reply to the email we sent you."
        )


def lock_client(fingerprint: str) -> None:
    """Hold this client's lock until the transaction ends, so its tickets are counted and saved in turn.

    The row is created once per client (a conflict means another request created it first) and then
    locked: on PostgreSQL FOR UPDATE makes the client's other requests wait; SQLite ignores it, but
    its transactions begin IMMEDIATE (config/settings.py) and so already take turns.
    """
    TicketClient.objects.bulk_create([TicketClient(client_hash=fingerprint)], ignore_conflicts=True)
    list(TicketClient.objects.select_for_update().filter(client_hash=fingerprint).values_list("pk", flat=True))


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
    """The published articles the customer opened: the one they came to the form from, then those they
    opened from their session (recorded by its read links), each once: [{slug, title, url, opened_at}]."""
    found: list[dict] = []
    if article is not None:
        found.append({"slug": article.slug, "title": article.title, "url": article.get_absolute_url()})
    if session is not None:
        found += reading.articles_read(session.pk)
    seen: dict[str, dict] = {}
    for item in found:
        opened_at = item.get("opened_at")
        seen.setdefault(item["slug"], {
            "slug": item["slug"], "title": item["title"], "url": item["url"],
            "opened_at": opened_at.isoformat() if opened_at else "",
        })
    return list(seen.values())


def articles_opened(ticket: Ticket) -> list[dict]:
    """What the ticket page lists under "Articles the customer saw": what was recorded when it was filed,
    then what the customer opened from the session since (they may keep reading after writing to us)."""
    listed = [dict(item) for item in ticket.articles]
    known = {item.get("slug") for item in listed}
    if ticket.session_id is not None:
        for item in reading.articles_read(ticket.session_id):
            if item["slug"] not in known:
                listed.append({**item, "opened_at": item["opened_at"].isoformat()})
    for item in listed:
        # Stored as ISO text in the JSON field; the template shows a datetime.
        item["opened_at"] = parse_datetime(item["opened_at"]) if item.get("opened_at") else None
    return listed


def create_ticket(
    data: TicketInput, *, source: str, address: str, base_url: str = "", rate_limited: bool = True
) -> Ticket:
    """Save a ticket (after the rate limit), then email the customer and support.

    Raises RateLimited before saving anything. ``base_url`` ("https://host") makes the links in
    the emails absolute. ``rate_limited=False`` is for agents filing on a customer's behalf: a
    busy agent's address must not run into the limit meant for anonymous visitors.
    """
    fingerprint = client_fingerprint(address)
    transcript, outcome = snapshot_session(data.session) if data.session else ([], "")
    fields = dict(
        name=data.name,
        email=data.email,
        phone=data.phone,
        affected_number=data.affected_number,
        sent_at=data.sent_at,
        subject=data.subject,
        description=data.description,
        session=data.session,
        tree_slug=data.session.tree.slug if data.session else "",
        transcript=transcript,
        outcome=outcome,
        articles=articles_seen(data.session, data.article),
        from_article=data.article,
        source=source,
        client_hash=fingerprint,
    )
    with transaction.atomic():
        if rate_limited:
            lock_client(fingerprint)
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
