"""Advancing a troubleshooting session: plain Python that the wizard, the API and the agent console share.

A session sits on one node. Answering it stores a Step (the prompt and answer as shown right now, so
later tree edits never rewrite history) and moves the session along the first branch that matches.
A check rule with ``carry`` also answers the input node it leads to from the check's result (the
error code the Remarks held, say), recorded as taken from the check, so nobody is asked twice.
Back and restart drop steps from the transcript but keep them, timed, for analytics.

A session is pinned to the tree version it started on: it walks that version's frozen snapshot
(snapshots.py), so nothing an editor does to the draft, or publishes later, changes a session in
flight. A handover (``next: other-tree:key``) crosses into the other tree's live version at that moment.

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

from . import rules, snapshots, versions
from .models import Node, Session, Step, Tree, TreeVersion, new_session_code
from .snapshots import SnapshotBranch, SnapshotNode

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


def _locked_node_id(session: Session) -> str | None:
    """Lock the session's row until the transaction ends and return the node it is at now.

    Called inside transaction.atomic(). On PostgreSQL the row lock queues the other writers of this
    session; SQLite ignores FOR UPDATE, but its transactions begin IMMEDIATE (config/settings.py), so
    they hold the database's write lock from their first statement. Either way the node read here is
    the one this transaction changes.
    """
    row = Session.objects.select_for_update().filter(pk=session.pk).values_list("current_version_id", "current_key")
    found = row.first()
    return f"{found[0]}:{found[1]}" if found and found[0] and found[1] else None


def _lock(session: Session, expected_node_id: str | None) -> None:
    """Lock the session's row, then refuse (SessionMoved) if it has left the expected node."""
    if _locked_node_id(session) != expected_node_id:
        raise SessionMoved()


def start_node(version_id: int, title: str = "") -> SnapshotNode:
    node = snapshots.get_snapshot(version_id).start
    if node is None:
        raise AnswerError(f"The troubleshooter “{title}” has no start question; it cannot be used yet.")
    return node


def start_session(tree: Tree, *, version: TreeVersion | None = None) -> Session:
    """Create a session on the first node of the tree's live version (or of ``version``: a preview
    of the draft), with a fresh short code."""
    version_id = version.pk if version is not None else tree.live_version_id
    if version_id is None:
        raise AnswerError(f"The troubleshooter “{tree.title}” is not published yet; it cannot be used.")
    node = start_node(version_id, tree.title)
    for _ in range(5):
        code = new_session_code()
        if not Session.objects.filter(code=code).exists():
            break
    session = Session.objects.create(
        tree=tree, version_id=version_id, current_version_id=version_id, current_key=node.key, code=code,
        finished=node.kind == Node.Kind.OUTCOME, preview=version is not None and version.preview,
    )
    return session


def preview_session(tree: Tree, *, user=None) -> Session:
    """ "Try this draft": a session on a frozen copy of the draft as it is now, flagged as a preview so
    it never counts as a customer's."""
    return start_session(tree, version=versions.preview(tree, author=user))


def load_session(session_id: Any) -> Session | None:
    """The session with its tree in one query (its node comes from the cached snapshot), or None."""
    try:
        return Session.objects.select_related("tree").filter(pk=session_id).first()
    except (ValueError, TypeError, ValidationError):
        return None


def resolve(node: SnapshotNode, branch: SnapshotBranch) -> SnapshotNode:
    """The node a way out leads to: in the same version, or for a handover in the other tree's live
    version now. AnswerError when the other tree has nothing live there."""
    if not branch.crosses_over:
        target = snapshots.get_snapshot(node.version_id).node(branch.next)
    else:
        slug, _, key = branch.next.partition(":")
        version_id = Tree.objects.live().filter(slug=slug).values_list("live_version_id", flat=True).first()
        target = snapshots.get_snapshot(version_id).node(key) if version_id else None
    if target is None:
        raise AnswerError("The next step of this troubleshooter is not available right now; go back and choose "
                          "another way, or contact support.")
    return target


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


