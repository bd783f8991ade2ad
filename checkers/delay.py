"""delay: where does a late SMS lose its time — in the API call, or between delivery and report?

The seed's late-SMS answer compares two gaps: the request time in the customer's system against
the console's send time (about 10 minutes or more points to a slow API call), and the delivery
time against the status report time (more than 10 s for regular or 5 minutes for marketing SMS
points to review, reception or the number's state).

The verdict names the slow gap; ``clocks-differ`` means the first gap cannot be trusted (the times are
a whole number of hours apart, or the send time comes first), so nothing may be concluded from it;
``normal`` means no gap that could be measured was slow. When an
input cannot be read, nothing is measured: the verdict is still ``normal`` but ``ok`` is false and
an error finding names the input (the API and the tools form refuse such input before it gets
here). Times with and without a zone may be mixed: those without are read in the console's zone,
UTC+8, and an info finding says so.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from .base import ERROR, INFO, WARNING, Finding, finding, read_text, result
from .registry import Checker, CheckResult, Field, register

API_SLOW = timedelta(minutes=10)
REPORT_SLOW = {"regular": timedelta(seconds=10), "marketing": timedelta(minutes=5)}
SMS_TYPES = ("regular", "marketing")
# The console shows its times in China Standard Time; a time given without a zone is most likely one of those.
CONSOLE_ZONE = timezone(timedelta(hours=8))
LABELS = {
    "requested_at": "Request time (your system)",
    "sent_at": "Send time (console)",
    "delivered_at": "Delivery time",
    "reported_at": "Status report time",
}


def parse_moment(text: str) -> datetime | None:
    """Parse an ISO 8601 date-time ("2026-11-24T10:00:05+08:00", "2026-11-24 10:00:05", "…Z")."""
    cleaned = text.strip().replace("/", "-")
    if cleaned.endswith(("Z", "z")):
        cleaned = cleaned[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(cleaned)
    except ValueError:
        return None


def _seconds(delta: timedelta) -> float:
    return round(delta.total_seconds(), 3)


def _words(delta: timedelta) -> str:
    seconds = abs(delta.total_seconds())
    if seconds < 90:
        return f"{seconds:g} seconds"
    if seconds < 5400:
        return f"{seconds / 60:.1f} minutes"
    return f"{seconds / 3600:.1f} hours"


def _whole_hours_apart(gap: timedelta) -> bool:
    seconds = abs(gap.total_seconds())
    off_by = seconds % 3600
    # Time zones are at most 26 hours apart (UTC-12 to UTC+14).
    return 55 * 60 <= seconds <= 26 * 3600 + 120 and min(off_by, 3600 - off_by) < 120


def _read_naive_times_in_console_zone(moments: dict[str, datetime | None]) -> list[Finding]:
    """When some times carry a zone and others do not, give the others UTC+8 (in place) and say so.

    Subtracting a zoned from a zone-less time is meaningless, and most zone-less times are copied
    from the console, whose clock is UTC+8.
    """
    given = [m for m in moments.values() if m is not None]
    naive = [name for name, moment in moments.items() if moment is not None and moment.tzinfo is None]
    if not naive or len(naive) == len(given):
        return []
    for name in naive:
        moments[name] = moments[name].replace(tzinfo=CONSOLE_ZONE)  # type: ignore[union-attr]
    names = ", ".join(LABELS[name] for name in naive)
    return [finding(INFO, f"Some times have a time zone and some do not: {names} "
                          f"{'was' if len(naive) == 1 else 'were'} read as UTC+8, the console's time zone. If "
                          f"{'it was' if len(naive) == 1 else 'they were'} in another zone, add it (e.g. +01:00) "
                          "and check again.", input=naive[0])]


def check_delay(data: Any) -> CheckResult:  # noqa: C901
    """Classify a late message from its four timestamps."""
    findings: list[Finding] = []
    moments: dict[str, datetime | None] = {}
    for name, label in LABELS.items():
        text, problems = read_text(data, name, label=label, required=name in ("requested_at", "sent_at"),
                                   max_chars=64)
        findings += problems
        moments[name] = None
        if text is not None:
            moments[name] = parse_moment(text)
            if moments[name] is None:
                findings.append(finding(ERROR, f"{label} “{text}” is not a date and time; write it like "
                                               "2026-11-24 10:00:05 (add +08:00 for a time zone).", input=name))
    sms_type = data.get("sms_type") if isinstance(data, dict) else None
    if sms_type in (None, ""):
        sms_type = "regular"
    if sms_type not in SMS_TYPES:
        findings.append(finding(ERROR, "The SMS type must be regular or marketing.", input="sms_type"))
        sms_type = "regular"
    findings += _read_naive_times_in_console_zone(moments)
    gaps: dict[str, float | None] = {"request_to_send_seconds": None, "delivery_to_report_seconds": None}
    if any(f["level"] == ERROR for f in findings):
        return result("normal", findings, ok=False, articles=("sms-arrives-late",), **gaps)

    verdict = "normal"
    clocks_differ = False
    articles: list[str] = ["sms-arrives-late"]
    requested, sent = moments["requested_at"], moments["sent_at"]
    if requested is not None and sent is not None:
        gap = sent - requested
        gaps["request_to_send_seconds"] = _seconds(gap)
        if _whole_hours_apart(gap):
            findings.append(finding(WARNING, f"The two times are {_words(gap)} apart, almost exactly a whole number "
                                             "of hours: the clocks are probably in different time zones (the "
                                             "console shows UTC+8). Give both in the same zone.", input="sent_at"))
            clocks_differ = True
        elif gap < timedelta(0):
            findings.append(finding(WARNING, f"The console's send time is {_words(gap)} before your request time; "
                                             "check both clocks.", input="sent_at"))
            clocks_differ = True
        elif gap >= API_SLOW:
            verdict = "api-slow"
            articles.insert(0, "slow-api-calls")
            findings.append(finding(ERROR, f"{_words(gap)} passed between your request and the console's send time "
                                           "(10 minutes or more): the delay is in the API call — DNS, connections "
                                           "or the connection pool.", input="sent_at"))
        else:
            findings.append(finding(INFO, f"Request to send took {_words(gap)}: the API call is not the delay.",
                                    input="sent_at"))
    delivered, reported = moments["delivered_at"], moments["reported_at"]
    if delivered is None or reported is None:
        findings.append(finding(INFO, "Give the delivery time and the status report time too, to check the "
                                      "second gap."))
    else:
        gap = reported - delivered
        gaps["delivery_to_report_seconds"] = _seconds(gap)
        limit = REPORT_SLOW[sms_type]
        if gap < timedelta(0):
            findings.append(finding(WARNING, "The status report time is before the delivery time; check that both "
                                             "were copied from the same record.", input="reported_at"))
        elif gap > limit:
            if verdict == "normal":
                verdict = "report-slow"
            articles += ["sensitive-words", "sms-not-received"]
            findings.append(finding(ERROR, f"{_words(gap)} passed between delivery and the status report (more "
                                           f"than {_words(limit)} for {sms_type} SMS): the message may be under "
                                           "review for sensitive words, the phone's reception may be poor, or "
                                           "the number may be out of credit or out of service.",
                                    input="reported_at"))
        else:
            findings.append(finding(INFO, f"Delivery to status report took {_words(gap)}, within the "
                                          f"{_words(limit)} expected for {sms_type} SMS: if the user still got it "
                                          "late, the phone may have had poor reception or been switched off.",
                                    input="reported_at"))
    if verdict == "normal" and clocks_differ:
        # Without a trustworthy first gap "normal" would send the customer to "the phone's side".
        verdict = "clocks-differ"
    return result(verdict, findings, ok=verdict == "normal", articles=tuple(articles), sms_type=sms_type, **gaps)


CHECKER = register(Checker(
    name="delay",
    title="Late SMS timing",
    description="From four timestamps, find whether a late SMS lost its time in the API call or between "
                "delivery and the status report.",
    fields=(
        Field("requested_at", LABELS["requested_at"], kind="datetime",
              help="When your system sent the request, e.g. 2026-11-24 10:00:00."),
        Field("sent_at", LABELS["sent_at"], kind="datetime", help="The send time in the console's message records."),
        Field("delivered_at", LABELS["delivered_at"], kind="datetime", required=False,
              help="From the message record (optional)."),
        Field("reported_at", LABELS["reported_at"], kind="datetime", required=False,
              help="From the message record (optional)."),
        Field("sms_type", "SMS type", kind="select", choices=(("regular", "Regular"), ("marketing", "Marketing"))),
    ),
    run=check_delay,
    verdicts=("api-slow", "report-slow", "clocks-differ", "normal"),
    verdict_labels={
        "api-slow": "The API call itself was slow",
        "clocks-differ": "The times disagree: probably different time zones or clocks",
        "report-slow": "The delivery report came back late",
        "normal": "The timings look normal",
    },
    example={"requested_at": "2026-11-24T10:00:00+08:00", "sent_at": "2026-11-24T10:12:30+08:00",
             "delivered_at": "2026-11-24T10:12:31+08:00", "reported_at": "2026-11-24T10:12:33+08:00",
             "sms_type": "regular"},
))
