"""remarks: what does the Remarks column of a message record mean, and what should be done?

The seed's "user does not receive an SMS" answer sorts Remarks into: the rate limit policy was hit,
the message format is wrong, the number is blocked (unsubscribed), an error code is shown, or the
user received the message. This checker does that sorting and hands back the advice and articles.
"""
from __future__ import annotations

import re
from typing import Any

from .base import INFO, WARNING, finding, read_text, result
from .registry import Checker, CheckResult, Field, register

# Error codes with their own article (fixed slugs).
CODE_ARTICLES = {"1001": "error-1001", "1004": "error-1004", "1014": "error-1014", "1016": "error-1016",
                 "60008": "error-60008"}
BLOCKED = re.compile(r"block|blacklist|black list|unsubscri|opted? out|黑名单|退订|\b1015\b", re.IGNORECASE)
RATE_LIMIT = re.compile(r"rate.?limit|frequen|too many|too often|exceed\w* (the )?(limit|threshold|upper)|"
                        r"limit control|flow control|频率|频控|超过.*上限", re.IGNORECASE)
FORMAT = re.compile(r"format|does not match|doesn't match|mismatch|template|invalid content|格式|不匹配",
                    re.IGNORECASE)
RECEIVED = re.compile(r"successfully received|has received|been received|received the message|delivered|"
                      r"\bDELIVRD\b|用户接收成功|接收成功", re.IGNORECASE)
# A number that is an error code: at the very start ("1015 The mobile number is blocked") or named as one.
CODE = re.compile(r"^\s*(\d{4,6})\b|(?:error|code|err|错误码)\s*[:：#]?\s*(\d{4,6})\b", re.IGNORECASE)
CARRIER_CODE = re.compile(r"\b([A-Z]{2}:\d{4}|UNDELIV|EXPIRED|REJECTD)\b")

ADVICE = {
    "blocked": ("The number is on a blocklist: the user unsubscribed (replied T, N, TD, Unsubscribe, QX or 0000) "
                "or complained to the carrier. Unsubscribed numbers can be released by applying under General "
                "Management > Unsubscribed Users; carrier blocks need the user to contact their carrier.",
                ("number-blocklists",)),
    "rate-limit": ("The send hit the rate limit control policy for this number: too many messages to it in a "
                   "short time. Wait before sending again, and stop your code from resending on every click.",
                   ("sms-not-received", "contact-support")),
    "format": ("The message format is incorrect: the content does not match the approved template. Compare the "
               "message with the template character for character.",
               ("error-1014", "sms-not-received")),
    "received": ("The platform was told the message was received. If the user still has nothing, check the phone: "
                 "switched off, out of credit or service, poor reception, inbox full, blocked by a security app — "
                 "restart it or try the SIM in another phone.",
                 ("sms-not-received",)),
    "unknown": ("These Remarks do not match a known cause. Check the delivery status, and if the problem persists "
                "contact support with the number and the time of the send.",
                ("sms-not-received", "contact-support")),
}


def check_remarks(data: Any) -> CheckResult:
    """Classify a Remarks text and return the advice and articles for it."""
    text, problems = read_text(data, "text", label="The Remarks", max_chars=2_000)
    if text is None:
        advice, articles = ADVICE["unknown"]
        return result("unknown", problems, ok=False, articles=articles, advice=advice, error_code=None)
    code_match = CODE.search(text)
    code = next((g for g in code_match.groups() if g), None) if code_match else None
    if code is None:
        code = next((c for c in CODE_ARTICLES if re.search(rf"\b{c}\b", text)), None)
    carrier = CARRIER_CODE.search(text)

    if code in CODE_ARTICLES:
        verdict = "error-code"
    elif BLOCKED.search(text):
        verdict = "blocked"
    elif RATE_LIMIT.search(text):
        verdict = "rate-limit"
    elif FORMAT.search(text):
        verdict = "format"
    elif code or carrier:
        verdict = "error-code"
    elif RECEIVED.search(text):
        verdict = "received"
    else:
        verdict = "unknown"

    if verdict == "error-code":
        code = code or (carrier.group(1) if carrier else None)
        if code in CODE_ARTICLES:
            advice = f"The Remarks show error {code}; follow its checklist."
            articles: tuple[str, ...] = (CODE_ARTICLES[code],)
        elif code and code.isdigit():
            advice = (f"The Remarks show error {code}. Look it up among the error codes; if it is not covered, "
                      "contact support with the number, the time of the send and this code.")
            articles = ("sms-not-received", "contact-support")
        else:
            advice = (f"The Remarks show the carrier's status {code}: the carrier did not deliver the message. "
                      "Contact support with the number and the time so they can ask the carrier.")
            articles = ("sms-not-received", "contact-support")
        found = [finding(WARNING, advice, input="text", code=code)]
        return result(verdict, found, ok=False, articles=articles, advice=advice, error_code=code,
                      error_url=f"/errors/{code}/" if code and code.isdigit() else None)

    advice, articles = ADVICE[verdict]
    level = INFO if verdict in ("received", "unknown") else WARNING
    return result(verdict, [finding(level, advice, input="text")], ok=verdict == "received", articles=articles,
                  advice=advice, error_code="1015" if verdict == "blocked" and "1015" in text else None)


CHECKER = register(Checker(
    name="remarks",
    title="Delivery Remarks",
    description="Paste the Remarks of a message record: rate limit, format, blocked, an error code or received, "
                "with what to do next.",
    fields=(Field("text", "Remarks", kind="textarea",
                  help="From Statistics and Analytics > Message Records, e.g. “1015 The mobile number is blocked”."),),
    run=check_remarks,
    verdicts=("rate-limit", "format", "blocked", "error-code", "received", "unknown"),
    verdict_labels={
        "rate-limit": "Sending was rate-limited",
        "format": "The message format is wrong (it does not match the template)",
        "blocked": "The number is blocked",
        "error-code": "The remarks carry an error code",
        "received": "The SMS was delivered",
        "unknown": "The remarks were not recognised",
    },
    example={"text": "1014 The content does not match the template"},
))
