"""template: is a content template well formed, do the params fit it, does a message match it?

The seed's error 1014 checklist: English braces numbered from {1}, as many params as
placeholders, and the request content in exactly the template's format — "a mismatch may occur
due to invisible characters such as spaces". The message comparison names the first differing
character, including the ones nobody can see.
"""
from __future__ import annotations

import difflib
import itertools
import re
import unicodedata
from typing import Any

from .base import (
    ERROR,
    INFO,
    WARNING,
    Finding,
    describe_char,
    finding,
    is_invisible,
    line_column,
    read_lines,
    read_text,
    result,
)
from .registry import Checker, CheckResult, Field, register

MAX_TEMPLATE_CHARS = 2_000
MAX_PARAMS = 50
MAX_PARAM_CHARS = 12
ARTICLES = ("error-1014",)

PLACEHOLDER = re.compile(r"\{([0-9]+)\}")
# Anything that looks like a placeholder but is not one: wrong brackets, full-width digits, spaces, names.
LOOKALIKE = re.compile(r"[{｛【〔［（]\s*[0-9０-９]{1,3}\s*[}｝】〕］）]|\{\s*[A-Za-z_]\w{0,30}\s*\}|\{\s*\}")
URL = re.compile(r"(https?://|www\.)\S+|\b[\w-]+\.(com|cn|net|org|io|cc|me|ly)(/\S*)?\b", re.IGNORECASE)
_MARK = "\ue000"  # stands for a placeholder while aligning a message against its template


def check_template(data: Any) -> CheckResult:
    """Check a template, optionally with its params or a message sent with it."""
    template, problems = read_text(data, "template", label="The template", max_chars=MAX_TEMPLATE_CHARS)
    if template is None:
        return result("template-error", problems, articles=ARTICLES)
    params_in, param_problems = read_lines(data, "params", label="Params", max_items=MAX_PARAMS,
                                           separators="\n\r", strip=False, required=False)
    message, message_problems = read_text(data, "message", label="The message", required=False,
                                          max_chars=MAX_TEMPLATE_CHARS)
    params = [value for value, _ in params_in] if params_in is not None else None

    findings = param_problems + message_problems
    numbers, template_findings = _check_template(template)
    findings += template_findings
    placeholder_count = len(set(numbers))
    verdict = "template-error" if any(f["level"] == ERROR for f in template_findings) else "ok"

    if params is not None:
        count_findings = _check_param_count(params, placeholder_count, numbers)
        findings += count_findings + _check_param_values(params)
        if verdict == "ok" and count_findings:
            verdict = "params-mismatch"
    if message is not None:
        message_findings = _compare(template, message, params if verdict == "ok" else None)
        findings += message_findings
        if verdict == "ok" and any(f["level"] == ERROR for f in message_findings):
            verdict = "message-mismatch"
    if verdict == "ok" and any(f["level"] == ERROR for f in findings):
        verdict = "template-error"
    return result(verdict, findings, articles=ARTICLES, placeholders=placeholder_count)


# --- the template itself ----------------------------------------------------------------------

