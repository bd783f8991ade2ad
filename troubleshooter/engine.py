"""Advancing a troubleshooting session: plain Python that the wizard, the API and the agent console share.

A session sits on one node. Answering it stores a Step (the prompt and answer as shown right now, so
later tree edits never rewrite history) and moves the session along the first branch that matches.
A check rule with ``carry`` also answers the input node it leads to from the check's result (the
error code the Remarks held, say), recorded as taken from the check, so nobody is asked twice.
Back and restart drop steps from the transcript but keep them, timed, for analytics.

A session is shared (the customer's tabs, their phone, an agent), so answer, back and restart each
lock the session's row for their transaction and first check that the session is still at the node
the request was made for: the loser of a race gets SessionMoved, never a half-applied change.
"""
from __future__ import annotations

import json
import logging
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from checkers import get_checker
from checkers.inputs import as_input, input_errors
from config.nul_bytes import contains_nul
from faq.markdown import plain_text

from . import rules
from .models import Branch, Node, Session, Step, Tree, new_session_code

logger = logging.getLogger(__name__)

MAX_LABEL_LENGTH = 300


class AnswerError(Exception):
    """An answer the current node cannot take; the message says why, in words for the customer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


MOVED_ON = "This session moved on in another window or device; here is where it is now."


class SessionMoved(AnswerError):
    """The session left the node this request was made for (another tab, device or agent was first).

    A subclass of AnswerError, so a caller that does not tell the two apart still answers 4xx; the
    wizard, the API and the console answer it with 409.
    """

    def __init__(self, message: str = MOVED_ON) -> None:
        super().__init__(message)


def _locked_node_id(session: Session) -> int | None:
    """Lock the session's row until the transaction ends and return the node it is at now.

    Called inside transaction.atomic(). On PostgreSQL the row lock queues the other writers of this
    session; SQLite ignores FOR UPDATE, but its transactions begin IMMEDIATE (config/settings.py), so
    they hold the database's write lock from their first statement. Either way the node read here is
    the one this transaction changes.
    """
    return Session.objects.select_for_update().filter(pk=session.pk).values_list("current_node_id", flat=True).first()


def _lock(session: Session, expected_node_id: int | None) -> None:
    """Lock the session's row, then refuse (SessionMoved) if it has left the expected node."""
    if _locked_node_id(session) != expected_node_id:
        raise SessionMoved()


def start_node(tree: Tree) -> Node:
    node = Node.objects.select_related("tree").filter(tree=tree, key=tree.start_key).first()
    if node is None:
        raise AnswerError(f"The troubleshooter “{tree.title}” has no start question; it cannot be used yet.")
    return node


def start_session(tree: Tree) -> Session:
    """Create a session on the tree's first node, with a fresh short code."""
    node = start_node(tree)
    for _ in range(5):
        code = new_session_code()
        if not Session.objects.filter(code=code).exists():
            break
    session = Session.objects.create(
        tree=tree, current_node=node, code=code, finished=node.kind == Node.Kind.OUTCOME
    )
    return session


def load_session(session_id: Any) -> Session | None:
    """The session with its tree and current node in one query, or None for an unknown id."""
    try:
        return Session.objects.select_related("tree", "current_node__tree").filter(pk=session_id).first()
    except (ValueError, TypeError, ValidationError):
        return None


def answer(
    session: Session, *, choice: str | None = None, value: Any = None, user=None, expected_node_id: Any = None
) -> Session:
    """Answer the session's current node and move it on; raise AnswerError for an answer it cannot take.

    ``expected_node_id`` is the node the answer was given for (a form's hidden field); without it, the
    node ``session`` was loaded at. SessionMoved when the session has left that node since.
    """
    if contains_nul(choice) or contains_nul(value):
        # PostgreSQL cannot store NUL characters; refuse them here for callers the middleware does not cover.
        raise AnswerError("The answer contains a NUL character (\\0), which cannot be stored; remove it and try again.")
    node = session.current_node
    if node is None:
        raise AnswerError("The question this session was on has changed since; please restart the troubleshooter.")
    if expected_node_id is not None and str(expected_node_id) != str(node.pk):
        raise SessionMoved()
    with transaction.atomic():
        _lock(session, node.pk)
        return _answer_locked(session, node, choice, value, user)


