"""remarks: what does the Remarks column of a message record mean, and what should be done?

The seed's "user does not receive an SMS" answer sorts Remarks into: the rate limit policy was hit,
the message format is wrong, the number is blocked (unsubscribed), an error code is shown, or the
user received the message. This checker does that sorting and hands back the advice and articles.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

from .base import INFO, WARNING, finding, read_text, result
from .registry import Checker, CheckResult, Field, register
from .unsubscribe_keywords import IN_WORDS, REMARKS_PATTERN

# Error codes with their own article (fixed slugs).
CODE_ARTICLES = {"1001": "error-1001", "1004": "error-1004", "1014": "error-1014", "1016": "error-1016",
                 "60008": "error-60008"}
# These read the words of the Remarks as ``normalise`` leaves them: lowercase, half-width, apostrophes
# dropped ("doesn't" is "doesnt") and every other punctuation mark a single space.
BLOCKED = re.compile(rf"block|blacklist|black list|opted? out|黑名单|\b1015\b|{REMARKS_PATTERN}")
RATE_LIMIT = re.compile(r"rate ?limit|frequen|too many|too often|exceed\w* (the )?(limit|threshold|upper)|"
                        r"limit control|flow control|频率|频控|超过.*上限")
FORMAT = re.compile(r"format|does not match|doesnt match|mismatch|template|invalid content|格式|不匹配")
RECEIVED = re.compile(r"\b(?:received|delivered|delivrd|delivery succe(?:ss|ssful|eded))\b|"
                      r"已接收|接收成功|成功接收|已收到|已送达|送达成功|成功送达")
# "Not received" is the customer's complaint, not the carrier's report: a negation before the word (up to
# three words before it: "has not yet been received"), an "un-" word, a failure after it, or Chinese 未/没.
NOT_RECEIVED = re.compile(
    r"\b(?:not|never|didnt|doesnt|dont|hasnt|havent|hadnt|wasnt|werent|isnt|cannot|cant|couldnt|unable to|"
    r"failed to|fail to|yet to)(?: \w+){0,3}? (?:received?|delivered|deliver|delivrd)\b|"
    r"\bun(?:received|delivered|deliv|delivrd)\b|"
    r"\b(?:receiv\w*|deliver\w*|delivrd|receipt) (?:\w+ )?(?:failed|failure|fail|error|timeout|expired)\b|"
    r"未接收|未收到|没有?收到|没有?接收|接收失败|未送达|送达失败|未成功")
# A number that is an error code: at the very start ("1015 The mobile number is blocked") or named as one.
CODE = re.compile(r"^\s*(\d{4,6})\b|(?:error|code|err|错误码)\s*[:：#]?\s*(\d{4,6})\b", re.IGNORECASE)
CARRIER_CODE = re.compile(r"\b([A-Z]{2}:\d{4}|UNDELIV|EXPIRED|REJECTD)\b")

ADVICE = {
    "blocked": (f"The number is on a blocklist: the user unsubscribed (replied {IN_WORDS}) "
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


def normalise(text: str) -> str:
    """The words of a Remarks text for matching, however it was typed or pasted.

    Full-width letters and digits (Chinese keyboards) become ASCII (NFKC), case is folded,
    apostrophes are dropped and every other punctuation mark, symbol or space run becomes one
    space, so "User received.", "ＵＳＥＲ  ＲＥＣＥＩＶＥＤ" and "user-received" read alike.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = re.sub(r"['‘’`´]", "", folded)
    spaced = "".join(" " if unicodedata.category(c)[0] in "PSZC" else c for c in folded)
    return " ".join(spaced.split())


def check_remarks(data: Any) -> CheckResult:
    """Classify a Remarks text and return the advice and articles for it."""
    text, problems = read_text(data, "text", label="The Remarks", max_chars=2_000)
    if text is None:
        advice, unknown_articles = ADVICE["unknown"]
        return result("unknown", problems, ok=False, articles=unknown_articles, advice=advice, error_code=None)
    # Codes keep their punctuation ("MK:0001"); full-width digits still count as digits.
    text = unicodedata.normalize("NFKC", text)
    words = normalise(text)
    code_match = CODE.search(text)
    code = next((g for g in code_match.groups() if g), None) if code_match else None
    if code is None:
        code = next((c for c in CODE_ARTICLES if re.search(rf"\b{c}\b", text)), None)
    carrier = CARRIER_CODE.search(text)

    if code in CODE_ARTICLES:
        verdict = "error-code"
    elif BLOCKED.search(words):
        verdict = "blocked"
    elif RATE_LIMIT.search(words):
        verdict = "rate-limit"
    elif FORMAT.search(words):
        verdict = "format"
    elif code or carrier:
        verdict = "error-code"
    elif RECEIVED.search(words) and not NOT_RECEIVED.search(words):
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
