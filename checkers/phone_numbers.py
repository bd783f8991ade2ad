"""phone-numbers: are the recipients' numbers well formed, and can they go in one request?

The seed's error 1016 says "a correct mobile number should not contain spaces"; bulk sends take at
most 200 numbers, duplicates are delivered once, and a Mainland China template cannot send to
numbers outside Mainland China (nor the reverse). ``normalise_number`` is also what the ticket form
uses to store a customer's phone number.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

from .base import ERROR, INFO, WARNING, Finding, describe_char, finding, read_lines, result
from .registry import Checker, CheckResult, Field, register

MAX_PER_REQUEST = 200
MAX_NUMBERS = 2_000  # what the checker reads at all; far above one request
ARTICLES = ("error-1016", "bulk-sms", "number-deduplication", "country-codes")
MAINLAND_CHINA = "86"

# Country calling codes are prefix-free: 1 and 7 are one digit, these are two, the rest three.
TWO_DIGIT_CODES = {
    "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49",
    "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66", "81", "82", "84",
    "86", "90", "91", "92", "93", "94", "95", "98",
}
# Mobile number lengths (digits after the country code) for the destinations customers ask about most;
# other countries are held to E.164's overall limits only.
MOBILE_LENGTHS: dict[str, tuple[str, tuple[int, ...]]] = {
    "1": ("the United States and Canada", (10,)),
    "7": ("Russia and Kazakhstan", (10,)),
    "33": ("France", (9,)),
    "34": ("Spain", (9,)),
    "39": ("Italy", (9, 10)),
    "44": ("the United Kingdom", (10,)),
    "49": ("Germany", (10, 11)),
    "52": ("Mexico", (10,)),
    "55": ("Brazil", (10, 11)),
    "60": ("Malaysia", (9, 10)),
    "61": ("Australia", (9,)),
    "62": ("Indonesia", (9, 10, 11, 12)),
    "63": ("the Philippines", (10,)),
    "65": ("Singapore", (8,)),
    "66": ("Thailand", (9,)),
    "81": ("Japan", (10,)),
    "82": ("South Korea", (9, 10)),
    "84": ("Vietnam", (9,)),
    "86": ("Mainland China", (11,)),
    "90": ("Turkey", (10,)),
    "91": ("India", (10,)),
    "92": ("Pakistan", (10,)),
    "234": ("Nigeria", (10,)),
    "852": ("Hong Kong (China)", (8,)),
    "853": ("Macao (China)", (8,)),
    "880": ("Bangladesh", (10,)),
    "886": ("Taiwan (China)", (9,)),
    "966": ("Saudi Arabia", (9,)),
    "971": ("the United Arab Emirates", (9,)),
}
SEPARATORS = {" ": "spaces", "-": "dashes", ".": "dots", "(": "brackets", ")": "brackets", "/": "slashes"}
CHINA_MOBILE = re.compile(r"1[3-9]\d{9}")


def country_code(digits: str) -> str:
    """The calling code at the start of an international number's digits."""
    if digits[:1] in ("1", "7"):
        return digits[:1]
    if digits[:2] in TWO_DIGIT_CODES:
        return digits[:2]
    return digits[:3]


def normalise_number(raw: str) -> tuple[str | None, list[str]]:  # noqa: C901
    """Return a number's E.164 form (``+8613788888888``) or None, and its problems in words.

    A number with problems may still have an E.164 form (spaces are removed, an 11-digit Mainland
    China mobile gets +86); None means it cannot be sent to as written.
    """
    if not isinstance(raw, str):
        return None, ["A phone number must be text."]
    problems: list[str] = []
    text = raw.strip()
    if not text:
        return None, ["The number is empty."]
    if len(text) > 40:
        return None, ["This is too long to be a phone number."]
    invisible = sorted({c for c in text if unicodedata.category(c) in ("Cf", "Zs") and c != " "})
    if invisible:
        problems.append("It contains invisible characters: " + ", ".join(describe_char(c) for c in invisible) + ".")
    folded = unicodedata.normalize("NFKC", text)
    if folded != text and any("\uff01" <= c <= "\uff5e" for c in text):
        problems.append("It is written with full-width characters; use the digits 0–9 and “+”.")
    separators = sorted({SEPARATORS[c] for c in folded if c in SEPARATORS})
    if separators:
        problems.append(f"It contains {' and '.join(separators)}; a correct mobile number has digits only.")
    kept = "".join(c for c in folded if c not in SEPARATORS and unicodedata.category(c) not in ("Cf", "Zs"))
    if re.search(r"[^\d+]", kept):
        letters = "".join(dict.fromkeys(c for c in kept if not (c.isdigit() or c == "+")))[:10]
        return None, problems + [f"It contains characters that are not digits: {letters}."]
    if kept.count("+") > 1 or ("+" in kept and not kept.startswith("+")):
        return None, problems + ["A “+” may only appear once, at the start."]
    if kept.startswith("+"):
        digits = kept[1:]
    elif kept.startswith("00"):
        digits = kept[2:]
        problems.append("It starts with the international prefix 00; write “+” instead.")
    elif CHINA_MOBILE.fullmatch(kept):
        problems.append("It has no country code; read as a Mainland China mobile (+86). Write +86 to be explicit.")
        return f"+86{kept}", problems
    else:
        return None, problems + ["The country code is missing: write the number as +<country code><number>, "
                                 "e.g. +8613788888888."]
    if not digits.isdigit() or not digits.isascii():
        return None, problems + ["There are no digits after the “+”."]
    code = country_code(digits)
    national = digits[len(code):]
    if national.startswith("0") and code != "39":
        problems.append(f"Drop the leading 0 after the country code (+{code}); it is only dialled inside the "
                        "country.")
        national = national.lstrip("0")
    known = MOBILE_LENGTHS.get(code)
    if known:
        place, lengths = known
        if len(national) not in lengths:
            want = " or ".join(str(n) for n in lengths)
            size = "short" if len(national) < min(lengths) else "long"
            return None, problems + [f"Too {size} for {place} (+{code}): {len(national)} digits after the country "
                                     f"code, a mobile number there has {want}."]
        if code == MAINLAND_CHINA and not national.startswith("1"):
            problems.append("Mainland China mobile numbers start with 1; this looks like a landline, which "
                            "cannot receive SMS.")
    elif not 8 <= len(code) + len(national) <= 15:
        return None, problems + [f"Wrong length: {len(code) + len(national)} digits; an international number "
                                 "has 8 to 15 digits including the country code."]
    return f"+{code}{national}", problems


