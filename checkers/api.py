"""POST /api/v1/checks/{checker}: run a diagnostic checker on a JSON object.

Each checker gets its own documented operation (input schema, example, verdicts); a catch-all
operation answers 404 for names that are not checkers. The body is read and parsed here rather
than by a ninja Schema so that any malformed input — not JSON, not an object, wrong types, too
big — gets a 400 with a sentence a person can act on, never a 5xx.
"""
from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from common.api_schemas import ErrorOut

from .article_links import live_article_links
from .inputs import input_errors, input_schema
from .registry import Checker, all_checkers

MAX_BODY_BYTES = 256 * 1024

router = Router(tags=["diagnostic checkers"])
# The operation ids published before these endpoints moved out of troubleshooter/checks_api.py:
# ninja derives them from the module, and generated API clients call them by that name.
OPERATION_ID_PREFIX = "troubleshooter_checks_api_"



def _read_json(request: HttpRequest) -> Any:
    try:
        raw = request.body
    except RequestDataTooBig:
        raise HttpError(413, f"The request body is too large; send at most {MAX_BODY_BYTES // 1024} KB.") from None
    if len(raw) > MAX_BODY_BYTES:
        raise HttpError(413, f"The request body is too large; send at most {MAX_BODY_BYTES // 1024} KB.")
    if not raw.strip():
        raise HttpError(400, "The request body is empty; send the checker's input as a JSON object.")
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise HttpError(400, "The request body is not UTF-8 text.") from None
    except RecursionError:
        raise HttpError(400, "The request body is nested too deeply.") from None
    except ValueError as exc:
        raise HttpError(400, f"The request body is not valid JSON: {exc}.") from None


def run_check(checker: Checker, request: HttpRequest) -> dict[str, Any]:
    """Parse, validate and run: the one path every check operation shares."""
    data = _read_json(request)
    errors = input_errors(checker, data, json=True)
    if errors:
        raise HttpError(400, " ".join(errors))
    result = checker.run(data)
    return {**result, "articles": live_article_links(result.get("articles", []))}


def result_schema(checker: Checker) -> dict[str, Any]:
    """JSON Schema of a checker's answer; each checker adds keys of its own (articles, sig, numbers…)."""
    return {
        "type": "object",
        "required": ["ok", "verdict", "findings"],
        "properties": {
            "ok": {"type": "boolean"},
            "verdict": {"type": "string", "enum": list(checker.verdicts)},
            "findings": {"type": "array", "items": {
                "type": "object",
                "required": ["level", "message"],
                "properties": {
                    "level": {"type": "string", "enum": ["error", "warning", "info"]},
                    "message": {"type": "string"},
                    "line": {"type": "integer"}, "column": {"type": "integer"}, "index": {"type": "integer"},
                    "param": {"type": "integer"}, "field": {"type": "string"}, "char": {"type": "string"},
                    "input": {"type": "string", "description": "the input field the offset refers to"},
                    "offset": {"type": "integer"}, "length": {"type": "integer"},
                },
                "additionalProperties": True,
            }},
            "articles": {"type": "array", "items": {"type": "object", "properties": {
                "slug": {"type": "string"}, "title": {"type": "string"}, "url": {"type": "string"}}}},
        },
        "additionalProperties": True,
    }


def _add_operation(checker: Checker) -> None:
    def operation(request: HttpRequest):
        return run_check(checker, request)

    operation.__name__ = f"check_{checker.name.replace('-', '_')}"
    verdicts = ", ".join(f"`{v}`" for v in checker.verdicts)
    router.post(
        f"/checks/{checker.name}",
        response={200: dict[str, Any], 400: ErrorOut, 413: ErrorOut},
        summary=checker.title,
        operation_id=OPERATION_ID_PREFIX + operation.__name__,
        description=f"{checker.description}\n\nVerdicts: {verdicts}.",
        openapi_extra={
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": input_schema(checker), "example": checker.example}}},
            "responses": {"200": {"description": "The checker's verdict and findings", "content": {
                "application/json": {"schema": result_schema(checker)}}}},
        },
    )(operation)


for _checker in all_checkers():
    _add_operation(_checker)


@router.post("/checks/{checker}", response={404: ErrorOut}, summary="Unknown checker",
             operation_id=OPERATION_ID_PREFIX + "unknown_checker",
             description="Any name that is not one of the checkers above answers 404.")
def unknown_checker(request: HttpRequest, checker: str):
    names = ", ".join(c.name for c in all_checkers())
    raise HttpError(404, f"No checker is called “{checker[:60]}”. The checkers are: {names}.")
