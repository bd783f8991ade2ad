"""The troubleshooter wizard pages. Views translate HTTP to engine calls (engine.py) and show the
session through presentation.py.

Every form works as a plain POST followed by a redirect. When htmx sends it (HX-Request), the view
answers with the wizard fragment instead, which htmx swaps in place. With scripts on, the page also
polls the session (the agent console's mechanism), so a support agent's answer shows up by itself.
"""
from __future__ import annotations

import contextlib
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST, require_safe

from checkers import get_checker
from checkers.registry import Checker
from common.clients import client_address, client_fingerprint
from common.cross_site import same_site_forms_only
from common.htmx import is_htmx
from common.page_cache import cached_page
from common.versioned_pages import cached_per_version
from faq.models import Article

from . import code_lookup, engine, presentation, progress, reading, stamps
from .models import SESSION_CODE_ALPHABET, SESSION_CODE_LENGTH, Node, Session, Step, Tree
from .snapshots import SnapshotNode

# The longest answer a search link may start a troubleshooter with (?answer=...).
MAX_STARTING_ANSWER = 200


def _can_preview_drafts(request: HttpRequest) -> bool:
    """Staff who may view trees (editors, agents) try drafts out; everyone else sees published ones."""
    user = request.user
    return user.is_active and user.is_staff and user.has_perm("troubleshooter.view_tree")


def _visible_trees(request: HttpRequest):
    trees = Tree.objects.all()
    return trees if _can_preview_drafts(request) else trees.live()


@require_GET
@cached_page(unless=("code",))
def index(request: HttpRequest) -> HttpResponse:
    """The troubleshooters, and a box to reopen a session by its short code."""
    raw_code = request.GET.get("code")
    code_error, status = "", 200
    if raw_code is not None:
        code = code_lookup.normalise_code(raw_code)
        rule = f"Codes are {SESSION_CODE_LENGTH} characters, using only {SESSION_CODE_ALPHABET}."
        if not code:
            code_error, status = f"Enter a session code. {rule}", 404
        elif not code_lookup.lookup_allowed(client_fingerprint(client_address(request))):
            minutes = code_lookup.WINDOW_SECONDS // 60
            code_error, status = (
                f"Too many session codes tried from your connection; wait {minutes} minutes and try again, "
                "or open the session from its link.", 429,
            )
        else:
            session = code_lookup.recent_session(code)
            if session is not None:
                return redirect(session)
            hours = settings.SESSION_CODE_HOURS
            code_error, status = (
                f"No session has the code “{raw_code[:20]}” among those active in the last {hours} hours. {rule} "
                "An older session opens from its link, or a support agent can find it.", 404,
            )
    trees = Tree.objects.live()
    response = render(
        request, "troubleshooter/index.html", {"trees": trees, "code": raw_code or "", "code_error": code_error}
    )
    response.status_code = status
    if status == 429:
        response["Retry-After"] = str(code_lookup.WINDOW_SECONDS)
    return response


@same_site_forms_only
@cached_page(unless=("answer",))
def tree_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """GET shows what the troubleshooter covers and a Start button; POST starts a session.

    Start takes no CSRF token, so the intro page is the same for everyone (and cacheable): starting
    a session uses nothing of the visitor's (the session is its own address), and the browser's
    Sec-Fetch-Site/Origin headers still refuse a start another site sends (common.cross_site).
    """
    tree = get_object_or_404(_visible_trees(request), slug=slug)
    if request.method == "POST":
        try:
            # Staff trying a tree customers cannot see yet get a preview of its draft.
            user = request.user
            session = engine.start_session(tree) if tree.is_published else engine.preview_session(tree, user=user)
        except engine.AnswerError as error:
            messages.error(request, error.message)
            return redirect(tree)
        _answer_first_question(session, request.POST.get("answer", ""))
        return redirect(session)
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    # A search for "error 1014" links here with ?answer=1014: Start then answers the first question.
    answer = request.GET.get("answer", "")[:MAX_STARTING_ANSWER].strip()
    return render(request, "troubleshooter/tree.html", {"tree": tree, "answer": answer})



def _answer_first_question(session: Session, answer: str) -> None:
    """Answer a new session's first (input) question with what the customer already said, when it
    takes that answer; otherwise the session simply starts at that question."""
    answer = answer[:MAX_STARTING_ANSWER].strip()
    node = session.current_node
    if not answer or node is None or node.kind != Node.Kind.INPUT:
        return
    with contextlib.suppress(engine.AnswerError):
        engine.answer(session, value=answer)


def _session_or_404(session_id: Any) -> Session:
    session = engine.load_session(session_id)
    if session is None:
        raise Http404("No troubleshooting session has this address.")
    return session


def session_stamp(_request: HttpRequest, session_id: Any) -> str | None:
    """What the session page shows changes only when the session does (see troubleshooter.stamps)."""
    return stamps.session_stamp(session_id)


