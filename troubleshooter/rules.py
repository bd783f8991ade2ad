"""Reading what a customer types into an input node, and the ordered rules that route it.

Plain functions on plain values, shared by the engine (to pick the next node) and by validation
(to prove a node's numeric rules leave no gap and do not overlap).
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import dateparse, timezone

NUMERIC_OPERATORS = ("lt", "lte", "gt", "gte", "between", "eq")
TEXT_OPERATORS = ("keywords", "regex", "eq")
# Which rule operators each input type accepts ("default" is always allowed).
OPERATORS_FOR_TYPE: dict[str, tuple[str, ...]] = {
    "number": NUMERIC_OPERATORS,
    "duration": NUMERIC_OPERATORS,
    "text": TEXT_OPERATORS,
    "datetime": (),
}
MAX_TEXT_LENGTH = 5000

_UNIT_SECONDS = {
    "ms": 0.001, "msec": 0.001, "millisecond": 0.001, "milliseconds": 0.001,
    "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
    "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
    "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
    "d": 86400, "day": 86400, "days": 86400,
    # Chinese customers write units in Chinese (“10分钟”, “2小时”); 个 is the measure word in “1个小时”.
    "毫秒": 0.001, "秒": 1, "秒钟": 1, "分": 60, "分钟": 60, "小时": 3600, "个小时": 3600, "钟头": 3600,
    "个钟头": 3600, "天": 86400,
}
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?|\.\d+)\s*([a-z]+|[\u4e00-\u9fff]+)?")
_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$")


class ValueProblem(ValueError):
    """A typed value that cannot be read; the message is shown to the customer as is."""


def parse_number(raw: str) -> float:
    """Read a plain number such as ``12``, ``-3.5`` or ``1,200``."""
    text = str(raw).strip().replace(",", "").replace("_", "")
    if not text:
        raise ValueProblem("Enter a number.")
    try:
        number = float(text)
    except ValueError:
        raise ValueProblem(f"“{_short(raw)}” is not a number. Enter digits only, such as 12 or 3.5.") from None
    if not math.isfinite(number):
        raise ValueProblem("Enter a finite number.")
    return number


def parse_duration(raw: str) -> float:
    """Read a duration as seconds: ``90s``, ``5 min``, ``10 minutes``, ``1h 30m``, ``10分钟`` or ``00:10:00``.

    A number without a unit is refused rather than guessed: “15” read as seconds once routed a
    15-minute delay to “the API call was prompt”. Zero needs no unit.
    """
    text = str(raw).strip().lower()
    if not text:
        raise ValueProblem("Enter a duration, such as 90s, 5 min or 1h.")
    if text.startswith("-"):
        raise ValueProblem("A duration cannot be negative.")
    clock = _CLOCK.match(text)
    if clock:
        hours, minutes, seconds = clock.groups()
        return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    compact = re.sub(r"\s+and\s+|,", " ", text)
    total, position, parts = 0.0, 0, 0
    for match in _DURATION_PART.finditer(compact):
        if compact[position:match.start()].strip():
            break
        amount, unit = match.groups()
        if unit is None and parts:
            break
        if unit is not None and unit not in _UNIT_SECONDS:
            raise ValueProblem(f"“{unit}” is not a unit we know: use s, min or h (for example 5 min).")
        if unit is None and float(amount) != 0:
            raise ValueProblem(f"{amount} what? Add a unit: {amount} s, {amount} min or {amount} h.")
        total += float(amount) * _UNIT_SECONDS[unit or "s"]
        position, parts = match.end(), parts + 1
    if not parts or compact[position:].strip():
        raise ValueProblem(f"“{_short(raw)}” is not a duration. Write it like 90s, 5 min, 10 minutes or 1h.")
    return total


def parse_datetime(raw: str) -> datetime:
    """Read a date and time such as ``2024-05-01 14:30`` (ISO 8601); naive values are in the site's zone."""
    text = str(raw).strip()
    try:
        value = dateparse.parse_datetime(text.replace("/", "-"))
    except ValueError:
        value = None
    if value is None:
        raise ValueProblem(f"“{_short(raw)}” is not a date and time. Write it like 2024-05-01 14:30:00.")
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def parse_text(raw: str) -> str:
    text = str(raw).strip()
    if not text:
        raise ValueProblem("Type or paste the text.")
    if len(text) > MAX_TEXT_LENGTH:
        raise ValueProblem(f"That is too long: keep it under {MAX_TEXT_LENGTH} characters.")
    return text


