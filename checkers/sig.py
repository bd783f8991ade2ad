"""sig: compute the legacy API's request signature and, given one, say why it does not match.

The seed's error 1001 checklist: the random number in the sig must be the URL's, the AppKey must
be right, and the sig must be built exactly as the pseudo-code says:
``sha256("appkey=<appkey>&random=<random>&time=<time>&mobile=<m1,m2,...>")`` in lowercase hex.

The AppKey is a secret: it never appears in a result, a finding or a log line, and the Django
error reporter is told to hide it.
"""
from __future__ import annotations

import hashlib
import re
import time as clock
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.views.decorators.debug import sensitive_variables

from .base import ERROR, INFO, WARNING, Finding, finding, read_lines, read_text, result
from .registry import Checker, CheckResult, Field, register

MAX_CLOCK_SKEW = 10 * 60
ARTICLES = ("error-1001", "sdk-appid-appkey")


def signature(appkey: str, random: str, time: str, mobiles: list[str]) -> str:
    """The lowercase hex SHA-256 the legacy API expects in ``sig``."""
    text = f"appkey={appkey}&random={random}&time={time}&mobile={','.join(mobiles)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@sensitive_variables("appkey", "data", "alternatives")
def check_sig(data: Any, now: float | None = None) -> CheckResult:
    """Compute the sig for the given values and compare it with the one the caller sent, if any."""
    now = clock.time() if now is None else now
    findings: list[Finding] = []
    appkey, problems = read_text(data, "appkey", label="The AppKey", max_chars=200)
    findings += problems
    random, problems = read_text(data, "random", label="The random number", max_chars=100)
    findings += problems
    time, problems = read_text(data, "time", label="The time", max_chars=100)
    findings += problems
    mobile_items, problems = read_lines(data, "mobiles", label="Mobile numbers", max_items=200, max_chars=20_000)
    findings += problems
    given, problems = read_text(data, "sig", label="The sig", required=False, max_chars=200)
    findings += problems
    url, problems = read_text(data, "url", label="The request URL", required=False, max_chars=2_000)
    findings += problems
    given = given.strip() if given else None

    if appkey is None or random is None or time is None or mobile_items is None:
        return result("mismatch" if given else "computed", findings, ok=False, articles=ARTICLES, sig=None,
                      string_to_sign=None)
    mobiles = [m for m, _ in mobile_items]
    findings += _hints(appkey, random, time, mobiles, url, now)

    computed = signature(appkey, random, time, mobiles)
    masked = f"appkey=<your AppKey>&random={random}&time={time}&mobile={','.join(mobiles)}"
    if not given:
        findings.append(finding(INFO, "No sig was given, so this is the sig these values produce; compare it with "
                                      "the one your code sends."))
        return result("computed", findings, ok=not any(f["level"] == ERROR for f in findings), articles=ARTICLES,
                      sig=computed, string_to_sign=masked)
    if given == computed:
        findings.append(finding(INFO, "The sig matches these values. If error 1001 persists, check the SDK AppID "
                                      "in the URL belongs to this AppKey.", input="sig"))
        return result("ok", findings, ok=True, articles=ARTICLES, sig=computed, string_to_sign=masked)
    findings.append(finding(ERROR, "The sig does not match the one computed from these values.", input="sig"))
    findings += _explain_mismatch(given, computed, appkey, random, time, mobiles)
    return result("mismatch", findings, ok=False, articles=ARTICLES, sig=computed, string_to_sign=masked)


def _hints(appkey: str, random: str, time: str, mobiles: list[str], url: str | None, now: float) -> list[Finding]:
    hints: list[Finding] = []
    if appkey != appkey.strip():
        hints.append(finding(WARNING, "The AppKey has spaces or a line break around it; the key itself has none.",
                             input="appkey"))
    if not re.fullmatch(r"[0-9]+", random):
        hints.append(finding(WARNING, "The random should be a number (digits only), the same one as in the URL.",
                             input="random"))
    if not re.fullmatch(r"[0-9]+", time):
        hints.append(finding(ERROR, "The time must be the Unix time in seconds, digits only.", input="time"))
    elif len(time) >= 13:
        hints.append(finding(ERROR, "The time looks like milliseconds; the API wants seconds.", input="time"))
    elif abs(int(time) - now) > MAX_CLOCK_SKEW:
        minutes = round(abs(int(time) - now) / 60)
        hints.append(finding(WARNING, f"The time is {minutes:,} minutes {'ahead of' if int(time) > now else 'behind'} "
                                      "now; a request whose time is more than 10 minutes off is rejected. Check "
                                      "the server clock.", input="time"))
    for index, mobile in enumerate(mobiles):
        if not re.fullmatch(r"\+?\d+", mobile):
            hints.append(finding(WARNING, f"Mobile {index + 1} ({mobile[:40]}) contains characters other than "
                                          "digits; the sig uses the numbers exactly as the body sends them.",
                                 index=index, input="mobiles"))
    if url:
        values = parse_qs(urlsplit(url.strip()).query).get("random")
        if not values:
            hints.append(finding(WARNING, "The URL has no random parameter; it must carry the same random as the "
                                          "sig.", input="url"))
        elif values[0] != random:
            hints.append(finding(ERROR, f"The URL's random ({values[0][:40]}) differs from the random used for "
                                        f"the sig ({random}); they must be the same number.", input="url"))
    return hints