def _check_template(template: str) -> tuple[list[int], list[Finding]]:
    findings: list[Finding] = []
    matches = list(PLACEHOLDER.finditer(template))
    numbers = [int(m.group(1)) for m in matches]

    for m in LOOKALIKE.finditer(template):
        if PLACEHOLDER.fullmatch(m.group(0)):
            continue
        findings.append(_mark("template", template, m.start(), len(m.group(0)), ERROR,
                              f"“{m.group(0)}” is not a placeholder: {_lookalike_reason(m.group(0))}"))
    if 0 in numbers:
        first_zero = next(m for m in matches if int(m.group(1)) == 0)
        findings.append(_mark("template", template, first_zero.start(), len(first_zero.group(0)), ERROR,
                              "Placeholders are numbered from {1}, not {0}."))
    if numbers and max(numbers) <= 99:
        missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
        if missing:
            names = ", ".join(f"{{{n}}}" for n in missing[:10])
            findings.append(finding(ERROR, f"Placeholder numbering has a gap: {names} "
                                           f"{'is' if len(missing) == 1 else 'are'} missing. Number them "
                                           "{1}, {2}, {3}… without gaps.", input="template"))
    elif numbers:
        findings.append(finding(ERROR, f"Placeholder {{{max(numbers)}}} is far beyond the number of "
                                       "placeholders; number them {1}, {2}, {3}… without gaps.", input="template"))
    for before, after in itertools.pairwise(matches):
        if before.end() == after.start():
            findings.append(_mark("template", template, before.start(), after.end() - before.start(), WARNING,
                                  f"{before.group(0)}{after.group(0)} are adjacent placeholders: put fixed text "
                                  "between them, or merge them into one; adjacent variables are often "
                                  "rejected in template review."))
    for index, char in enumerate(template):
        if char in "\u200b\u200c\u200d\u2060\ufeff":
            findings.append(_mark("template", template, index, 1, WARNING,
                                  f"The template contains an invisible {describe_char(char)}; messages typed "
                                  "without it will not match.", char=describe_char(char)))
    return numbers, findings


def _lookalike_reason(text: str) -> str:
    if text[0] != "{" or text[-1] != "}":
        return "placeholders need English (half-width) braces, e.g. {1}, not full-width or Chinese brackets."
    inner = text[1:-1]
    if not inner.strip():
        return "an empty {} has no number; write {1}, {2}…"
    if inner != inner.strip():
        return "remove the spaces inside the braces."
    if any(not c.isascii() for c in inner):
        return "the number is written with full-width digits; use 0–9."
    return "placeholders are numbers, {1}, {2}…, not names."


def _check_param_count(params: list[str], placeholders: int, numbers: list[int]) -> list[Finding]:
    if len(params) == placeholders:
        return []
    shown = ", ".join(f"{{{n}}}" for n in sorted(set(numbers))[:10]) or "none"
    return [finding(ERROR, f"The template has {placeholders} placeholder{'s' if placeholders != 1 else ''} "
                           f"({shown}) but {len(params)} param{'s are' if len(params) != 1 else ' is'} given; "
                           "send exactly one param per placeholder, in order.", input="params")]


def _check_param_values(params: list[str]) -> list[Finding]:
    findings: list[Finding] = []
    for index, value in enumerate(params):
        number = index + 1
        if len(value) > MAX_PARAM_CHARS:
            findings.append(finding(WARNING, f"Param {number} is {len(value)} characters long; a variable may "
                                             f"hold at most {MAX_PARAM_CHARS}.", param=number, index=index,
                                    input="params"))
        if URL.search(value):
            findings.append(finding(WARNING, f"Param {number} contains a link; links must be part of the approved "
                                             "template, not a variable.", param=number, index=index,
                                    input="params"))
        if value != value.strip() or any(is_invisible(c) and c != " " for c in value):
            odd = next((c for c in value if is_invisible(c)), " ")
            findings.append(finding(WARNING, f"Param {number} contains {describe_char(odd)}, which the recipient "
                                             "cannot see; remove it unless it is meant.", param=number,
                                    index=index, input="params", char=describe_char(odd)))
    return findings


# --- a message against the template -------------------------------------------------------------

def _fold(char: str) -> str:
    """Compare look-alikes as equal (full-width comma and comma), but keep the length of the text."""
    if char in "“”":
        return '"'
    if char in "‘’":
        return "'"
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


