"""Small building blocks every checker shares: findings, results, safe input reading, characters.

Checkers take whatever a caller sends (the API, a form, a troubleshooter node), so nothing here
assumes the input is well formed: a wrong type or an oversized value becomes a finding, not an
exception.

A finding is ``{"level", "message", ...where}``. The location keys are:

* ``line`` / ``column`` (1-based) and ``index`` (0-based position in a list), ``param`` (1-based
  template parameter number), ``field`` (a JSON field name such as ``tel.mobile``), ``char`` (the
  character in words, e.g. ``U+00A0 NO-BREAK SPACE``);
* ``input``, ``offset`` and ``length``: which input text the problem is in and where (0-based
  characters), so a page can mark the exact spot in what the user pasted.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

from .registry import CheckResult

ERROR = "error"
WARNING = "warning"
INFO = "info"

Finding = dict[str, Any]

SURROGATE = re.compile("[\ud800-\udfff]")

# Every checker's text inputs are capped: a real request body, template or Remarks text is far smaller.
MAX_TEXT_CHARS = 20_000

# Article slugs are fixed across branches (see the common brief). These titles are the shipped
# articles' and only a fallback for callers without a database: the API and the tools pages replace
# them with the live titles (checkers/article_links.py) and drop links to missing articles.
ARTICLE_TITLES = {
    "sms-not-received": "My user didn't receive the SMS: what should I check?",
    "slow-api-calls": "Why are my SMS API calls slow?",
    "sms-arrives-late": "Why does my SMS take a long time to arrive?",
    "number-blocklists": "What are number blocklists?",
    "error-1004": "What does error 1004 mean?",
    "error-1014": "What does error 1014 mean?",
    "error-1016": "What does error 1016 mean?",
    "error-60008": "What does error 60008 mean?",
    "error-1001": "What does error 1001 (sig verification failed) mean?",
    "sdk-appid-appkey": "Where do I find my SDK AppID and AppKey?",
    "contact-support": "I can't solve a sending problem myself: how do I get help?",
    "sensitive-words": "My template was approved, but sending fails because of sensitive words",
    "message-review": "Is every message reviewed once my signature and template are approved?",
    "number-not-in-console": "The message didn't arrive and the number isn't in the console's records",
    "bulk-sms": "Can I send bulk SMS?",
    "number-deduplication": "Are duplicate numbers removed?",
    "country-codes": "Where do I find the country/region codes?",
}


def finding(level: str, message: str, **where: Any) -> Finding:
    """One problem (or note) about the input, with optional location keys."""
    return {"level": level, "message": message, **{k: v for k, v in where.items() if v is not None}}


def article(slug: str) -> dict[str, str]:
    """A link to a knowledge-base article by its fixed slug."""
    return {"slug": slug, "title": ARTICLE_TITLES.get(slug, slug), "url": f"/articles/{slug}/"}


def result(verdict: str, findings: list[Finding], *, ok: bool | None = None,
           articles: tuple[str, ...] = (), **extra: Any) -> CheckResult:
    """Assemble a checker's answer; ``ok`` defaults to "no error-level finding"."""
    if ok is None:
        ok = not has_errors(findings)
    return {
        "ok": ok,
        "verdict": verdict,
        "findings": findings,
        "articles": [article(slug) for slug in dict.fromkeys(articles)],
        **extra,
    }


def has_errors(findings: list[Finding]) -> bool:
    return any(f["level"] == ERROR for f in findings)


def read_text(data: Any, name: str, *, label: str, required: bool = True,
              max_chars: int = MAX_TEXT_CHARS) -> tuple[str | None, list[Finding]]:
    """Read a text input from ``data``; return it (or None) with findings about its shape."""
    if not isinstance(data, dict):
        return None, [finding(ERROR, "The input must be an object of named fields.")]
    value = data.get(name)
    if value is None or value == "":
        if required:
            return None, [finding(ERROR, f"{label} is missing: paste it into the “{name}” field.", input=name)]
        return None, []
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None, [finding(ERROR, f"{label} must be text, not {json_type(value)}.", input=name)]
    text = value if isinstance(value, str) else str(value)
    if SURROGATE.search(text):
        return None, [finding(ERROR, f"{label} contains broken characters (unpaired UTF-16 surrogates); paste it "
                                     "again from the original.", input=name)]
    if len(text) > max_chars:
        return None, [finding(
            ERROR,
            f"{label} is {len(text):,} characters long; the checker reads at most {max_chars:,}.",
            input=name,
        )]
    return text, []


