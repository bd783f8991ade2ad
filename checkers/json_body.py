"""json-body: is a pasted SMS API request body strict JSON, with the right fields, types and values?

This is the seed's error 1004 checklist done by the machine: standard JSON (double quotes, no
trailing commas), field names, JSON types, value ranges, and the single-recipient body sent to the
bulk API or the reverse.
"""
from __future__ import annotations

import difflib
import json
import re
from typing import Any

from .base import ERROR, WARNING, Finding, describe_char, finding, json_type, line_column, read_text, result
from .registry import Checker, CheckResult, Field, register

MAX_BODY_CHARS = 64_000
MAX_BULK_RECIPIENTS = 200
APIS = ("sendsms", "sendmultisms2")

# The legacy v5 send APIs' body: field -> the JSON type it must have.
FIELD_TYPES = {
    "tel": "object",  # sendsms: {nationcode, mobile}; sendmultisms2: an array of those
    "sig": "string",
    "time": "integer",
    "tpl_id": "integer",
    "params": "array of strings",
    "sign": "string",
    "msg": "string",
    "type": "integer",
    "extend": "string",
    "ext": "string",
}
TEL_FIELDS = ("nationcode", "mobile")
REQUIRED = ("tel", "sig", "time")
ARTICLES = ("error-1004",)


def check_json_body(data: Any) -> CheckResult:
    """Check a request body for the sendsms (single) or sendmultisms2 (bulk) API."""
    body, problems = read_text(data, "body", label="The request body", max_chars=MAX_BODY_CHARS)
    api = data.get("api") if isinstance(data, dict) else None
    if api in (None, ""):
        api = "sendsms"
    if api not in APIS:
        problems.append(finding(ERROR, f"Unknown API {str(api)[:40]!r}: choose sendsms (one recipient) or "
                                       "sendmultisms2 (bulk).", input="api"))
    if body is None or problems:
        return result("invalid-json" if body is None else "invalid-request", problems, articles=ARTICLES, api=api)
    if not body.strip():
        return result("invalid-json", [finding(ERROR, "The request body is empty.", input="body")],
                      articles=ARTICLES, api=api)
    parsed, syntax = _parse(body)
    if syntax:
        return result("invalid-json", syntax, articles=ARTICLES, api=api)
    findings = _check_structure(parsed, api, body)
    verdict = "invalid-request" if any(f["level"] == ERROR for f in findings) else "ok"
    return result(verdict, findings, articles=ARTICLES, api=api)


# --- strict JSON -------------------------------------------------------------------------------