def _compare(template: str, message: str, params: list[str] | None) -> list[Finding]:
    pattern, origin = _with_marks(template)
    found = _differences(pattern, message)
    differences = [d for d in found if d[2] != "padded"]
    padded = [_padded(message, j) for j, _, kind in found if kind == "padded"][:5]
    if not differences and params is not None:
        expected = PLACEHOLDER.sub(lambda m: _param(params, int(m.group(1))), template)
        value_differences = sorted(_differences(expected, message))
        if value_differences:
            j, i, kind = value_differences[0]
            return [_describe(message, expected, j, i, kind, against="the template filled with your params")]
    if not differences:
        return [finding(INFO, "The message matches the template.", input="message")] + padded + _hidden_in_values(
            template, message)
    differences.sort()
    j, i, kind = differences[0]
    t_offset = origin[i] if i is not None and i < len(origin) else None
    out = [_describe(message, pattern, j, i, kind, against="the template")]
    if t_offset is not None:
        out.append(_mark("template", template, t_offset, 1 if kind != "extra" else 0, INFO,
                         f"In the template, this is character {t_offset + 1}{_after(template, t_offset)}."))
    if len(differences) > 1:
        out.append(finding(INFO, f"There {'is' if len(differences) == 2 else 'are'} {len(differences) - 1} more "
                                 f"difference{'s' if len(differences) > 2 else ''} after this one; fix the first "
                                 "and check again.", input="message"))
    return out


def _padded(message: str, offset: int) -> Finding:
    return _mark("message", message, offset, 1, WARNING,
                 f"Character {offset + 1} of the message, at the edge of a variable's value, is "
                 f"{describe_char(message[offset])}: the message still fits the template, but the value carries "
                 "a space it probably should not.", char=describe_char(message[offset]))


def _hidden_in_values(template: str, message: str) -> list[Finding]:
    """Invisible characters that matched as part of a placeholder's value: legal, but rarely meant."""
    return [
        _mark("message", message, index, 1, WARNING, f"Character {index + 1} of the message, inside a variable's "
              f"value, is {describe_char(char)}; the recipient cannot see it.", char=describe_char(char))
        for index, char in enumerate(message)
        if is_invisible(char) and char not in " \n" and char not in template
    ][:5]


def _param(params: list[str], number: int) -> str:
    return params[number - 1] if 0 < number <= len(params) else ""


def _with_marks(template: str) -> tuple[str, list[int]]:
    """The template with each placeholder as one mark, and each character's offset in the template."""
    pattern: list[str] = []
    origin: list[int] = []
    last = 0
    for m in PLACEHOLDER.finditer(template):
        for offset in range(last, m.start()):
            pattern.append(template[offset])
            origin.append(offset)
        pattern.append(_MARK)
        origin.append(m.start())
        last = m.end()
    for offset in range(last, len(template)):
        pattern.append(template[offset])
        origin.append(offset)
    return "".join(pattern), origin


Difference = tuple[int, int | None, str]  # (offset in message, offset in pattern, kind)


def _differences(pattern: str, message: str) -> list[Difference]:
    """Where a message departs from a pattern (marks match any text): extra, missing, different or
    look-alike characters, each as (message offset, pattern offset, kind)."""
    folded_pattern = "".join(_fold(c) for c in pattern)
    folded_message = "".join(_fold(c) for c in message)
    matcher = difflib.SequenceMatcher(None, folded_pattern, folded_message, autojunk=False)
    found: list[Difference] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                if pattern[i1 + k] != message[j1 + k]:
                    found.append((j1 + k, i1 + k, "lookalike"))
        elif tag == "insert":
            before_mark = i1 < len(pattern) and pattern[i1] == _MARK
            after_mark = i1 > 0 and pattern[i1 - 1] == _MARK
            if not (before_mark or after_mark):
                found.append((j1, i1, "extra"))
            elif before_mark and message[j1].isspace():
                found.append((j1, i1, "padded"))
            elif after_mark and not before_mark and message[j2 - 1].isspace():
                found.append((j2 - 1, i1, "padded"))
        elif tag == "delete":
            literal = [k for k in range(i1, i2) if pattern[k] != _MARK]
            if literal:
                found.append((j1, literal[0], "missing"))
        else:
            found.extend(_replace_differences(pattern, message, folded_pattern, folded_message, i1, i2, j1, j2))
    return found


