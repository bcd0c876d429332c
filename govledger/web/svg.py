"""Pictures drawn on the server as SVG: a proposal's stages on a time axis, a code's open
proposals by status over time, and a release calendar. Every text is escaped."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape
from typing import Any

from markupsafe import Markup

WIDTH = 900
PALETTE = ("#1b6ca8", "#e07b00", "#2e8b57", "#8e44ad", "#c0392b", "#7f8c8d", "#b8860b", "#16a085")


def _t(value: Any) -> str:
    return escape(str(value), quote=True)


def _x(day: date, first: date, last: date, left: int, right: int) -> float:
    span = max((last - first).days, 1)
    return left + (right - left) * (day - first).days / span


def timeline(rows: Sequence[dict[str, Any]], title: str) -> Markup:
    """Each timeline entry a mark on a time axis, in order down the page: recorded filled,
    implied hollow and dashed, pending grey, a disputed entry ringed in red."""
    from ledger.domain.dates import effective_date

    dated = [(effective_date(r["on"]), r) for r in rows if r.get("on")]
    if not dated:
        return Markup("")
    first, last = min(d for d, _ in dated), max(d for d, _ in dated)
    left, right, top, step = 20, 520, 40, 26
    height = top + step * len(dated) + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}">',
        f"<title>{_t(title)}</title>",
        f'<line x1="{left}" y1="24" x2="{right}" y2="24" class="axis"/>',
        f'<text x="{left}" y="16" class="tick">{_t(first.isoformat())}</text>',
        f'<text x="{right}" y="16" class="tick" text-anchor="end">{_t(last.isoformat())}</text>',
    ]
    for i, (day, row) in enumerate(dated):
        x, y = _x(day, first, last, left, right), top + step * i
        kind = "pending" if str(row["what"]).startswith("pending:") else "recorded"
        kind = "implied" if row.get("implied") else kind
        disputed = " disputed" if row.get("disputes") else ""
        label = f"{row['on']}  {row['what']}" + ("  (implied)" if row.get("implied") else "")
        label += "  [disputed]" if disputed else ""
        parts += [
            f'<g class="stage {kind}{disputed}">',
            f"<title>{_t(label)}</title>",
            f'<line x1="{x:.1f}" y1="24" x2="{x:.1f}" y2="{y}" class="drop"/>',
            f'<circle cx="{x:.1f}" cy="{y}" r="6"/>',
            f'<text x="{right + 12}" y="{y + 4}">{_t(_short(label, 60))}</text>',
            "</g>",
        ]
    parts.append("</svg>")
    return Markup("".join(parts))


def _short(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def open_by_status(counts: Sequence[tuple[date, dict[str, int]]], title: str) -> str:
    """A stacked area of the open proposals on each date, one band a status."""
    statuses = list(dict.fromkeys(s for _, by in counts for s in sorted(by)))
    left, right, top, bottom = 50, 620, 30, 330
    height = bottom + 30 + 18 * len(statuses)
    most = max((sum(by.values()) for _, by in counts), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" font-family="sans-serif" font-size="12">',
        f"<title>{_t(title)}</title>",
        f'<text x="{left}" y="18">{_t(title)}</text>',
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#333"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{most}</text>',
        f'<text x="{left - 6}" y="{bottom}" text-anchor="end">0</text>',
    ]
    if len(counts) >= 1:
        first, last = counts[0][0], counts[-1][0]
        xs = [_x(d, first, last, left, right) for d, _ in counts]
        below = [0.0] * len(counts)
        for n, status in enumerate(statuses):
            above = [b + by.get(status, 0) for b, (_, by) in zip(below, counts, strict=True)]

            def y(v: float) -> float:
                return bottom - (bottom - top) * v / most

            edge = [f"{x:.1f},{y(v):.1f}" for x, v in zip(xs, above, strict=True)]
            base = [f"{x:.1f},{y(v):.1f}" for x, v in reversed(list(zip(xs, below, strict=True)))]
            colour = PALETTE[n % len(PALETTE)]
            parts.append(
                f'<polygon points="{" ".join(edge + base)}" fill="{colour}" opacity="0.85">'
                f"<title>{_t(status)}</title></polygon>"
            )
            ly = bottom + 30 + 18 * n
            parts.append(f'<rect x="{left}" y="{ly - 10}" width="12" height="12" fill="{colour}"/>')
            parts.append(f'<text x="{left + 18}" y="{ly}">{_t(status)}</text>')
            below = above
        parts.append(f'<text x="{left}" y="{bottom + 16}">{_t(first.isoformat())}</text>')
        parts.append(
            f'<text x="{right}" y="{bottom + 16}" text-anchor="end">{_t(last.isoformat())}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


MONTHS = "JFMAMJJASOND"


def release_calendar(rows: Sequence[dict[str, Any]], title: str) -> Markup:
    """A year a row, a month a column; each release at its go-live month, filled when it
    went live, hollow while planned."""
    from ledger.domain.dates import effective_date

    dated = [(effective_date(r["go_live"]), r) for r in rows if r.get("go_live")]
    if not dated:
        return Markup("")
    years = list(range(min(d.year for d, _ in dated), max(d.year for d, _ in dated) + 1))
    cell, left, top = 60, 60, 30
    height = top + cell * len(years) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="calendar" role="img" '
        f'viewBox="0 0 {left + cell * 12 + 10} {height}" width="{left + cell * 12 + 10}" '
        f'height="{height}">',
        f"<title>{_t(title)}</title>",
    ]
    for m, letter in enumerate(MONTHS):
        parts.append(f'<text x="{left + cell * m + cell / 2}" y="20" class="tick">{letter}</text>')
    for n, year in enumerate(years):
        y = top + cell * n
        parts.append(f'<text x="4" y="{y + cell / 2}" class="tick">{year}</text>')
        for m in range(12):
            x = left + cell * m
            parts.append(f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" class="month"/>')
    placed: dict[tuple[int, int], int] = {}
    for day, row in dated:
        slot = (day.year, day.month)
        k = placed[slot] = placed.get(slot, -1) + 1
        x = left + cell * (day.month - 1) + 12 + 14 * (k % 3)
        y = top + cell * years.index(day.year) + 14 + 14 * (k // 3)
        state = "live" if row.get("state") == "went live" else "planned"
        label = f"{row['release']}: {state}, {row['go_live']}"
        parts.append(
            f'<g class="release {state}"><title>{_t(label)}</title>'
            f'<circle cx="{x}" cy="{y}" r="5"/></g>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
