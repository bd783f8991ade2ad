"""The dashboard's date range, read from the query string, and the period just before it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

PRESETS = (7, 30, 90)
DEFAULT_DAYS = 30
MAX_DAYS = 400


class BadRange(ValueError):
    """A date range the dashboard cannot show; the message says why (answered with a 400)."""


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def before(self) -> Period:
        """The period of the same length that ends the day before this one starts."""
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def __str__(self) -> str:
        return f"{self.start:%d %b %Y} – {self.end:%d %b %Y}"


def _day(raw: str, name: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise BadRange(f"The {name} date must look like 2026-01-31, not “{raw[:20]}”.") from None


def read_period(params: dict[str, str], today: date) -> Period:
    """The period ``params`` asks for: ``days`` (7, 30 or 90, ending today) or ``start`` and ``end``."""
    start, end = params.get("start", ""), params.get("end", "")
    if start or end:
        if not (start and end):
            raise BadRange("A custom range needs both a start and an end date.")
        period = Period(_day(start, "start"), _day(end, "end"))
        if period.end < period.start:
            raise BadRange("The end date is before the start date.")
        if period.start > today:
            raise BadRange("The range starts in the future; there is nothing to show yet.")
        if period.days > MAX_DAYS:
            raise BadRange(f"A range may cover at most {MAX_DAYS} days.")
        return period
    raw = params.get("days", "") or str(DEFAULT_DAYS)
    if raw not in {str(days) for days in PRESETS}:
        raise BadRange(f"Choose the last 7, 30 or 90 days, or a custom range (not “{raw[:20]}”).")
    return Period(today - timedelta(days=int(raw) - 1), today)
