"""The agent console's ticket pages: the queue at /agent/ and one ticket with its status and notes.

Only staff with the ``use_agent_console`` permission get in. The queue page also carries the box
that opens a customer's live session, which the troubleshooter's console pages serve.
"""
from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.clients import client_address
from troubleshooter.activity import active_sessions
from troubleshooter.console import agent_required
from troubleshooter.forms import OpenSessionForm
from troubleshooter.models import Session

from .filing import articles_opened, create_ticket, site_root, snapshot_session
from .forms import AgentTicketForm, QueueFilterForm, TicketNoteForm, TicketReplyForm, TicketStatusForm
from .handling import SORT_ORDERS, add_note, change_status, filter_by_age, reply_to_customer, sort_queue
from .models import Ticket

QUEUE_PAGE_SIZE = 25


def filter_queue(form: QueueFilterForm) -> QuerySet[Ticket]:
    """The tickets matching the queue's filters, in the order it asks for (newest first by default)."""
    tickets = Ticket.objects.only(
        "reference", "name", "email", "subject", "status", "source", "tree_slug", "created_at", "updated_at"
    )
    if not form.is_valid():
        return tickets.none()
    data = form.cleaned_data
    if data["status"]:
        tickets = tickets.filter(status=data["status"])
    tickets = filter_by_age(tickets, data["age"])
    if data["tree"] == "none":
        tickets = tickets.filter(tree_slug="")
    elif data["tree"]:
        tickets = tickets.filter(tree_slug=data["tree"])
    if query := data["q"].strip():
        tickets = tickets.filter(
            Q(reference__iexact=query) | Q(name__icontains=query) | Q(email__icontains=query)
            | Q(subject__icontains=query)
        )
    return sort_queue(tickets, data["sort"])


def sort_links(form: QueueFilterForm, query) -> list[dict]:
    """One link per sort order, each keeping the current filters (and starting again at page 1)."""
    current = form.cleaned_data.get("sort") if form.is_valid() else ""
    links = []
    for name, (label, _) in SORT_ORDERS.items():
        params = query.copy()
        params["sort"] = name
        links.append({"label": label, "query": params.urlencode(), "current": name == current})
    return links


@agent_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The console's front page: open a live session by code, and the filtered ticket queue."""
    form = QueueFilterForm(request.GET)
    page = Paginator(filter_queue(form), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    tree_titles = dict(form.tree_choices)
    for ticket in page.object_list:
        ticket.tree_title = tree_titles.get(ticket.tree_slug, ticket.tree_slug) if ticket.tree_slug else ""
    query = request.GET.copy()
    query.pop("page", None)
    counts = dict(Ticket.objects.values_list("status").annotate(n=Count("pk")).order_by())
    context = {
        "filter_form": form,
        "page": page,
        "query": query.urlencode(),
        "sort_links": sort_links(form, query),
        "sort_label": SORT_ORDERS[form.cleaned_data["sort"]][0] if form.is_valid() else "",
        "code_form": OpenSessionForm(),
        "active_sessions": active_sessions(),
        "counts": [(label, counts.get(value, 0)) for value, label in Ticket.Status.choices],
    }
    return render(request, "tickets/agent/queue.html", context, status=200 if form.is_valid() else 400)


@agent_required
@require_GET
def ticket_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """One ticket: the customer's words, the transcript they brought, the articles they saw, its history."""
    ticket = get_object_or_404(Ticket.objects.select_related("session__tree"), reference=reference.upper())
    return render(request, "tickets/agent/ticket.html", _ticket_context(ticket))


def _ticket_context(ticket: Ticket, **forms) -> dict:
    events = list(ticket.events.select_related("author"))
    return {
        "ticket": ticket,
        "events": events,
        "conversation": [event for event in events if event.is_public],
        "articles": articles_opened(ticket),
        "status_form": forms.get("status_form") or TicketStatusForm(initial={"status": ticket.status}),
        "note_form": forms.get("note_form") or TicketNoteForm(),
        "reply_form": forms.get("reply_form") or TicketReplyForm(),
    }


@agent_required
@require_POST
def ticket_status(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = get_object_or_404(Ticket, reference=reference.upper())
    form = TicketStatusForm(request.POST)
    if not form.is_valid():
        return render(request, "tickets/agent/ticket.html", _ticket_context(ticket, status_form=form), status=400)
    if change_status(ticket, form.cleaned_data["status"], user=request.user):
        messages.success(request, f"{ticket.reference} is now “{ticket.get_status_display()}”.")
    return redirect("tickets:agent_ticket", reference=ticket.reference)


@agent_required
@require_POST
def ticket_note(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = get_object_or_404(Ticket, reference=reference.upper())
    form = TicketNoteForm(request.POST)
    if not form.is_valid():
        return render(request, "tickets/agent/ticket.html", _ticket_context(ticket, note_form=form), status=400)
    add_note(ticket, form.cleaned_data["text"], user=request.user)
    messages.success(request, "Note added.")
    return redirect("tickets:agent_ticket", reference=ticket.reference)


@agent_required
@require_POST
def ticket_reply(request: HttpRequest, reference: str) -> HttpResponse:
    """Write to the customer: the reply is emailed to them and the ticket waits for their answer."""
    ticket = get_object_or_404(Ticket.objects.select_related("session__tree"), reference=reference.upper())
    form = TicketReplyForm(request.POST)
    if not form.is_valid():
        return render(request, "tickets/agent/ticket.html", _ticket_context(ticket, reply_form=form), status=400)
    reply_to_customer(ticket, form.cleaned_data["text"], user=request.user, base_url=site_root(request))
    messages.success(request, f"Reply sent to {ticket.email}; {ticket.reference} now waits for the customer.")
    return redirect("tickets:agent_ticket", reference=ticket.reference)


@agent_required
@require_http_methods(["GET", "POST"])
def ticket_from_session(request: HttpRequest, code: str) -> HttpResponse:
    """File a ticket for the customer on the phone, with their live session's transcript attached.

    GET: the form, the subject suggested from the outcome (or the troubleshooter); the agent fills in
    or confirms the customer's name and email. POST: the ticket, emailed like any other, noted as the
    agent's, and the agent lands on it.
    """
    session = get_object_or_404(Session.objects.select_related("tree"), code=code.upper())
    transcript, outcome = snapshot_session(session)
    status = 200
    if request.method == "POST":
        form = AgentTicketForm(request.POST, session=session)
        if form.is_valid():
            ticket = create_ticket(
                form.ticket_input(), source=Ticket.Source.AGENT, address=client_address(request),
                base_url=site_root(request), rate_limited=False,
            )
            add_note(ticket, f"Filed from live session {session.code} with the customer.", user=request.user)
            messages.success(request, f"{ticket.reference} created; the customer was emailed its reference.")
            return redirect("tickets:agent_ticket", reference=ticket.reference)
        status = 400
    else:
        form = AgentTicketForm(initial={"subject": outcome or session.tree.title}, session=session)
    context = {"form": form, "session": session, "transcript": transcript, "outcome": outcome}
    return render(request, "tickets/agent/new_from_session.html", context, status=status)
