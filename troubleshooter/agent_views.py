"""The agent console's live sessions: open one by its code, follow it, answer or go back for the customer.

The ticket queue and ticket pages of the same console are the tickets app's (tickets/agent_views.py).

Only staff with the ``use_agent_console`` permission (the Agents group, or superusers) get in.
Everything a customer typed is shown escaped; only Markdown rendered by faq.markdown is trusted.
"""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from checkers.registry import get_checker
from common.htmx import is_htmx

from . import engine, presentation
from .console import agent_required
from .forms import OpenSessionForm
from .models import Node, Session
from .presentation import session_version
from .views import MOVED_ON, answer_from_post, check_field_items, posted_for_another_node, unchanged_since_poll


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
        form.add_error("code", f"No session has the code “{code}”. Ask the customer to read it out again.")
        status = 404
    return render(request, "troubleshooter/agent/open_session.html", {"code_form": form}, status=status)


def _live_session(code: str) -> Session:
    return get_object_or_404(
        Session.objects.select_related("tree"), code=code.upper()
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
        # A question's help (input and check steps carry theirs in the node view's input).
        "node_help": node.help if node and node.kind == Node.Kind.QUESTION else "",
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
    return render(request, "troubleshooter/agent/session.html", {**_live_context(session), "tickets": tickets})


@agent_required
@require_GET
def session_live(request: HttpRequest, code: str) -> HttpResponse:
    """htmx polling: 204 (nothing to swap) while the session has not moved, else the fresh panel."""
    session = _live_session(code)
    if unchanged_since_poll(request, session):
        return HttpResponse(status=204)
    return render(request, "troubleshooter/agent/_live.html", _live_context(session))


def _after_live_action(request: HttpRequest, session: Session, error: str) -> HttpResponse:
    if is_htmx(request):
        return render(
            request, "troubleshooter/agent/_live.html", _live_context(session, error=error),
            status=400 if error else 200,
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
        return _moved_on(request, session)
    node = session.current_node
    answer = answer_from_post(request, node, prefix="field_") if node else {}
    error = ""
    try:
        engine.answer(session, user=request.user, **answer)
    except engine.SessionMoved:
        return _moved_on(request, _live_session(code))
    except engine.AnswerError as problem:
        error = problem.message
    return _after_live_action(request, session, error)


def _moved_on(request: HttpRequest, session: Session) -> HttpResponse:
    """409: the customer (or another agent) moved the session first; show where it is now, record nothing."""
    if is_htmx(request):
        return render(request, "troubleshooter/agent/_live.html", _live_context(session, error=MOVED_ON), status=409)
    tickets = session.tickets.only("reference", "subject", "status")
    context = {**_live_context(session, error=MOVED_ON), "tickets": tickets}
    return render(request, "troubleshooter/agent/session.html", context, status=409)


@agent_required
@require_POST
def session_back(request: HttpRequest, code: str) -> HttpResponse:
    """Take the customer's session one step back."""
    session = _live_session(code)
    try:
        engine.go_back(session)
    except engine.SessionMoved:
        return _moved_on(request, _live_session(code))
    return _after_live_action(request, session, "")