@cached_per_version(session_stamp, unless=("step",))
def session_detail(request: HttpRequest, session_id: Any) -> HttpResponse:
    """The session's current step (or, at ?step=N, the earlier question N). POST answers it."""
    session = _session_or_404(session_id)
    error, submitted = "", None
    if request.method == "POST":
        revisit = revisited_step(session, request.POST.get("step"), node_pk=request.POST.get("node"))
        answer: dict[str, Any] = {}
        try:
            # Answering a question the browser's Back returned to replaces the answers after it: one
            # transaction, so an answer that is refused leaves them as they were.
            with transaction.atomic() if revisit is not None else contextlib.nullcontext():
                if revisit is not None:
                    with contextlib.suppress(engine.AnswerError):  # that step is gone: answer where it is
                        engine.rewind(session, revisit.position)
                node = session.current_node
                if posted_for_another_node(request, session):
                    raise engine.SessionMoved(MOVED_ON)
                answer = answer_from_post(request, node) if node else {}
                engine.answer(session, user=request.user, **answer)
        except engine.SessionMoved as moved:
            # Another tab or an agent answered between this page's load and the lock: show where it is now.
            return _render_session(request, _session_or_404(session.pk), error=moved.message, status=409)
        except engine.AnswerError as problem:
            error, submitted = problem.message, answer
            session = _session_or_404(session.pk)  # as it is after the rollback
            if revisit is not None:
                return _render_session(request, session, error=error, submitted=submitted, revisit=revisit)
        else:
            if not is_htmx(request):
                return redirect(session)
            return _render_session(request, session, push=True)
    elif request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    else:
        revisit = revisited_step(session, request.GET.get("step"))
        if revisit is not None:
            return _render_session(request, session, revisit=revisit)
    return _render_session(request, session, error=error, submitted=submitted)


def revisited_step(session: Session, raw_step: str | None, *, node_pk: str | None = None) -> Step | None:
    """The answered step a ?step=N address (or a posted ``step``) names, when it is before the current one.

    With scripts on, each step of the wizard gets its own history entry (?step=N), so the browser's Back
    shows the previous question. Nothing changes until that question is answered again. A posted
    ``node`` must still be the question at that step, or the session moved on elsewhere.
    """
    if not raw_step or not raw_step.isdigit() or len(raw_step) > 4:
        return None
    step = session.steps.filter(dropped_at__isnull=True, position=int(raw_step)).first()
    node = step.node if step is not None else None
    if step is None or node is None or (node_pk is not None and node_pk != str(node.pk)):
        return None
    return step


def step_url(session: Session, step_number: int) -> str:
    """The address of one step of a session, for the browser's history."""
    return f"{session.get_absolute_url()}?step={step_number}"


def unchanged_since_poll(request: HttpRequest, session: Session) -> bool:
    """Whether a polling page already shows this session as it is (its ``v`` is the current version)."""
    return request.GET.get("v") == presentation.session_version(session)


@require_GET
def session_live(request: HttpRequest, session_id: Any) -> HttpResponse:
    """htmx polling: 204 (nothing to swap, so nothing typed is lost) until the session moves, then the step."""
    session = _session_or_404(session_id)
    if unchanged_since_poll(request, session):
        return HttpResponse(status=204)
    return _render_session(request, session, moved=True)


@require_POST
def session_back(request: HttpRequest, session_id: Any) -> HttpResponse:
    session = _session_or_404(session_id)
    try:
        engine.go_back(session)
    except engine.SessionMoved as moved:
        return _render_session(request, _session_or_404(session.pk), error=moved.message, status=409)
    return _render_session(request, session, push=True) if is_htmx(request) else redirect(session)


@require_POST
def session_restart(request: HttpRequest, session_id: Any) -> HttpResponse:
    session = _session_or_404(session_id)
    try:
        engine.restart(session)
    except engine.AnswerError as problem:
        return _render_session(request, session, error=problem.message)
    return _render_session(request, session, push=True) if is_htmx(request) else redirect(session)


@require_POST
def session_feedback(request: HttpRequest, session_id: Any) -> HttpResponse:
    """"Did this solve it?" — yes is recorded; no leads to the ticket form with the session attached."""
    session = _session_or_404(session_id)
    solved = request.POST.get("solved")
    if solved not in ("yes", "no"):
        return _render_session(request, session, error="Choose yes or no.")
    try:
        engine.record_feedback(session, solved=solved == "yes")
    except engine.AnswerError as problem:
        return _render_session(request, session, error=problem.message)
    if solved == "no":
        return redirect(presentation.ticket_url(session))
    messages.success(request, "Glad that solved it. Thank you for telling us.")
    return redirect(session)


@require_safe
def session_read(request: HttpRequest, session_id: Any, slug: str) -> HttpResponse:
    """Record that the customer opened an article from this session, then go to the article.

    Only the session's holder has this link (its id is unguessable); the redirect goes only to the
    published article's own address, so the link cannot send anyone elsewhere.
    """
    session = _session_or_404(session_id)
    article = Article.objects.published().filter(slug=slug).only("pk", "slug").first()
    if article is None:
        raise Http404("No published article has this address.")
    if request.method == "GET" and not request.user.is_staff:
        # Agents and editors checking a link are not the customer reading.
        reading.record_read(session, article)
    response = redirect(article.get_absolute_url())
    response["X-Robots-Tag"] = "noindex"
    return response