def _answer_locked(session: Session, node: SnapshotNode, choice: str | None, value: Any, user) -> Session:
    branches = list(node.branches)
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
            target = resolve(node, branch)
            _record(session, position, node, branch, label, stored, user)
            carried = _carried_answer(branch, target, stored)
            if carried is not None:
                next_branch, next_label, next_stored = carried
                _record(session, position + 1, target, next_branch, next_label, next_stored, None)
                target = resolve(target, next_branch)
            _move(session, target)
    except IntegrityError:
        # Two answers raced for the same step; the other one won.
        raise AnswerError("This session was answered in another window; reload it to see where it is.") from None
    return session


def _record(
    session: Session, position: int, node: SnapshotNode, branch: SnapshotBranch, label: str, stored: Any, user
) -> Step:
    return Step.objects.create(
        session=session,
        position=position,
        version_id=node.version_id,
        node_key=node.key,
        tree_slug=node.tree.slug,
        prompt=plain_text(node.prompt_html) or node.prompt,
        answer_key=branch.key if node.kind == Node.Kind.QUESTION else "",
        answer_label=label[:MAX_LABEL_LENGTH],
        answer_value=stored,
        answered_by=user,
    )


def _carried_answer(
    branch: SnapshotBranch, target: SnapshotNode, stored: Any
) -> tuple[SnapshotBranch, str, Any] | None:
    """The answer a ``carry`` rule gives the input node it leads to, or None when there is nothing to carry.

    A value the input cannot read, or no matching rule, leaves the question to the customer as usual.
    """
    if not branch.carry or target.kind != Node.Kind.INPUT or not isinstance(stored, dict):
        return None
    value = (stored.get("result") or {}).get(branch.carry)
    if value in (None, "") or isinstance(value, (dict, list, bool)):
        return None
    try:
        chosen, label, kept = _answer_input(target, list(target.branches), str(value))
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
        last = session.steps.filter(dropped_at__isnull=True).order_by("-position").first()
        if last is None:
            return session
        # A step recorded before versions may name a node its version lacks: back goes to the start then.
        node = last.node or start_node(session.version_id, session.tree.title)
        Step.objects.filter(pk=last.pk).update(dropped_at=timezone.now())
        _move(session, node)
    return session


def rewind(session: Session, position: int) -> Session:
    """Return to the question answered at ``position`` (the browser's Back went there): that answer and
    every later one leave the transcript."""
    step = session.steps.filter(dropped_at__isnull=True, position=position).first()
    node = step.node if step is not None else None
    if step is None or node is None:
        raise AnswerError("That question is no longer part of this session.")
    now = timezone.now()
    with transaction.atomic(savepoint=False):
        _locked_node_id(session)  # queue behind an answer, back or restart in flight
        session.steps.filter(dropped_at__isnull=True, position__gt=position).update(dropped_at=now)
        # Dropped last, so the wizard offers this answer again to edit (presentation.previous_answer).
        Step.objects.filter(pk=step.pk).update(dropped_at=now + timedelta(microseconds=1))
        _move(session, node)
    return session


def restart(session: Session) -> Session:
    """Start the session over at the first node of the version it started on, keeping its address and code."""
    node = start_node(session.version_id, session.tree.title)
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


def _move(session: Session, node: SnapshotNode) -> None:
    session.current_version_id = node.version_id
    session.current_key = node.key
    session.finished = node.kind == Node.Kind.OUTCOME
    session.solved = None
    session.save(update_fields=["current_version", "current_key", "finished", "solved", "updated_at"])


def _answer_question(branches: list[SnapshotBranch], choice: str | None) -> SnapshotBranch:
    keys = ", ".join(b.key for b in branches)
    if choice is None or choice == "":
        raise AnswerError(f"Pick one of the choices: {keys}.")
    for branch in branches:
        if branch.key == str(choice):
            return branch
    raise AnswerError(f"“{str(choice)[:40]}” is not one of the choices here; pick one of: {keys}.")


def _answer_input(node: SnapshotNode, branches: list[SnapshotBranch], raw: Any) -> tuple[SnapshotBranch, str, Any]:
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


def _answer_check(node: SnapshotNode, branches: list[SnapshotBranch], raw: Any) -> tuple[SnapshotBranch, str, Any]:
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
        if (branch.operator == "verdict" and branch.value == verdict) or branch.operator == "default":
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
