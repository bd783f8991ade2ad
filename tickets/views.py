"""Customer-facing ticket pages: the form, subject suggestions, and the private confirmation page."""
from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from common.clients import client_address
from faq import search
from faq.models import Article
from troubleshooter.models import Session

from .filing import RateLimited, create_ticket, site_root, snapshot_session
from .forms import TicketForm
from .models import Ticket


def _attached_session(raw: str | None) -> tuple[Session | None, bool]:
    """The session a ?session= parameter names, and whether the parameter was given but unusable."""
    if not raw:
        return None, False
    try:
        session_id = uuid.UUID(raw)
    except ValueError:
        return None, True
    session = Session.objects.select_related("tree", "current_node").filter(pk=session_id).first()
    return session, session is None


@require_http_methods(["GET", "POST"])
def ticket_new(request: HttpRequest) -> HttpResponse:
    """GET: the form, with an attached transcript (?session=) or a subject from an article (?article=).
    POST: save the ticket and go to its confirmation page."""
    status = 200
    rate_limit_message = ""
    if request.method == "POST":
        form = TicketForm(request.POST)
        if form.is_valid():
            try:
                ticket = create_ticket(
                    form.ticket_input(), source=Ticket.Source.WEB, address=client_address(request),
                    base_url=site_root(request),
                )
            except RateLimited as limited:
                status, rate_limit_message = 429, str(limited)
            else:
                return redirect(ticket)
        else:
            status = 400
        session, session_missing = form.cleaned_data.get("session"), form.has_error("session")
    else:
        session, session_missing = _attached_session(request.GET.get("session"))
        initial = {"session": session.pk if session else None}
        article = None
        if slug := request.GET.get("article"):
            article = Article.objects.published().filter(slug=slug[:160]).only("title", "slug").first()
        if article:
            initial.update(article=article.slug, subject=article.title)
        form = TicketForm(initial=initial)
        if session_missing:
            status = 404
    transcript, outcome = snapshot_session(session) if session else ([], "")
    context = {
        "form": form,
        "session": session,
        "session_missing": session_missing,
        "transcript": transcript,
        "outcome": outcome,
        "rate_limit_message": rate_limit_message,
        # Hidden fields report their problems in notices of their own.
        "field_problems": [name for name in form.errors if name not in ("session", "article", "website")],
    }
    return render(request, "tickets/new.html", context, status=status)


@require_GET
def ticket_suggestions(request: HttpRequest) -> HttpResponse:
    """htmx fragment: knowledge-base articles that may already answer the subject being typed."""
    text = request.GET.get("subject", "")[:200]
    articles = search.suggest(text, limit=5) if len(text.strip()) >= 3 else []
    return render(request, "tickets/_suggestions.html", {"articles": articles, "text": text})


@never_cache
@require_GET
def ticket_received(request: HttpRequest, token: str) -> HttpResponse:
    """The confirmation page, reachable only through the unguessable token in its address."""
    if len(token) > 40:
        raise Http404("No ticket has this address.")
    ticket = get_object_or_404(Ticket, access_token=token)
    response = render(request, "tickets/received.html", {"ticket": ticket})
    response["X-Robots-Tag"] = "noindex"
    return response
