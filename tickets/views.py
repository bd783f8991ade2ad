"""Customer-facing ticket pages: the form, subject suggestions, and the private ticket page where the
customer reads support's replies and answers them."""
from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.clients import client_address
from faq import search
from faq.models import Article
from faq.search import followup
from troubleshooter.models import Session

from .filing import RateLimited, create_ticket, site_root, snapshot_session
from .forms import CustomerMessageForm, TicketForm
from .handling import TooManyMessages, conversation, customer_writes
from .models import Ticket


def _attached_session(raw: str | None) -> tuple[Session | None, bool]:
    """The session a ?session= parameter names, and whether the parameter was given but unusable."""
    if not raw:
        return None, False
    try:
        session_id = uuid.UUID(raw)
    except ValueError:
        return None, True
    session = Session.objects.select_related("tree").filter(pk=session_id).first()
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
                if form.cleaned_data.get("search"):
                    followup.record_ticket(form.cleaned_data["search"], ticket.created_at)
                return redirect(ticket)
        else:
            status = 400
        session, session_missing = form.cleaned_data.get("session"), form.has_error("session")
        article = form.cleaned_data.get("article")
        search_token = request.POST.get("search", "")
    else:
        session, session_missing = _attached_session(request.GET.get("session"))
        initial: dict[str, object] = {"session": session.pk if session else None}
        article = _came_from(request.GET.get("article"))
        search_token = request.GET.get("search", "")
        if article:
            initial.update(article=article.slug, subject=article.title)
        form = TicketForm(initial=initial)
        if session_missing:
            status = 404
    transcript, outcome = snapshot_session(session) if session else ([], "")
    if session and not form.is_bound and "subject" not in form.initial:
        form.initial["subject"] = subject_for(session.tree.title, outcome)
    context = {
        "form": form,
        "session": session,
        "session_missing": session_missing,
        "transcript": transcript,
        "outcome": outcome,
        "rate_limit_message": rate_limit_message,
        # Carried to the POST only when genuine (faq.search.followup): the search's results page led here.
        "search_token": search_token if followup.read_contact_token(search_token) is not None else "",
        # Shown without JavaScript too: the article the customer came from may already answer them.
        "suggested": [article] if article else [],
        # Hidden fields report their problems in notices of their own.
        "field_problems": [name for name in form.errors if name not in ("session", "article", "website")],
    }
    return render(request, "tickets/new.html", context, status=status)


def subject_for(tree_title: str, outcome: str) -> str:
    """A ticket's subject from a session: the troubleshooter, and the outcome it reached if any."""
    return (f"{tree_title}: {outcome}" if outcome else tree_title)[:200]


def _came_from(slug: str | None) -> Article | None:
    """The published article a ?article= parameter names, if any."""
    if not slug:
        return None
    return Article.objects.published().filter(slug=slug[:160]).only("title", "slug").first()


@require_GET
def ticket_suggestions(request: HttpRequest) -> HttpResponse:
    """htmx fragment: knowledge-base articles that may already answer the subject being typed, after the
    article the customer came from (if any), which is the likeliest answer."""
    text = request.GET.get("subject", "")[:200]
    articles = search.suggest(text, limit=5) if len(text.strip()) >= 3 else []
    came_from = _came_from(request.GET.get("article"))
    if came_from is not None:
        articles = [came_from, *(a for a in articles if a.slug != came_from.slug)][:5]
    return render(request, "tickets/_suggestions.html", {"articles": articles, "text": text})


def _private_ticket(token: str) -> Ticket:
    if len(token) > 40:
        raise Http404("No ticket has this address.")
    return get_object_or_404(Ticket, access_token=token)


def _private_page(request: HttpRequest, ticket: Ticket, form: CustomerMessageForm, *, status: int = 200,
                  problem: str = "") -> HttpResponse:
    context = {"ticket": ticket, "conversation": conversation(ticket), "form": form, "problem": problem}
    response = render(request, "tickets/received.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_GET
def ticket_received(request: HttpRequest, token: str) -> HttpResponse:
    """The customer's private ticket page, reachable only through the unguessable token in its address:
    the request, its status, the conversation with support and a box to answer."""
    return _private_page(request, _private_ticket(token), CustomerMessageForm())


@never_cache
@require_POST
def ticket_customer_reply(request: HttpRequest, token: str) -> HttpResponse:
    """The customer answers support: the ticket opens again and the agents are told."""
    ticket = _private_ticket(token)
    form = CustomerMessageForm(request.POST)
    if not form.is_valid():
        return _private_page(request, ticket, form, status=400)
    try:
        customer_writes(ticket, form.cleaned_data["text"], base_url=site_root(request))
    except TooManyMessages as limited:
        return _private_page(request, ticket, form, status=429, problem=str(limited))
    messages.success(request, "Thank you, your answer is with support. We will write back here and by email.")
    return redirect(ticket)