PARSERS = {"number": parse_number, "duration": parse_duration, "datetime": parse_datetime, "text": parse_text}


def parse_value(input_type: str, raw: Any) -> Any:
    """Read a raw answer for an input node of ``input_type``; raise ValueProblem when it cannot be read.

    The text is NFKC-normalised first, so full-width digits, letters and spaces typed with a Chinese
    input method (“１０１４”, “５　min”) read the same as their ASCII forms.
    """
    if raw is None or isinstance(raw, (dict, list, bool)):
        raise ValueProblem("Enter a single value.")
    return PARSERS[input_type](normalise(raw if isinstance(raw, str) else str(raw)))


def normalise(text: str) -> str:
    """The NFKC form of a typed text (full-width forms folded to ASCII), as rules compare it."""
    return unicodedata.normalize("NFKC", text)


def format_duration(seconds: float) -> str:
    """A short human form of a duration: ``90 s``, ``5 min``, ``1 h 30 min``."""
    if seconds < 60:
        return f"{seconds:g} s"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours} h"] * bool(hours) + [f"{minutes} min"] * bool(minutes) + [f"{secs} s"] * bool(secs)
    return " ".join(parts)


def display_value(input_type: str, value: Any, raw: str) -> str:
    """How an answer is written in the transcript: the customer's words, plus our reading of them."""
    if input_type == "duration":
        return f"{raw.strip()} ({format_duration(value)})" if raw.strip() != format_duration(value) else raw.strip()
    if input_type == "datetime":
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    if input_type == "number":
        return f"{value:g}"
    return value


@dataclass(frozen=True)
class Interval:
    """A numeric range with open or closed ends, for proving rules cover a line without overlap."""

    low: float
    low_closed: bool
    high: float
    high_closed: bool

    def describe(self, input_type: str) -> str:
        show = (lambda v: format_duration(v)) if input_type == "duration" else (lambda v: f"{v:g}")
        low = "−∞" if self.low == -math.inf else show(self.low)
        high = "∞" if self.high == math.inf else show(self.high)
        return f"{'[' if self.low_closed else '('}{low}, {high}{']' if self.high_closed else ')'}"


def rule_bound(input_type: str, raw: str) -> float:
    return parse_duration(raw) if input_type == "duration" else parse_number(raw)


def rule_interval(input_type: str, operator: str, value: str) -> Interval:
    """The set of values a numeric rule matches; raises ValueProblem when its value cannot be read."""
    if operator == "between":
        low_raw, sep, high_raw = value.partition("..")
        if not sep:
            raise ValueProblem(f"“between” needs “low..high”, got “{value}”.")
        low, high = rule_bound(input_type, low_raw), rule_bound(input_type, high_raw)
        if low > high:
            raise ValueProblem(f"“between” has its low end above its high end: “{value}”.")
        return Interval(low, True, high, True)
    bound = rule_bound(input_type, value)
    return {
        "lt": Interval(-math.inf, False, bound, False),
        "lte": Interval(-math.inf, False, bound, True),
        "gt": Interval(bound, False, math.inf, False),
        "gte": Interval(bound, True, math.inf, False),
        "eq": Interval(bound, True, bound, True),
    }[operator]


def domain(input_type: str) -> Interval:
    """Every value an input type can take: durations start at zero."""
    if input_type == "duration":
        return Interval(0.0, True, math.inf, False)
    return Interval(-math.inf, False, math.inf, False)


def keywords(value: str) -> list[str]:
    return [word.strip().lower() for word in value.split(",") if word.strip()]


def matches(input_type: str, operator: str, rule_value: str, value: Any) -> bool:
    """Whether one rule matches a parsed answer. Rules are checked in order; the first match wins."""
    if operator == "default":
        return True
    if input_type in ("number", "duration") and operator in NUMERIC_OPERATORS:
        interval = rule_interval(input_type, operator, rule_value)
        above_low = value > interval.low or (interval.low_closed and value == interval.low)
        below_high = value < interval.high or (interval.high_closed and value == interval.high)
        return above_low and below_high
    if input_type == "text":
        folded = value.strip().casefold()
        rule_value = normalise(rule_value)
        if operator == "keywords":
            return any(word in folded for word in keywords(rule_value))
        if operator == "regex":
            return re.search(rule_value, value, re.IGNORECASE) is not None
        if operator == "eq":
            return folded == rule_value.strip().casefold()
    return False


def _short(raw: Any) -> str:
    text = str(raw).strip()
    return text if len(text) <= 40 else text[:39] + "…"
