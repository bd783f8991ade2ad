"""unsubscribe: does a recipient's reply put their number on the unsubscribed list?

The seed's blocklist answer: replying "T", "N", "TD", "Unsubscribe", "QX" or "0000"
(case-insensitive), or their Chinese forms (unsubscribe_keywords.py, the list the Remarks checker
shares), unsubscribes the number, and later sends fail with "1015 The mobile number is blocked" until
the unsubscription is cancelled in the console.
"""
from __future__ import annotations

from typing import Any

from .base import INFO, WARNING, finding, read_text, result
from .registry import Checker, CheckResult, Field, register
from .unsubscribe_keywords import IN_WORDS, keyword_of, keywords_inside

ARTICLES = ("number-blocklists",)


def check_unsubscribe(data: Any) -> CheckResult:
    """Say whether a reply is one of the unsubscribe keywords, ignoring case and surrounding spaces."""
    text, problems = read_text(data, "text", label="The reply", max_chars=2_000)
    if text is None:
        return result("not-unsubscribe", problems, ok=False, articles=ARTICLES, unsubscribe=False, keyword=None)
    keyword = keyword_of(text)
    if keyword is not None:
        return result("unsubscribe", [finding(
            WARNING,
            f"The reply “{text.strip()}” is the unsubscribe keyword {keyword}: the number is put on the "
            "unsubscribed list, and later messages fail with “1015 The mobile number is blocked”. The user can "
            "be removed from it by applying under General Management > Unsubscribed Users in the console.",
            input="text",
        )], ok=True, articles=ARTICLES, unsubscribe=True, keyword=keyword)
    findings = [finding(INFO, f"“{text.strip()[:80]}” is not an unsubscribe reply; the keywords are {IN_WORDS}, "
                              "on their own.", input="text")]
    inside = keywords_inside(text)
    if inside:
        findings.append(finding(INFO, f"It contains {', '.join(inside)} among other words; only a reply that is "
                                      "just the keyword counts.", input="text"))
    return result("not-unsubscribe", findings, ok=True, articles=ARTICLES, unsubscribe=False, keyword=None)


CHECKER = register(Checker(
    name="unsubscribe",
    title="Unsubscribe reply",
    description=f"Does a recipient's reply unsubscribe their number ({IN_WORDS})?",
    fields=(Field("text", "The reply", help="The text the recipient sent back, e.g. “TD”."),),
    run=check_unsubscribe,
    verdicts=("unsubscribe", "not-unsubscribe"),
    verdict_labels={
        "unsubscribe": "The reply is an unsubscribe request",
        "not-unsubscribe": "The reply is not an unsubscribe request",
    },
    example={"text": " td "},
))