@sensitive_variables("appkey", "alternatives")
def _explain_mismatch(given: str, computed: str, appkey: str, random: str, time: str,
                      mobiles: list[str]) -> list[Finding]:
    """Try the mistakes people make when building the sig, and name the one that reproduces theirs."""
    if given.lower() == computed:
        return [finding(ERROR, "Your sig is the right value in uppercase hex; send it in lowercase.", input="sig")]
    if not re.fullmatch(r"[0-9a-fA-F]{64}", given):
        return [finding(ERROR, f"A sig is 64 hexadecimal characters; this one is {len(given)} characters"
                               + (" and not hexadecimal." if not re.fullmatch(r"[0-9a-fA-F]*", given) else "."),
                        input="sig")]
    text = f"appkey={appkey}&random={random}&time={time}&mobile="
    alternatives = {
        "the mobiles were joined with “, ” (comma and space) instead of “,”":
            text + ", ".join(mobiles),
        "the mobiles were joined in a different order from the body's":
            text + ",".join(sorted(mobiles)),
        "the mobile numbers included the country code (e.g. +86); the sig uses the number as in “mobile”":
            text + ",".join(re.sub(r"^\+?86", "", m) for m in mobiles),
        "the AppKey had spaces or a line break around it":
            f"appkey={appkey.strip()}&random={random}&time={time}&mobile={','.join(mobiles)}",
        "the fields were in a different order; the order is appkey, random, time, mobile":
            f"random={random}&time={time}&appkey={appkey}&mobile={','.join(mobiles)}",
    }
    for reason, candidate in alternatives.items():
        if given.lower() == hashlib.sha256(candidate.encode()).hexdigest():
            return [finding(ERROR, f"Your sig is what you get when {reason}.", input="sig")]
    plain = text + ",".join(mobiles)
    for name in ("md5", "sha1"):
        if given.lower() == hashlib.new(name, plain.encode()).hexdigest():
            return [finding(ERROR, f"Your sig is an {name.upper()} digest; the API wants SHA-256.", input="sig")]
    return [finding(INFO, "Check that the AppKey is the one for the SDK AppID in the URL, and that random, time "
                          "and the mobiles are exactly the values the request sends.", input="appkey")]


CHECKER = register(Checker(
    name="sig",
    title="Request signature (error 1001)",
    description="Compute the legacy API's sig from your AppKey, random, time and mobiles, and find out why "
                "yours does not match. The AppKey is never stored, logged or shown back.",
    fields=(
        Field("appkey", "AppKey", kind="secret", help="Used only to compute the sig; never stored or shown."),
        Field("random", "random (from the URL)", help="The random number in the request URL."),
        Field("time", "time (Unix seconds)", help="The time field of the request body, e.g. 1457336869."),
        Field("mobiles", "Mobile numbers, one per line", kind="list",
              help="The mobile values of the body, in order, without country code."),
        Field("sig", "sig your code sent", required=False, help="Optional: to compare with the computed one."),
        Field("url", "Request URL", required=False, help="Optional: to compare its random with the sig's."),
    ),
    run=check_sig,
    verdicts=("ok", "mismatch", "computed"),
    verdict_labels={
        "ok": "The sig matches",
        "mismatch": "The sig does not match",
        "computed": "Sig computed (no sig given to compare)",
    },
    # A clearly fake key: the example must run (the AppKey is required) without looking like a real secret.
    example={"appkey": "example-appkey-not-real", "random": "7226249334", "time": "1457336869",
             "mobiles": ["13788888888"]},
))