class _Duplicate(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


class _NotStrict(Exception):
    def __init__(self, word: str) -> None:
        self.word = word


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _Duplicate(key)
        seen[key] = value
    return seen


def _reject_constant(word: str) -> Any:
    raise _NotStrict(word)


def _parse(body: str) -> tuple[Any, list[Finding]]:
    """Parse strictly; on failure, explain the first problem in the seed's words with its place."""
    try:
        return json.loads(body, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant), []
    except json.JSONDecodeError as exc:
        return None, [_explain_syntax_error(body, exc)]
    except _Duplicate as exc:
        offset = _locate_key(body, exc.key, occurrence=2)
        return None, [_at(body, offset, len(exc.key) + 2, ERROR,
                          f"The field “{exc.key}” appears twice in the same object; keep one.", field=exc.key)]
    except _NotStrict as exc:
        # The first bare (unquoted) occurrence: the same word inside a string is fine.
        bare = re.search(rf'(?<!["\w]){re.escape(exc.word)}(?![\w"])', body)
        offset = bare.start() if bare else -1
        return None, [_at(body, offset, len(exc.word), ERROR,
                          f"{exc.word} is not allowed in standard JSON; send a number or null.")]
    except RecursionError:
        return None, [finding(ERROR, "The body is nested too deeply to be an SMS request.", input="body")]
    except ValueError:
        # Python refuses integers of thousands of digits; no SMS field holds one.
        return None, [finding(ERROR, "The body contains a number too long to be read; no field of the API "
                                     "takes one that long.", input="body")]


def _explain_syntax_error(body: str, exc: json.JSONDecodeError) -> Finding:
    pos = exc.pos
    char = body[pos] if pos < len(body) else ""
    before = body[:pos].rstrip()
    if char == "'":
        return _at(body, pos, 1, ERROR, "Single quotation marks are used where standard JSON needs double "
                   "quotation marks (\"). Replace every ' around names and strings with \".",
                   char=describe_char(char))
    if char in "“”‘’":
        return _at(body, pos, 1, ERROR, f"A curly quotation mark ({describe_char(char)}) is used; JSON needs the "
                   "straight double quotation mark (\"). Word processors and chat apps change them.",
                   char=describe_char(char))
    if char in "}]" and before.endswith(","):
        comma = len(before) - 1
        return _at(body, comma, 1, ERROR, "Trailing comma: standard JSON does not allow a comma after the "
                   "last item of an object or array. Remove it.", char=describe_char(","))
    if exc.msg.startswith("Expecting property name") and (char.isalpha() or char == "_"):
        word = re.match(r"[A-Za-z_$][\w$]*", body[pos:])
        name = word.group(0) if word else char
        return _at(body, pos, len(name), ERROR, f"The field name {name} is not in double quotation marks; "
                   f"write \"{name}\".", field=name)
    if body.startswith("//", pos) or body.startswith("/*", pos):
        return _at(body, pos, 2, ERROR, "Comments are not allowed in standard JSON. Remove them.")
    if exc.msg == "Expecting value" and re.match(r"(True|False|None|undefined)\b", body[pos:]):
        literal = re.match(r"\w+", body[pos:]).group(0)  # type: ignore[union-attr]
        fix = {"True": "true", "False": "false"}.get(literal, "null")
        return _at(body, pos, len(literal), ERROR, f"{literal} is not a JSON value; write {fix}.")
    if exc.msg == "Extra data":
        return _at(body, pos, 1, ERROR, "There is text after the end of the JSON object; send exactly one "
                   "object.", char=describe_char(char))
    if char and (char.isspace() or ord(char) < 32 or char == "\ufeff"):
        return _at(body, pos, 1, ERROR, f"Unexpected {describe_char(char)} here; standard JSON does not allow it "
                   "(control characters inside strings must be escaped, e.g. \\n).", char=describe_char(char))
    what = describe_char(char) if char else "the end of the text"
    return _at(body, pos, 1 if char else 0, ERROR, f"Not standard JSON: {exc.msg.lower()}, found {what}.",
               char=describe_char(char) if char else None)


def _at(body: str, offset: int, length: int, level: str, message: str, **where: Any) -> Finding:
    if offset < 0:
        return finding(level, message, input="body", **where)
    line, column = line_column(body, offset)
    return finding(level, f"Line {line}, column {column}: {message}", line=line, column=column,
                   input="body", offset=offset, length=length, **where)


def _locate_key(body: str, key: str, occurrence: int = 1) -> int:
    """Offset of the n-th ``"key"`` in the text, or -1 (used to mark a field in the pasted body)."""
    offset = -1
    needle = json.dumps(key)
    for _ in range(occurrence):
        offset = body.find(needle, offset + 1)
        if offset < 0:
            return -1
    return offset


# --- fields, types and values ----------------------------------------------------------------

def _check_structure(parsed: Any, api: str, body: str) -> list[Finding]:  # noqa: C901
    if not isinstance(parsed, dict):
        return [finding(ERROR, f"The body must be a JSON object ({{...}}), not {json_type(parsed)}.",
                        input="body")]
    findings: list[Finding] = []

    def at_key(key: str, level: str, message: str, *, field: str | None = None, occurrence: int = 1,
               **where: Any) -> None:
        offset = _locate_key(body, key, occurrence)
        if offset < 0:
            findings.append(finding(level, message, input="body", field=field or key, **where))
        else:
            findings.append(_at(body, offset, len(json.dumps(key)), level, message, field=field or key, **where))

    for key in parsed:
        if key in FIELD_TYPES:
            continue
        close = difflib.get_close_matches(key.lower(), list(FIELD_TYPES), n=1, cutoff=0.6)
        if close and close[0] not in parsed:
            at_key(key, ERROR, f"Unknown field “{key}”: did you mean “{close[0]}”? Field names are "
                               "case-sensitive.", suggestion=close[0])
        else:
            at_key(key, WARNING, f"“{key}” is not a field of the {api} API; it is ignored or rejected.")

    for key in REQUIRED:
        if key not in parsed:
            findings.append(finding(ERROR, f"The required field “{key}” is missing.", input="body", field=key))
    if "tpl_id" not in parsed and "msg" not in parsed:
        findings.append(finding(ERROR, "Neither “tpl_id” (send with a template) nor “msg” (the full message "
                                       "text) is given; send one of them.", input="body", field="tpl_id"))

    for key, value in parsed.items():
        if key == "tel":
            _check_tel(value, api, at_key)
        elif key == "params":
            _check_params(value, at_key)
        elif FIELD_TYPES.get(key) == "integer":
            _check_integer(key, value, at_key)
        elif FIELD_TYPES.get(key) == "string" and not isinstance(value, str):
            at_key(key, ERROR, f"“{key}” must be a JSON string, not {json_type(value)}"
                               + (f": write \"{value}\"." if isinstance(value, (int, float)) and not isinstance(
                                   value, bool) else "."))
    if "msg" in parsed and "tpl_id" in parsed:
        at_key("msg", WARNING, "Both “tpl_id” and “msg” are given; send one or the other.")
    return findings


def _check_integer(key: str, value: Any, at_key) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        hint = ""
        if isinstance(value, str) and value.strip().isdigit():
            hint = f" Remove the quotation marks: {value.strip()}."
        at_key(key, ERROR, f"“{key}” must be a JSON number, not {json_type(value)}.{hint}")
        return
    if isinstance(value, float) and not value.is_integer():
        at_key(key, ERROR, f"“{key}” must be a whole number, not {value}.")
        return
    if key == "type" and value not in (0, 1):
        at_key(key, ERROR, f"“type” must be 0 (regular SMS) or 1 (marketing SMS), not {value}.")
    if key == "time":
        if value > 10**11:
            at_key(key, ERROR, "“time” looks like milliseconds; send the Unix time in seconds "
                               f"({int(value) // 1000}).")
        elif value < 10**9:
            at_key(key, ERROR, f"“time” ({value}) is not a plausible Unix time in seconds.")
    if key == "tpl_id" and value <= 0:
        at_key(key, ERROR, "“tpl_id” must be the positive ID of an approved template.")


def _check_params(value: Any, at_key) -> None:
    if not isinstance(value, list):
        at_key("params", ERROR, f"“params” must be an array of strings, not {json_type(value)}.")
        return
    for index, item in enumerate(value):
        if not isinstance(item, str):
            fix = f": write \"{item}\"" if isinstance(item, (int, float)) and not isinstance(item, bool) else ""
            at_key("params", ERROR, f"Parameter {index + 1} in “params” must be a string, not "
                                    f"{json_type(item)}{fix}.", param=index + 1, index=index)


def _check_tel(value: Any, api: str, at_key) -> None:
    if api == "sendsms":
        if isinstance(value, list):
            at_key("tel", ERROR, "“tel” is an array of recipients, but sendsms sends to one recipient: use "
                                 "sendmultisms2 for bulk sends, or send one object {\"nationcode\", \"mobile\"}.")
            return
        if not isinstance(value, dict):
            at_key("tel", ERROR, f"“tel” must be an object {{\"nationcode\": \"86\", \"mobile\": \"...\"}}, "
                                 f"not {json_type(value)}.")
            return
        _check_recipient(value, "tel", None, at_key)
        return
    if isinstance(value, dict):
        at_key("tel", ERROR, "“tel” is a single object, but sendmultisms2 (bulk) expects an array of "
                             "recipients: wrap it in [ ], or use sendsms for one recipient.")
        return
    if not isinstance(value, list):
        at_key("tel", ERROR, f"“tel” must be an array of recipients, not {json_type(value)}.")
        return
    if not value:
        at_key("tel", ERROR, "“tel” is an empty array; give at least one recipient.")
    if len(value) > MAX_BULK_RECIPIENTS:
        at_key("tel", ERROR, f"“tel” has {len(value)} recipients; one request takes at most "
                             f"{MAX_BULK_RECIPIENTS}. Split it into several requests.")
    for index, recipient in enumerate(value[:MAX_BULK_RECIPIENTS]):
        if not isinstance(recipient, dict):
            at_key("tel", ERROR, f"Recipient {index + 1} in “tel” must be an object, not {json_type(recipient)}.",
                   index=index)
            continue
        _check_recipient(recipient, f"tel[{index}]", index, at_key)


def _check_recipient(recipient: dict, where: str, index: int | None, at_key) -> None:
    for key in TEL_FIELDS:
        if key not in recipient:
            close = difflib.get_close_matches(key, [str(k) for k in recipient], n=1, cutoff=0.6)
            hint = f" (“{close[0]}” looks like a typo of it)" if close else ""
            at_key("tel", ERROR, f"“{where}.{key}” is missing{hint}.", index=index, field=f"{where}.{key}")
            continue
        item = recipient[key]
        if not isinstance(item, str):
            fix = f": write \"{item}\"" if isinstance(item, int) and not isinstance(item, bool) else ""
            at_key(key, ERROR, f"“{where}.{key}” must be a JSON string, not {json_type(item)}{fix}.", index=index,
                   field=f"{where}.{key}", occurrence=(index or 0) + 1)
        elif not item.isdigit() or not item.isascii():
            at_key(key, ERROR if key == "nationcode" else WARNING,
                   f"“{where}.{key}” ({item[:40]!r}) should contain digits only"
                   + (" — no “+” and no spaces." if key == "nationcode" else "; check it with the phone-numbers "
                      "checker."), index=index, field=f"{where}.{key}", occurrence=(index or 0) + 1)
    for key in recipient:
        if key not in TEL_FIELDS:
            at_key(str(key), WARNING, f"“{where}.{key}” is not a recipient field (use nationcode and mobile).",
                   index=index, field=f"{where}.{key}")


CHECKER = register(Checker(
    name="json-body",
    title="Request body (error 1004)",
    description="Is the request body strict JSON with the right field names, types and values for the "
                "single (sendsms) or bulk (sendmultisms2) API?",
    fields=(
        Field("body", "Request body (JSON)", kind="textarea",
              help="Paste the exact body your code sends, at most 64,000 characters."),
        Field("api", "API called", kind="select", required=False,
              choices=(("sendsms", "sendsms — one recipient"), ("sendmultisms2", "sendmultisms2 — bulk"))),
    ),
    run=check_json_body,
    verdicts=("ok", "invalid-json", "invalid-request"),
    verdict_labels={
        "ok": "The request body looks valid",
        "invalid-json": "The body is not valid JSON",
        "invalid-request": "The body is JSON but the request has mistakes",
    },
    caution_labels={"ok": "The body is valid JSON, with warnings to check"},
    example={"body": '{"tel": {"nationcode": "86", "mobile": "13788888888"}, "sig": "ecab4881ee80ad3d76bb1da68387'
                     '428ca752eb885e52621a3129dcf4d9bc4fd4", "time": 1457336869, "tpl_id": 19, "params": ["1234"], '
                     '"sign": "Waypoint"}', "api": "sendsms"},
))
