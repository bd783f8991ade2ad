"""A figure table: what the page shows, its chart draws and its CSV download holds, from one value."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Table:
    name: str
    caption: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    # The column the chart draws (its bars), beside the first column's labels; None: no chart.
    chart_column: int | None = None
    note: str = ""

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow(["" if value is None else _plain(value) for value in row])
        return out.getvalue()

    def bars(self) -> list[tuple[str, float, str]]:
        """(label, share of the largest value 0–100, shown value) per row, for the bar chart."""
        if self.chart_column is None:
            return []
        values = [_number(row[self.chart_column]) for row in self.rows]
        top = max(values, default=0) or 1
        return [(str(row[0]), round(100 * value / top, 1), str(_plain(row[self.chart_column])))
                for row, value in zip(self.rows, values, strict=True)]


@dataclass(frozen=True)
class Rate:
    """A share shown as a percentage; None when nothing was counted (shown as “–”)."""

    part: int
    whole: int

    @property
    def value(self) -> float | None:
        return None if not self.whole else self.part / self.whole

    def __str__(self) -> str:
        return "–" if self.value is None else f"{100 * self.value:.1f}%"


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Rate) else value


def _number(value: Any) -> float:
    if isinstance(value, Rate):
        return value.value or 0.0
    return float(value) if isinstance(value, (int, float)) else 0.0