def _replace_differences(pattern: str, message: str, fp: str, fm: str,  # noqa: C901
                         i1: int, i2: int, j1: int, j2: int) -> list[Difference]:
    marks = [k for k in range(i1, i2) if pattern[k] == _MARK]
    if not marks:
        for k in range(min(i2 - i1, j2 - j1)):
            if fp[i1 + k] != fm[j1 + k]:
                return [(j1 + k, i1 + k, "different")]
        if i2 - i1 > j2 - j1:
            return [(j2, i1 + (j2 - j1), "missing")]
        return [(j1 + (i2 - i1), i2, "extra")]
    # Text before the first placeholder is compared from the left, text after the last from the right;
    # whatever lies between is the placeholders' values.
    head = range(i1, marks[0])
    for k, i in enumerate(head):
        if j1 + k >= j2:
            return [(j2, i, "missing")]
        if fp[i] != fm[j1 + k]:
            return [(j1 + k, i, "different")]
    tail = range(i2 - 1, marks[-1], -1)
    for k, i in enumerate(tail):
        j = j2 - 1 - k
        if j < j1 + len(head):
            return [(j1 + len(head), i, "missing")]
        if fp[i] != fm[j]:
            return [(j, i, "different")]
    value_start, value_end = j1 + len(head), j2 - len(tail)
    if value_end > value_start and message[value_start].isspace():
        return [(value_start, None, "padded")]
    if value_end > value_start and message[value_end - 1].isspace():
        return [(value_end - 1, None, "padded")]
    return []


def _describe(message: str, pattern: str, j: int, i: int | None, kind: str, *, against: str) -> Finding:
    got = message[j] if j < len(message) else ""
    expected = pattern[i] if i is not None and i < len(pattern) and pattern[i] != _MARK else ""
    position = f"Character {j + 1} of the message{_after(message, j)}"
    if kind == "extra":
        text = (f"{position} is an extra {describe_char(got)} that {against} does not have"
                + (" — invisible, so it is easy to miss." if is_invisible(got) else "."))
        char = got
    elif kind == "missing":
        where = f"At character {j + 1} of the message{_after(message, j)}" if got else "At the end of the message"
        text = f"{where}, {against} has {describe_char(expected)}, which the message lacks."
        char = expected
    else:
        text = f"{position} is {describe_char(got)} where {against} has {describe_char(expected)}."
        if kind == "lookalike":
            text += " They look alike but are different characters."
        char = got
    return _mark("message", message, j, 1 if kind != "missing" and got else 0, ERROR,
                 text, char=describe_char(char) if char else None)


def _after(text: str, offset: int, size: int = 14) -> str:
    """Where a position is, in words a person can find: ``, after “code is 1234,”``."""
    before = text[max(0, offset - size):offset].replace("\n", " ")
    if not before.strip():
        return " (at the start)" if offset == 0 else ""
    return f" (after “{'…' if offset > size else ''}{before}”)"


def _mark(name: str, text: str, offset: int, length: int, level: str, message: str, **where: Any) -> Finding:
    line, column = line_column(text, offset)
    return finding(level, message, input=name, offset=offset, length=length, line=line, column=column, **where)


CHECKER = register(Checker(
    name="template",
    title="Template and message (error 1014)",
    description="Are the template's placeholders well formed, do the params fit, and does the message you "
                "sent match the template character for character?",
    fields=(
        Field("template", "Template (as approved)", kind="textarea",
              help="The template text, e.g. “Your code is {1}, valid for {2} minutes.”"),
        Field("params", "Params, one per line", kind="list", required=False,
              help="The values you send for {1}, {2}… in order (optional)."),
        Field("message", "Message you sent", kind="textarea", required=False,
              help="The full message text your request contained (optional)."),
    ),
    run=check_template,
    verdicts=("ok", "template-error", "params-mismatch", "message-mismatch"),
    verdict_labels={
        "ok": "No problem found",
        "template-error": "The template itself has a mistake",
        "params-mismatch": "The params do not fit the template",
        "message-mismatch": "The message does not match the template",
    },
    example={"template": "Your verification code is {1}, valid for {2} minutes.",
             "message": "Your verification code is 1234,\u00a0valid for 5 minutes."},
))