def _render_session(
    request: HttpRequest,
    session: Session,
    *,
    error: str = "",
    submitted: dict[str, Any] | None = None,
    status: int | None = None,
    moved: bool = False,
    push: bool = False,
    revisit: Step | None = None,
) -> HttpResponse:
    context = wizard_context(session, error=error, submitted=submitted, revisit=revisit)
    context["htmx"] = is_htmx(request)
    context["moved"] = moved
    # base.html's "Contact support" links then carry the session, so its transcript is attached.
    context["contact_session"] = session
    template = "troubleshooter/_wizard.html" if context["htmx"] else "troubleshooter/session.html"
    response = render(request, template, context, status=status or (400 if error else 200))
    if context["htmx"] and (push or moved):
        # A new history entry per step answered, so the browser's Back shows the previous question.
        response["HX-Push-Url" if push else "HX-Replace-Url"] = context["step_url"]
    return response


MOVED_ON = engine.MOVED_ON


def posted_for_another_node(request: HttpRequest, session: Session) -> bool:
    """Whether an answer form was drawn for a node the session has since left (its hidden ``node`` field).

    A session is shared: the customer's tabs and an agent may all answer it, so an answer meant for
    an earlier question must not be applied to the current one. Both the wizard and the agent
    console answer 409 when this is true.
    """
    node = session.current_node
    posted_for = request.POST.get("node")
    return node is not None and posted_for is not None and posted_for != str(node.pk)


def answer_from_post(request: HttpRequest, node: SnapshotNode, prefix: str = "field-") -> dict[str, Any]:
    """The ``engine.answer`` keywords an answer form posted for ``node``; check fields are named ``prefix + name``."""
    if node.kind == Node.Kind.QUESTION:
        return {"choice": request.POST.get("choice")}
    if node.kind == Node.Kind.CHECK:
        checker = get_checker(node.checker)
        fields = checker.fields if checker else ()
        names = {field.name: f"{prefix}{field.name}" for field in fields}
        return {"value": {field: request.POST[name] for field, name in names.items() if name in request.POST}}
    return {"value": request.POST.get("value")}


def check_field_items(checker: Checker | None, values: dict[str, Any], prefix: str = "field-") -> list[dict[str, Any]]:
    """A checker's fields as ``_answer_fields.html`` draws them: the field, its form name, its value."""
    return [
        {"field": field, "name": f"{prefix}{field.name}", "value": values.get(field.name, "")}
        for field in (checker.fields if checker else ())
    ]


def wizard_context(
    session: Session, *, error: str = "", submitted: dict[str, Any] | None = None, revisit: Step | None = None
) -> dict[str, Any]:
    """Everything the wizard shows: the step, what the last check found, the transcript and progress.

    ``revisit`` shows an earlier answered step instead of the current one, with the answers before it.
    """
    node = revisit.node if revisit is not None else session.current_node
    entries = presentation.transcript(session)
    later_answers = 0
    if revisit is not None:
        later_answers = len(entries) - revisit.position + 1
        entries = entries[: revisit.position - 1]
    view = presentation.node_view(node, session) if node is not None else None
    # The check just answered; when its rule carried a value on, the entry before the carried one.
    last_check = next((entry for entry in reversed(entries) if not entry["carried"]), None)
    last_result = last_check["result"] if last_check and last_check["result"] else None
    checker = get_checker(node.checker) if node is not None and node.kind == Node.Kind.CHECK else None
    if submitted is None and revisit is not None:
        submitted = presentation.posted_answer(revisit)
    elif submitted is None:
        # Back: offer the answer just taken away, to edit rather than retype.
        submitted = presentation.previous_answer(session, len(entries))
    submitted_value = (submitted or {}).get("value")
    fields = check_field_items(checker, submitted_value if isinstance(submitted_value, dict) else {})
    step_number = len(entries) + 1
    left = progress.remaining(node) if node is not None and node.kind != Node.Kind.OUTCOME else None
    steps_left = left.planning if left else 0
    return {
        "session": session,
        "version": presentation.session_version(session),
        "tree": session.tree,
        "node": node,
        "view": view,
        "entries": entries,
        "last_result": last_result,
        "last_verdict_label": last_check["verdict_label"] if last_check and last_result else "",
        "error": error,
        "typed_value": submitted_value if isinstance(submitted_value, str) else "",
        "previous_choice": (submitted or {}).get("choice") or "",
        "checker": checker,
        "fields": fields,
        "step_number": step_number,
        "steps_left": steps_left,
        "progress_text": progress.describe(step_number, left) if left else "",
        "progress_percent": round(100 * len(entries) / (len(entries) + steps_left)) if entries or steps_left else 100,
        "handed_over": node is not None and node.tree_id != session.tree_id,
        "revisit": revisit,
        "later_answers": later_answers,
        "step_url": step_url(session, step_number),
    }