def read_lines(data: Any, name: str, *, label: str, max_items: int, max_chars: int = MAX_TEXT_CHARS,  # noqa: C901
               separators: str = "\n\r,;", strip: bool = True,
               required: bool = True) -> tuple[list[tuple[str, int | None]] | None, list[Finding]]:
    """Read a list input given as a JSON array of strings or as text with one item per line.

    Return ``[(item, offset_in_text_or_None)]`` so a page can mark an item in pasted text.
    Blank lines are skipped; by default commas and semicolons also separate items, as people
    paste CSV rows. ``None`` with no finding means an optional list was not given.
    """
    if not isinstance(data, dict):
        return None, [finding(ERROR, "The input must be an object of named fields.")]
    value = data.get(name)
    if value is None or value == "" or value == []:
        if not required:
            return None, []
        return None, [finding(ERROR, f"{label} is missing: give at least one.", input=name)]
    items: list[tuple[str, int | None]] = []
    if isinstance(value, list):
        if len(value) > max_items:
            return None, [finding(ERROR, f"{len(value):,} items given; the checker reads at most {max_items:,}.",
                                  input=name)]
        for index, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, (str, int)):
                return None, [finding(ERROR, f"Item {index + 1} of {label.lower()} must be text, not "
                                             f"{json_type(item)}.", input=name, index=index)]
            if isinstance(item, str) and SURROGATE.search(item):
                return None, [finding(ERROR, f"Item {index + 1} of {label.lower()} contains broken characters.",
                                      input=name, index=index)]
            if len(str(item)) > 500:
                return None, [finding(ERROR, f"Item {index + 1} of {label.lower()} is too long to be one.",
                                      input=name, index=index)]
            items.append((str(item), None))
        return items, []
    if not isinstance(value, str):
        return None, [finding(ERROR, f"{label} must be a list of strings or text with one per line, "
                                     f"not {json_type(value)}.", input=name)]
    if len(value) > max_chars:
        return None, [finding(ERROR, f"{label} is {len(value):,} characters long; the checker reads at most "
                                     f"{max_chars:,}.", input=name)]
    if SURROGATE.search(value):
        return None, [finding(ERROR, f"{label} contains broken characters (unpaired UTF-16 surrogates).",
                              input=name)]
    for text, offset in _split_keeping_offsets(value, separators):
        if not text.strip():
            continue
        if strip:
            stripped = text.strip()
            items.append((stripped, offset + text.index(stripped)))
        else:
            items.append((text, offset))
    if not items:
        if not required:
            return None, []
        return None, [finding(ERROR, f"{label} is missing: give at least one.", input=name)]
    if len(items) > max_items:
        return None, [finding(ERROR, f"{len(items):,} items given; the checker reads at most {max_items:,}.",
                              input=name)]
    return items, []


def _split_keeping_offsets(text: str, separators: str) -> list[tuple[str, int]]:
    pieces = []
    start = 0
    for index, char in enumerate(text):
        if char in separators:
            pieces.append((text[start:index], start))
            start = index + 1
    pieces.append((text[start:], start))
    return pieces


def json_type(value: Any) -> str:
    """The JSON name of a Python value's type, as a user reading the error would say it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


# Characters people cannot see or tell apart from their ASCII twins when a message is pasted.
INVISIBLE = {
    " ": "space",
    "\t": "tab",
    "\n": "line break",
    "\r": "carriage return",
    "\u00a0": "non-breaking space",
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u2060": "word joiner",
    "\ufeff": "zero-width no-break space (byte order mark)",
    "\u3000": "full-width (ideographic) space",
    "\u2002": "en space",
    "\u2003": "em space",
    "\u2009": "thin space",
}


def describe_char(char: str) -> str:
    """Name a character for a person: ``U+00A0 NO-BREAK SPACE (non-breaking space)``."""
    if not char:
        return "the end of the text"
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    friendly = INVISIBLE.get(char)
    if friendly is None and "\uff01" <= char <= "\uff5e":
        friendly = f"full-width form of “{unicodedata.normalize('NFKC', char)}”"
    if friendly is None and char in CURLY_QUOTES:
        friendly = "a curly quotation mark, not a straight one"
    if friendly is None and char in CJK_PUNCTUATION:
        friendly = "Chinese punctuation"
    if friendly is None and unicodedata.category(char) in ("Cf", "Cc", "Zs"):
        friendly = "an invisible character"
    label = f"{code} {name}".strip()
    visible = "" if char in INVISIBLE or unicodedata.category(char) in ("Cf", "Cc", "Zs") else f"“{char}” "
    return f"{visible}{label}" + (f" ({friendly})" if friendly else "")


def is_invisible(char: str) -> bool:
    return char in INVISIBLE or unicodedata.category(char) in ("Cf", "Cc", "Zs")


CURLY_QUOTES = "“”‘’"
CJK_PUNCTUATION = "、。「」『』【】〔〕〈〉《》"


def is_full_width(char: str) -> bool:
    """Full-width ASCII twins (U+FF01–U+FF5E), curly quotes and Chinese punctuation: ASCII look-alikes."""
    return "\uff01" <= char <= "\uff5e" or char in CURLY_QUOTES or char in CJK_PUNCTUATION


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a 0-based character offset."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column