def _answer_locked(session: Session, node: Node, choice: str | None, value: Any, user) -> Session:
    branches = list(node.branches.select_related("target__tree"))
    if node.kind == Node.Kind.QUESTION:
        branch = _answer_question(branches, choice)
        label, stored = branch.label, None
    elif node.kind == Node.Kind.INPUT:
        branch, label, stored = _answer_input(node, branches, value)
    elif node.kind == Node.Kind.CHECK:
        branch, label, stored = _answer_check(node, branches, value)
    else:
        raise AnswerError("This troubleshooter has reached its answer: go back or restart to change it.")

    user = user if user is not None and getattr(user, "is_authenticated", False) else None
    try:
        with transaction.atomic(savepoint=False):
            position = session.steps.filter(dropped_at__isnull=True).count() + 1
            _record(session, position, node, branch, label, stored, user)
            target = branch.target
            carried = _carried_answer(branch, stored)
            if carried is not None:
                next_branch, next_label, next_stored = carried
                _record(session, position + 1, target, next_branch, next_label, next_stored, None)
                target = next_branch.target
            _move(session, target)
    except IntegrityError:
        # Two answers raced for the same step; the other one won.
        raise AnswerError("This session was answered in another window; reload it to see where it is.") from None
    return session


def _record(session: Session, position: int, node: Node, branch: Branch, label: str, stored: Any, user) -> Step:
    return Step.objects.create(
        session=session,
        position=position,
        node=node,
        node_key=node.key,
        tree_slug=node.tree.slug,
        prompt=plain_text(node.prompt_html) or node.prompt,
        answer_key=branch.key if node.kind == Node.Kind.QUESTION else "",
        answer_label=label[:MAX_LABEL_LENGTH],
        answer_value=stored,
        answered_by=user,
    )


def _carried_answer(branch: Branch, stored: Any) -> tuple[Branch, str, Any] | None:
    """The answer a ``carry`` rule gives the input node it leads to, or None when there is nothing to carry.

    A value the input cannot read, or no matching rule, leaves the question to the customer as usual.
    """
    target = branch.target
    if not branch.carry or target.kind != Node.Kind.INPUT or not isinstance(stored, dict):
        return None
    value = (stored.get("result") or {}).get(branch.carry)
    if value in (None, "") or isinstance(value, (dict, list, bool)):
        return None
    try:
        chosen, label, kept = _answer_input(target, list(target.branches.select_related("target__tree")), str(value))
    except AnswerError:
        return None
    return chosen, f"{label} (taken from the check above)", {**kept, "carried": branch.carry}


def go_back(session: Session) -> Session:
    """Return to the previous question; its answer and everything after it leave the transcript.

    SessionMoved when the session left the node it was loaded at before the lock was taken: the
    request meant "back from here", and here is gone.
    """
    with transaction.atomic():
        _lock(session, session.current_node_id)
        last = (
            session.steps.filter(dropped_at__isnull=True).select_related("node__tree").order_by("-position").first()
        )
        if last is None:
            return session
        Step.objects.filter(pk=last.pk).update(dropped_at=timezone.now())
        _move(session, last.node)
    return session


def rewind(session: Session, position: int) -> Session:
    """Return to the question answered at ``position`` (the browser's Back went there): that answer and
    every later one leave the transcript."""
    step = session.steps.filter(dropped_at__isnull=True, position=position).select_related("node__tree").first()
    if step is None or step.node is None:
        raise AnswerError("That question is no longer part of this session.")
    now = timezone.now()
    with transaction.atomic(savepoint=False):
        _locked_node_id(session)  # queue behind an answer, back or restart in flight
        session.steps.filter(dropped_at__isnull=True, position__gt=position).update(dropped_at=now)
        # Dropped last, so the wizard offers this answer again to edit (presentation.previous_answer).
        Step.objects.filter(pk=step.pk).update(dropped_at=now + timedelta(microseconds=1))
        _move(session, step.node)
    return session


