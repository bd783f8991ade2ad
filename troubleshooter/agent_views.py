"""The support agents' console: the ticket queue, one ticket, and live sessions opened by code.

Only staff with the ``use_agent_console`` permission (the Agents group, or superusers) get in.
Everything a customer typed is shown escaped; only Markdown rendered by faq.markdown is trusted.
"""
from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from checkers.registry import get_checker
from config.htmx import is_htmx
from tickets.models import Ticket

from . import engine, presentation
from .models import Node, Session
from .presentation import session_version
from .views import MOVED_ON, answer_from_post, check_field_items, posted_for_another_node, unchanged_since_poll
from .ticket_forms import OpenSessionForm, QueueFilterForm, TicketNoteForm, TicketStatusForm
from .tickets import add_note, change_status, filter_by_age

AGENT_PERMISSION = "tickets.use_agent_console"
QUEUE_PAGE_SIZE = 25


def agent_required(view):
    """Staff login (redirect to it when anonymous), then the console permission (403 without it)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not (request.user.is_staff and request.user.has_perm(AGENT_PERMISSION)):
            raise PermissionDenied("The agent console is for the support team (the Agents group).")
        return view(request, *args, **kwargs)

    return wrapped


def filter_queue(form: QueueFilterForm):
    """The tickets matching the queue's filters, newest first."""
    tickets = Ticket.objects.only(
        "reference", "name", "email", "subject", "status", "source", "tree_slug", "created_at"
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
    return tickets.order_by("-created_at")


@agent_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The console's front page: open a live session by code, and the filtered ticket queue."""
    form = QueueFilterForm(request.GET)
    page = Paginator(filter_queue(form), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    tree_titles = dict(form.fields["tree"].choices)
    for ticket in page.object_list:
        ticket.tree_title = tree_titles.get(ticket.tree_slug, ticket.tree_slug) if ticket.tree_slug else ""
    query = request.GET.copy()
    query.pop("page", None)
    counts = dict(Ticket.objects.values_list("status").annotate(n=Count("pk")).order_by())
    context = {
        "filter_form": form,
        "page": page,
        "query": query.urlencode(),
        "code_form": OpenSessionForm(),
        "counts": [(label, counts.get(value, 0)) for value, label in Ticket.Status.choices],
    }
    return render(request, "agent/queue.html", context, status=200 if form.is_valid() else 400)


@agent_required
@require_GET
def ticket_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """One ticket: the customer's words, the transcript they brought, the articles they saw, its history."""
    ticket = get_object_or_404(Ticket.objects.select_related("session__tree"), reference=reference.upper())
    return render(request, "agent/ticket.html", _ticket_context(ticket))


def _ticket_context(ticket: Ticket, **forms) -> dict:
    return {
        "ticket": ticket,
        "events": ticket.events.select_related("author"),
        "status_form": forms.get("status_form") or TicketStatusForm(initial={"status": ticket.status}),
        "note_form": forms.get("note_form") or TicketNoteForm(),
    }


@agent_required
@require_POST
def ticket_status(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = get_object_or_404(Ticket, reference=reference.upper())
    form = TicketStatusForm(request.POST)
    if not form.is_valid():
        return render(request, "agent/ticket.html", _ticket_context(ticket, status_form=form), status=400)
    if change_status(ticket, form.cleaned_data["status"], user=request.user):
        messages.success(request, f"{ticket.reference} is now “{ticket.get_status_display()}”.")
    return redirect("agent:ticket", reference=ticket.reference)


@agent_required
@require_POST
def ticket_note(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = get_object_or_404(Ticket, reference=reference.upper())
    form = TicketNoteForm(request.POST)
    if not form.is_valid():
        return render(request, "agent/ticket.html", _ticket_context(ticket, note_form=form), status=400)
    add_note(ticket, form.cleaned_data["text"], user=request.user)
    messages.success(request, "Note added.")
    return redirect("agent:ticket", reference=ticket.reference)


@agent_required
@require_GET
def open_session(request: HttpRequest) -> HttpResponse:
    """Find a live session by the code the customer reads out, and go to it."""
    form = OpenSessionForm(request.GET)
    status = 400
    if form.is_valid():
        code = form.cleaned_data["code"]
        session = Session.objects.filter(code=code).only("code").first()
        if session is not None:
            return redirect("agent:session", code=session.code)
        form.add_error("code", f"No session has the code {code}. Ask the customer to read it out again.")
        status = 404
    return render(request, "agent/open_session.html", {"code_form": form}, status=status)


def _live_session(code: str) -> Session:
    return get_object_or_404(
        Session.objects.select_related("tree", "current_node__tree"), code=code.upper()
    )


def _live_context(session: Session, *, error: str = "") -> dict:
    node = session.current_node
    view = presentation.node_view(node, session) if node else None
    checker = get_checker(node.checker) if node and node.kind == Node.Kind.CHECK else None
    transcript = presentation.transcript(session)
    # After Back the agent, like the customer, gets the earlier answer to edit.
    earlier = (presentation.previous_answer(session, len(transcript)) or {}).get("value")
    return {
        "session": session,
        "node": view,
        "node_id": node.pk if node else None,
        "checker": checker,
        "fields": check_field_items(checker, earlier if isinstance(earlier, dict) else {}, prefix="field_"),
        "typed_value": earlier if isinstance(earlier, str) else "",
        "transcript": transcript,
        "version": session_version(session),
        "error": error,
    }


@agent_required
@require_GET
def session_page(request: HttpRequest, code: str) -> HttpResponse:
    """A customer's live session: the current question and the transcript, refreshing by themselves."""
    session = _live_session(code)
    tickets = session.tickets.only("reference", "subject", "status")
    return render(request, "agent/session.html", {**_live_context(session), "tickets": tickets})


@agent_required
@require_GET
def session_live(request: HttpRequest, code: str) -> HttpResponse:
    """htmx polling: 204 (nothing to swap) while the session has not moved, else the fresh panel."""
    session = _live_session(code)
    if unchanged_since_poll(request, session):
        return HttpResponse(status=204)
    return render(request, "agent/_live.html", _live_context(session))


def _after_live_action(request: HttpRequest, session: Session, error: str) -> HttpResponse:
    if is_htmx(request):
        return render(
            request, "agent/_live.html", _live_context(session, error=error), status=400 if error else 200
        )
    if error:
        messages.error(request, error)
    return redirect("agent:session", code=session.code)


@agent_required
@require_POST
def session_answer(request: HttpRequest, code: str) -> HttpResponse:
    """Answer the current question on the customer's behalf; the step records this agent."""
    session = _live_session(code)
    if posted_for_another_node(request, session):
        # The customer (or another agent) answered first: show where the session is now, record nothing.
        if is_htmx(request):
            return render(request, "agent/_live.html", _live_context(session, error=MOVED_ON), status=409)
        tickets = session.tickets.only("reference", "subject", "status")
        context = {**_live_context(session, error=MOVED_ON), "tickets": tickets}
        return render(request, "agent/session.html", context, status=409)
    node = session.current_node
    answer = answer_from_post(request, node, prefix="field_") if node else {}
    error = ""
    try:
        engine.answer(session, user=request.user, **answer)
    except engine.AnswerError as problem:
        error = problem.message
    return _after_live_action(request, session, error)


@agent_required
@require_POST
def session_back(request: HttpRequest, code: str) -> HttpResponse:
    """Take the customer's session one step back."""
    session = _live_session(code)
    engine.go_back(session)
    return _after_live_action(request, session, "")