def written_as_sendable(raw: str) -> bool:
    """Whether a number is written as the API takes it: ASCII digits and a leading "+", nothing between.

    Error 1016 is what a request gets for spaces (or any separator, invisible or full-width character)
    inside a number, so those make a number unsendable even though ``normalise_number`` can read it.
    """
    text = raw.strip()
    return not any(c in SEPARATORS or not c.isascii() or unicodedata.category(c) in ("Cf", "Zs") for c in text)


def check_phone_numbers(data: Any) -> CheckResult:
    """Check a list of recipient numbers as one send request would carry them."""
    items, problems = read_lines(data, "numbers", label="Phone numbers", max_items=MAX_NUMBERS)
    if items is None:
        return result("invalid-numbers", problems, articles=ARTICLES, numbers=[])
    findings: list[Finding] = []
    numbers = []
    seen: dict[str, list[int]] = {}
    for index, (raw, offset) in enumerate(items):
        e164, issues = normalise_number(raw)
        numbers.append({"index": index, "input": raw, "e164": e164, "problems": issues})
        where = {"index": index, "input": "numbers", "offset": offset, "length": len(raw) if offset is not None
                 else None}
        if e164 is None:
            findings.append(finding(ERROR, f"Number {index + 1} ({raw[:40]}): " + " ".join(issues), **where))
        else:
            seen.setdefault(e164, []).append(index)
            if not written_as_sendable(raw):
                # We can tell which number was meant, but the API cannot: it answers error 1016.
                findings.append(finding(ERROR, f"Number {index + 1} ({raw[:40]}): " + " ".join(issues)
                                        + f" The API rejects it as written (error 1016); send {e164}.", **where))
            elif issues:
                findings.append(finding(WARNING, f"Number {index + 1} ({raw[:40]}): " + " ".join(issues), **where))
    for e164, indexes in seen.items():
        if len(indexes) > 1:
            positions = ", ".join(str(i + 1) for i in indexes[:10])
            findings.append(finding(WARNING, f"{e164} appears {len(indexes)} times (numbers {positions}); a request "
                                             "delivers the message to it only once.", index=indexes[1]))
    mainland = [e for e in seen if e.startswith("+86")]
    if mainland and len(mainland) < len(seen):
        findings.append(finding(ERROR, f"The list mixes {len(mainland)} Mainland China number(s) with "
                                       f"{len(seen) - len(mainland)} number(s) outside Mainland China. A Mainland "
                                       "China template only sends to Mainland China and a Global template only "
                                       "outside it: split them into two requests."))
    if len(items) > MAX_PER_REQUEST:
        findings.append(finding(ERROR, f"{len(items)} numbers are given; one request takes at most "
                                       f"{MAX_PER_REQUEST}. Split them into {-(-len(items) // MAX_PER_REQUEST)} "
                                       "requests (the console takes up to 100,000 per file).", input="numbers"))
    if not findings:
        findings.append(finding(INFO, f"All {len(items)} number(s) are well formed and fit in one request."))
    verdict = "invalid-numbers" if any(f["level"] == ERROR for f in findings) else "ok"
    return result(verdict, findings, articles=ARTICLES, numbers=numbers, unique=len(seen))


CHECKER = register(Checker(
    name="phone-numbers",
    title="Phone numbers (error 1016)",
    description="Are the numbers in E.164 form without spaces, free of duplicates, all Mainland China or all "
                "international, and at most 200 per request?",
    fields=(
        Field("numbers", "Phone numbers, one per line", kind="list",
              help="As your request sends them, e.g. +8613788888888. Commas also separate numbers."),
    ),
    run=check_phone_numbers,
    verdicts=("ok", "invalid-numbers"),
    verdict_labels={
        "ok": "The phone numbers look valid",
        "invalid-numbers": "Some numbers cannot be sent to",
    },
    caution_labels={"ok": "The numbers can be sent to, with warnings to check"},
    example={"numbers": ["+86 137 8888 8888", "+8613788888888", "13912345678"]},
))
