"""JSON API for troubleshooters and sessions, as its OpenAPI schema (/api/v1/openapi.json) describes.

The handlers translate HTTP to engine calls: a bad answer is engine.AnswerError, which becomes a
400 with its message as ``detail``; an unknown session or troubleshooter is a 404.
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from common.api_schemas import ErrorOut

from . import engine, presentation
from .models import Session, Tree

router = Router(tags=["troubleshooters"])



class TreeOut(Schema):
    slug: str
    title: str
    description: str


class ChoiceOut(Schema):
    key: str
    label: str


class InputOut(Schema):
    type: str
    label: str
    help: str
    example: Any


class ArticleLinkOut(Schema):
    title: str
    url: str


class OutcomeOut(Schema):
    title: str
    body_html: str
    resolution: str
    articles: list[ArticleLinkOut]
    ticket_url: str


class NodeOut(Schema):
    key: str
    kind: str
    prompt: str
    prompt_html: str
    choices: list[ChoiceOut]
    input: InputOut | None
    outcome: OutcomeOut | None


class TranscriptEntryOut(Schema):
    node_key: str
    prompt: str
    answer_label: str
    at: datetime


class SessionCreatedOut(Schema):
    id: UUID
    code: str
    url: str
    node: NodeOut | None


class SessionOut(Schema):
    id: UUID
    code: str
    url: str
    tree: str
    # The number of the published version the session is pinned to (null only for an editor's
    # preview of a draft, which has no number).
    tree_version: int | None
    node: NodeOut | None
    transcript: list[TranscriptEntryOut]
    finished: bool


class AnswerOut(Schema):
    id: UUID
    node: NodeOut | None
    transcript: list[TranscriptEntryOut]
    finished: bool


class AnswerIn(Schema):
    """Either the key of a question's choice, or the value an input or check node asks for.

    ``node``, the key of the node being answered, makes the answer apply only there: when the
    session has moved on (another window, an agent), the answer is refused with 409.
    """

    choice: str | None = None
    value: Any = None
    node: str | None = None


def _session(session_id: str) -> Session:
    session = engine.load_session(session_id)
    if session is None:
        raise Http404("No troubleshooting session has this id.")
    return session


def _node(session: Session) -> dict[str, Any] | None:
    return presentation.node_view(session.current_node, session) if session.current_node is not None else None


def _session_out(session: Session) -> dict[str, Any]:
    return {
        "id": session.pk,
        "code": session.code,
        "url": session.get_absolute_url(),
        "tree": session.tree.slug,
        "tree_version": session.tree_version,
        "node": _node(session),
        "transcript": presentation.transcript(session),
        "finished": session.finished,
    }


@router.get("/troubleshooters", response=list[TreeOut], summary="The published troubleshooters")
def list_troubleshooters(request: HttpRequest):
    return Tree.objects.live().only("slug", "title", "description")


@router.post(
    "/troubleshooters/{slug}/sessions",
    response={201: SessionCreatedOut, 400: ErrorOut, 404: ErrorOut},
    summary="Start a session",
    description="The body is `{}` (or empty); anything else that is not a JSON object is refused with 400.",
)
def start_session(request: HttpRequest, slug: str):
    # The body carries nothing yet, but a body that is not a JSON object is a caller's mistake worth naming.
    if request.body.strip():
        try:
            body = json.loads(request.body)
        except (ValueError, RecursionError):
            raise HttpError(400, "The request body is not valid JSON; send {} or nothing.") from None
        if not isinstance(body, dict):
            raise HttpError(400, "The request body must be a JSON object; send {} or nothing.")
    tree = Tree.objects.live().filter(slug=slug).first()
    if tree is None:
        raise Http404(f"No published troubleshooter is called “{slug[:80]}”.")
    try:
        session = engine.start_session(tree)
    except engine.AnswerError as error:
        raise HttpError(409, error.message) from None
    return Status(201, {"id": session.pk, "code": session.code, "url": session.get_absolute_url(),
                        "node": _node(session)})


@router.get("/sessions/{session_id}", response={200: SessionOut, 404: ErrorOut},
            summary="A session, its step and transcript")
def get_session(request: HttpRequest, session_id: str):
    return _session_out(_session(session_id))


MOVED_DETAIL = "This session has moved on since (another window, device or agent answered first); " \
    "GET it to see its current node, then answer that."


def _require_at(session: Session, node_key: str | None) -> None:
    """409 when the caller named the node it meant and the session is no longer there."""
    current = session.current_node.key if session.current_node is not None else None
    if node_key is not None and node_key != current:
        raise HttpError(409, MOVED_DETAIL)


@router.post(
    "/sessions/{session_id}/answers",
    response={200: AnswerOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Answer the current step",
    description='Send `{"choice": key}` for a question, or `{"value": ...}` for an input node (a string) '
    "or a check node (the checker's input object, or a string for its main field). Add `\"node\": key` "
    "(the node's key as GET returned it) to answer only that node; 409 when the session has left the "
    "node the answer was meant for (named, or the one it was at when the request arrived).",
)
def answer_session(request: HttpRequest, session_id: str, payload: AnswerIn):
    session = _session(session_id)
    _require_at(session, payload.node)
    try:
        # The API is the customer's (or a script's) channel and takes no CSRF token, so a logged-in
        # browser's cookie must not put a staff name on the step: agents answer through their console.
        engine.answer(session, choice=payload.choice, value=payload.value, user=None)
    except engine.SessionMoved:
        raise HttpError(409, MOVED_DETAIL) from None
    except engine.AnswerError as error:
        return Status(400, {"detail": error.message})
    return {"id": session.pk, "node": _node(session), "transcript": presentation.transcript(session),
            "finished": session.finished}


BACK_BODY = {
    "required": False,
    "content": {"application/json": {"schema": {
        "type": "object", "properties": {"node": {"type": "string", "description": "the node to go back from"}},
    }}},
}


def _back_from(request: HttpRequest) -> str | None:
    """The node key a back request names, if any; ``{}``, no body, or a body that is not JSON name none.

    Read by hand rather than as a ninja body: back took any body before ``node`` existed, and an
    empty form POST must stay a plain "go back".
    """
    if request.content_type != "application/json" or not request.body.strip():
        return None
    try:
        body = json.loads(request.body)
    except (ValueError, RecursionError):
        raise HttpError(400, 'The request body is not valid JSON; send {} or {"node": key}.') from None
    node = body.get("node") if isinstance(body, dict) else None
    if node is not None and not isinstance(node, str):
        raise HttpError(400, "node must be the key (a string) of the node to go back from.")
    return node


@router.post(
    "/sessions/{session_id}/back",
    response={200: SessionOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Go one step back",
    description='The body is `{}`, or `{"node": key}` to go back only from that node. 409 when the session '
    "has left the node it was at (named, or the one it was at when the request arrived).",
    openapi_extra={"requestBody": BACK_BODY},
)
def session_back(request: HttpRequest, session_id: str):
    session = _session(session_id)
    _require_at(session, _back_from(request))
    try:
        engine.go_back(session)
    except engine.SessionMoved:
        raise HttpError(409, MOVED_DETAIL) from None
    return _session_out(session)
