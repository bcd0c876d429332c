"""The stage timeline of the open proposals, laid out for an SVG figure.

One bar per proposal, one segment per status it was in, coloured by the stage its
status belongs to (the classification every code shares), on an axis from the first
of the month the earliest status begins in to the report's date, with a
tick at each month. A status a source dates only to its month counts from the month's
last day; its segment starts paler from the first of that month.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ledger.domain.process import STAGES
from ledger.domain.processes import process_for
from projections.report import Report, Row
from projections.report_dates import Day

COLOURS = {
    "development": "#ffd92f",
    "raised": "#8da0cb",
    "assessment": "#e5c494",
    "refinement": "#66c2a5",
    "consultation": "#fc8d62",
    "decision": "#e78ac3",
    "authority": "#a6d854",
    "suspended": "#bbbbbb",
}
OTHER = "#dddddd"
STAGE_ORDER = {stage: n for n, stage in enumerate(STAGES)}  # the legend's, as a proposal goes
LABELS, CHART, ROW, TOP = 80, 600, 14, 22  # widths and heights in pixels
LABELLED_TICKS = 12  # at most; beyond, every second (third, ...) month is labelled


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    month_x: float | None  # where a status dated only to its month may have begun
    colour: str
    status: str
    since: Day


@dataclass(frozen=True)
class Bar:
    proposal: str
    y: int
    segments: list[Segment]


@dataclass(frozen=True)
class Tick:
    x: float
    label: str  # empty for a month left unlabelled


@dataclass(frozen=True)
class Key:
    colour: str
    status: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    chart_top: int
    chart_bottom: int
    bars: list[Bar]
    ticks: list[Tick]
    legend: list[Key]
    month_precise: bool  # whether any segment starts paler


def month_starts(first: date, last: date) -> list[date]:
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def timeline(report: Report) -> Timeline:
    process = process_for(report.code)
    end = date.fromisoformat(report.as_of)
    starts = [date.fromisoformat(s["valid_from"]) for rows in report.stages.values() for s in rows]
    first = min(starts, default=date.fromisoformat(report.since)).replace(day=1)
    span = max((end - first).days, 1)

    def x(day: date) -> float:
        return round(LABELS + CHART * (max(min(day, end), first) - first).days / span, 1)

    bars, legend = [], {}
    for number, (pid, rows) in enumerate(report.stages.items()):
        segments = []
        for row in rows:
            stage = process.stage_of(row["status"]) or ""
            colour = COLOURS.get(stage, OTHER)
            legend[row["status"] or ""] = (STAGE_ORDER.get(stage, len(STAGE_ORDER)), colour)
            segments.append(segment(row, colour, x, end))
        bars.append(Bar(pid, TOP + number * ROW, segments))
    months = month_starts(first, end)
    every = math.ceil(len(months) / LABELLED_TICKS)
    bottom = TOP + len(bars) * ROW
    return Timeline(
        width=LABELS + CHART + 10,
        height=bottom + 4,
        chart_top=TOP - 6,
        chart_bottom=bottom,
        bars=bars,
        ticks=[
            Tick(x(m), m.strftime("%b %Y") if n % every == 0 else "") for n, m in enumerate(months)
        ],
        legend=[
            Key(colour, status)
            for status, (_, colour) in sorted(legend.items(), key=lambda k: (k[1][0], k[0]))
        ],
        month_precise=any(s.month_x is not None for b in bars for s in b.segments),
    )


def segment(row: Row, colour: str, x: Callable[[date], float], end: date) -> Segment:
    start = date.fromisoformat(row["valid_from"])
    stop = date.fromisoformat(row["valid_to"]) if row["valid_to"] else end
    since = row["status_since"] or row["valid_from"]
    by_month = len(since) == 7 and since == row["valid_from"][:7]
    return Segment(
        x=x(start),
        width=round(max(x(stop) - x(start), 2.0), 1),
        month_x=x(start.replace(day=1)) if by_month else None,
        colour=colour,
        status=row["status"] or "",
        since=Day(since if by_month else row["valid_from"]),
    )
