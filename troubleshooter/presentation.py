"""What a session looks like to the people and programs that read it: the node, the transcript, the form.

The API's ``node`` object, the transcript as shown at the time, the answer Back offers again for
editing and the version the polling pages compare. Nothing here changes a session; engine.py does.
"""
from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from checkers import get_checker
from checkers.registry import verdict_label
from faq.models import Article

from . import rules
from .models import Node, Session, Step
from .snapshots import SnapshotNode

# Shown for an input node that has no example of its own: each is accepted by its type's parser.
DEFAULT_EXAMPLES = {"number": "3", "duration": "5 min", "datetime": "2024-05-01 14:30:00", "text": "example"}


def ticket_url(session: Session | None) -> str:
    """The ticket form, with the session attached when there is one."""
    url = reverse("tickets:new")
    return f"{url}?session={session.pk}" if session is not None else url


def session_version(session: Session) -> str:
    """Changes whenever the session moves (answer, back, restart): what the polling pages compare."""
    return f"{session.current_version_id or 0}.{session.current_key}-{session.updated_at.timestamp():.6f}"


def transcript(session: Session) -> list[dict[str, Any]]:
    """The answered steps, oldest first, as shown at the time.

    Each is {node_key, tree_slug, prompt, answer_label, at, answered_by, result, verdict_label, carried}:
    ``result`` and ``verdict_label`` (the checker's words for its verdict) only for check steps, ``carried``
    true for an answer a check rule gave from its result.
    """
    steps = session.steps.filter(dropped_at__isnull=True).select_related("answered_by").order_by("position")
    entries = []
    for step in steps:
        stored = step.answer_value if isinstance(step.answer_value, dict) else {}
        result = stored.get("result") if isinstance(stored.get("result"), dict) else None
        node = step.node
        checker_name = stored.get("checker") or (node.checker if node else "")
        entries.append({
            "node_key": step.node_key,
            "tree_slug": step.tree_slug,
            "prompt": step.prompt,
            "answer_label": step.answer_label,
            "at": step.at,
            "answered_by": step.answered_by.get_username() if step.answered_by else None,
            "result": result,
            "verdict_label": verdict_label(checker_name, str(result.get("verdict", "")), result.get("findings") or ())
            if result else "",
            "carried": bool(stored.get("carried")),
        })
    return entries


def previous_answer(session: Session, answered: int) -> dict[str, Any] | None:
    """The answer Back just took off the current node, as a form would post it, so it can be edited.

    ``answered`` is the number of steps in the transcript. Only the step dropped last counts, and only
    when it was this node's answer at this very position. Secret checker fields were never stored.
    """
    node = session.current_node
    if node is None or node.kind == Node.Kind.OUTCOME:
        return None
    step = session.steps.filter(dropped_at__isnull=False).order_by("-dropped_at", "-pk").first()
    if step is None or step.node is None or step.node.pk != node.pk or step.position != answered + 1:
        return None
    return posted_answer(step)


def posted_answer(step: Step) -> dict[str, Any] | None:
    """A step's answer as its question's form would post it, to show it again for editing."""
    node = step.node
    if node is None or node.kind == Node.Kind.OUTCOME:
        return None
    if node.kind == Node.Kind.QUESTION:
        return {"choice": step.answer_key}
    stored = step.answer_value if isinstance(step.answer_value, dict) else {}
    if node.kind == Node.Kind.CHECK:
        shown = given if isinstance(given := stored.get("input"), dict) else {}
        return {"value": {name: _as_text(value) for name, value in shown.items()}}
    if "value" not in stored:
        return None
    return {"value": _typed_form(node.input_type, stored["value"])}


def _as_text(value: Any) -> str:
    return "\n".join(str(item) for item in value) if isinstance(value, list) else str(value)


def _typed_form(input_type: str, value: Any) -> str:
    """A stored (parsed) input answer written back the way its form field takes it."""
    if input_type == "duration":
        return rules.format_duration(float(value))
    if input_type == "number":
        return f"{float(value):g}"
    if input_type == "datetime":
        return timezone.localtime(rules.parse_datetime(str(value))).strftime("%Y-%m-%dT%H:%M:%S")
    return str(value)


def node_view(node: SnapshotNode, session: Session | None = None) -> dict[str, Any]:
    """The contract's ``node`` object: what to ask (or the answer), the choices, and the input expected."""
    view: dict[str, Any] = {
        "key": node.key,
        "kind": node.kind,
        "prompt": node.prompt,
        "prompt_html": node.prompt_html,
        "choices": [],
        "input": None,
        "outcome": None,
    }
    if node.kind == Node.Kind.QUESTION:
        view["choices"] = [{"key": b.key, "label": b.label} for b in node.branches]
    elif node.kind == Node.Kind.INPUT:
        view["input"] = {
            "type": node.input_type,
            "label": node.input_label or "Your answer",
            "help": node.help,
            "example": node.input_example or DEFAULT_EXAMPLES.get(node.input_type, ""),
        }
    elif node.kind == Node.Kind.CHECK:
        checker = get_checker(node.checker)
        view["input"] = {
            "type": "check",
            "label": node.input_label or (checker.title if checker else node.checker),
            "help": node.help or (checker.description if checker else ""),
            "example": check_example(node),
        }
    else:
        view["outcome"] = {
            "title": node.title,
            "body_html": node.prompt_html,
            "resolution": node.resolution,
            "articles": outcome_articles(node),
            "ticket_url": ticket_url(session),
        }
    return view


def outcome_articles(node: SnapshotNode) -> list[dict[str, str]]:
    """The published articles an outcome links, in the order the version lists them (one query)."""
    if not node.article_ids:
        return []
    found = {a.pk: a for a in Article.objects.published().filter(pk__in=node.article_ids).only("pk", "slug", "title")}
    return [{"title": found[pk].title, "url": found[pk].get_absolute_url()} for pk in node.article_ids if pk in found]


def check_example(node: SnapshotNode) -> dict[str, Any]:
    """A value a check node accepts: the checker's own example, or the node's example in its main field."""
    checker = get_checker(node.checker)
    if checker is None:
        return {}
    if node.input_example:
        return {checker.primary_field: node.input_example}
    return dict(checker.example) or {checker.primary_field: "example"}