def restart(session: Session) -> Session:
    """Start the session over at its tree's first node, keeping its address and code."""
    node = start_node(session.tree)
    with transaction.atomic():
        # Restart means "from wherever it is", so any node will do; the lock only queues it behind
        # an answer or back in flight, which would otherwise land on top of the fresh start.
        _locked_node_id(session)
        session.steps.filter(dropped_at__isnull=True).update(dropped_at=timezone.now())
        _move(session, node)
    return session


def record_feedback(session: Session, *, solved: bool) -> Session:
    """Keep the customer's answer to "Did this solve it?" on a finished session."""
    if not session.finished:
        raise AnswerError("This session has not reached an answer yet.")
    session.solved = solved
    session.save(update_fields=["solved", "updated_at"])
    return session


def _move(session: Session, node: Node | None) -> None:
    session.current_node = node
    session.finished = node is not None and node.kind == Node.Kind.OUTCOME
    session.solved = None
    session.save(update_fields=["current_node", "finished", "solved", "updated_at"])


def _answer_question(branches: list[Branch], choice: str | None) -> Branch:
    keys = ", ".join(b.key for b in branches)
    if choice is None or choice == "":
        raise AnswerError(f"Pick one of the choices: {keys}.")
    for branch in branches:
        if branch.key == str(choice):
            return branch
    raise AnswerError(f"“{str(choice)[:40]}” is not one of the choices here; pick one of: {keys}.")


def _answer_input(node: Node, branches: list[Branch], raw: Any) -> tuple[Branch, str, Any]:
    try:
        parsed = rules.parse_value(node.input_type, raw)
    except rules.ValueProblem as problem:
        raise AnswerError(str(problem)) from None
    for branch in branches:
        try:
            if rules.matches(node.input_type, branch.operator, branch.value, parsed):
                stored = parsed.isoformat() if node.input_type == "datetime" else parsed
                return branch, rules.display_value(node.input_type, parsed, str(raw)), {"value": stored}
        except (rules.ValueProblem, ValueError) as problem:
            # A rule an editor mistyped: validation reports it; the customer should not be blamed for it.
            logger.warning("Skipping unreadable rule on %s: %s", node, problem)
    raise AnswerError("We have no next step for that answer here. Check the value, or go back and try another path.")


def _answer_check(node: Node, branches: list[Branch], raw: Any) -> tuple[Branch, str, Any]:
    checker = get_checker(node.checker)
    if checker is None:
        raise AnswerError("This check is not available right now; go back and choose another way, or contact support.")
    raw = as_input(checker, raw)
    problems = input_errors(checker, raw)
    if problems:
        raise AnswerError(" ".join(problems))
    fields = {field.name: field for field in checker.fields}
    values = {name: value for name, value in raw.items() if value not in (None, "", [])}
    try:
        result = checker.run(values)
    except Exception:
        # A checker must never raise on bad input; if one does, the customer still gets a clear 4xx.
        logger.exception("Checker %s raised on a session answer", checker.name)
        raise AnswerError("The check could not read that value; please look at it and try again.") from None
    verdict = str(result.get("verdict", ""))
    for branch in branches:
        if (branch.operator == Branch.Operator.VERDICT and branch.value == verdict) or (
            branch.operator == Branch.Operator.DEFAULT
        ):
            # Secrets (the sig checker's AppKey) are used for the check but never kept with the step.
            shown = {name: value for name, value in values.items() if fields[name].kind != "secret"}
            label = "; ".join(f"{fields[name].label}: {_shorten(value)}" for name, value in shown.items())
            return branch, label or "Checked", {"checker": checker.name, "input": shown, "result": _jsonable(result)}
    raise AnswerError(f"The check answered “{verdict}”, which this troubleshooter has no next step for.")


def _shorten(value: Any, limit: int = 120) -> str:
    if isinstance(value, list):
        value = ", ".join(str(item) for item in value)
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _jsonable(result: dict[str, Any]) -> dict[str, Any]:
    """The checker's result, reduced to what JSON can keep (it is stored with the step)."""
    return json.loads(json.dumps(result, default=str))
