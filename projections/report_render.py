"""The Panel report as Markdown, or as one self-contained HTML file with SVG timelines."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from projections.report import Report, Row

DASH = "\u2013"  # the en dash the SEC papers use between id and title
COLOURS = {
    "Modification Proposal Submitted": "#8da0cb",
    "Refinement": "#66c2a5",
    "Report Phase": "#fc8d62",
    "Change Board": "#e78ac3",
    "Authority Determination": "#a6d854",
    "Suspended": "#bbbbbb",
}


def long_date(text: str | None) -> str:
    """'2017-04-05' -> '5 April 2017'; '2017-02' -> 'February 2017'."""
    if not text:
        return ""
    if len(text) == 7:
        return date.fromisoformat(f"{text}-01").strftime("%B %Y")
    day = date.fromisoformat(text)
    return f"{day.day} {day.strftime('%B %Y')}"


def what(x: Row) -> str:
    return str(x["what"]).removeprefix("scheduled: ")


def decision_text(d: Row) -> str:
    return f"{long_date(d['happened_on'])} ({d['happened_on']}): {d['body']}, {d['detail']}"


def sections(report: Report) -> list[tuple[str, list[str]]]:
    """The report's sections as headings and paragraphs of plain text."""
    code = report.code
    out: list[tuple[str, list[str]]] = []
    lines = []
    for v in report.versions:
        made = f"{code} Version {v['number']} came into effect on {long_date(v['happened_on'])}"
        lines.append(f"**{made} ({v['effective']}).**")
        for m in v["modifications"]:
            path = f", Path {m['path']}" if m["path"] else ""
            named = f" ({m['path_name']})" if m["path_name"] else ""
            lines.append(f"Implements {m['id']} {DASH} {m['title']}{path}{named}.")
            lines += [f"- {m['id']} decision: {decision_text(d)}" for d in m["decisions"]]
        if v["basis"] != "modification":
            lines.append(f"Made by {v['basis']}, implementing no modification.")
        lines.append(f"Amends: {', '.join(v['sections']) or 'no section named'}.")
        if v["note"]:
            lines.append(v["note"])
    out.append(("Code updates", lines or ["No version came into effect in the period."]))
    lines = []
    for p in report.new_proposals:
        lines.append(
            f"On {long_date(p['raised'])} ({p['raised']}), {p['proposer'] or 'a party'} "
            f"submitted {p['id']} {DASH} {p['title']}; status {p['status']}."
        )
        lines += [
            f"- Pending: {what(x)} on {long_date(x['happened_on'])} ({x['happened_on']})."
            for x in p["pending"]
        ]
    out.append(("New Modification Proposals", lines or ["None raised in the period."]))
    lines = [
        f"- {d['proposal']} {DASH} {d['title']}: {decision_text(d)}."
        + (f" {d['note']}" if d["note"] else "")
        for d in report.decisions
    ]
    out.append(("Decisions taken", lines or ["None in the period."]))
    lines = [
        f"- On {long_date(c['happened_on'])} ({c['happened_on']}), the Modification Report "
        f"Consultation for {c['proposal']} {DASH} {c['title']} was issued; responses by "
        f"{long_date(c['deadline'])} ({c['deadline']})."
        for c in report.consultations
    ]
    out.append(("Consultations issued", lines or ["None issued in the period."]))
    lines = [
        f"- {x['proposal']}: {what(x)}, {long_date(x['happened_on'])} ({x['happened_on']})."
        for x in report.pending
    ]
    out.append(("Coming up", lines or ["Nothing scheduled after the report's date."]))
    return out


TABLE_HEADINGS = ("Modification Proposal #", "Modification Proposal Title", "Status", "Since")


def table_cells(report: Report) -> list[tuple[str, str, str, str]]:
    return [
        (r["id"], r["title"] or "", r["status"] or "", r["status_since"] or "")
        for r in report.open_proposals
    ]


def heading(report: Report) -> tuple[str, str]:
    title = f"{report.code} Update, {long_date(report.as_of)}"
    scope = (
        f"Covering {report.since} to {report.as_of}; complete to everything recorded up to "
        f"{report.complete_to} ({report.events} events)."
    )
    return title, scope


def markdown(report: Report) -> str:
    title, scope = heading(report)
    parts = [f"# {title}", "", scope, ""]
    for number, (name, lines) in enumerate(sections(report), start=1):
        parts += [f"## {number}. {name}", "", *lines, ""]
    parts += [f"## {len(sections(report)) + 1}. Open Modification Proposals", ""]
    parts.append("| " + " | ".join(TABLE_HEADINGS) + " |")
    parts.append("|---|---|---|---|")
    for cells in table_cells(report):
        parts.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    parts += ["", f"Table one: Modification Proposals open on {report.as_of}", ""]
    return "\n".join(parts)


STYLE = (
    "body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}"
    "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.3em .5em;"
    "text-align:left}svg text{font-size:11px}"
)


def html(report: Report) -> str:
    title, scope = heading(report)
    body = [f"<h1>{escape(title)}</h1>", f"<p>{escape(scope)}</p>"]
    for number, (name, lines) in enumerate(sections(report), start=1):
        body.append(f"<h2>{number}. {escape(name)}</h2>")
        items = [line for line in lines if line.startswith("- ")]
        for line in lines:
            if not line.startswith("- "):
                body.append(f"<p>{inline(line)}</p>")
        if items:
            body.append("<ul>" + "".join(f"<li>{inline(i[2:])}</li>" for i in items) + "</ul>")
    body.append(f"<h2>{len(sections(report)) + 1}. Open Modification Proposals</h2>")
    body.append('<table id="open-proposals"><thead><tr>')
    body.append("".join(f"<th>{escape(h)}</th>" for h in TABLE_HEADINGS) + "</tr></thead><tbody>")
    for cells in table_cells(report):
        body.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    body.append(
        f"</tbody><caption>Table one: Modification Proposals open on {report.as_of}</caption>"
        "</table>"
    )
    body.append("<h2>Stages of the open proposals</h2>")
    body.append(timeline_svg(report))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def inline(text: str) -> str:
    escaped = escape(text)
    if escaped.startswith("**") and escaped.endswith("**"):
        return f"<strong>{escaped[2:-2]}</strong>"
    return escaped


def timeline_svg(report: Report) -> str:
    """One bar per open proposal, coloured by stage, on a shared date axis."""
    stages = report.stages
    starts = [date.fromisoformat(s["valid_from"]) for rows in stages.values() for s in rows]
    end = date.fromisoformat(report.as_of)
    first = min(starts, default=end)
    span = max((end - first).days, 1)
    left, width, height = 90, 560, 18
    x = lambda d: left + width * (d - first).days / span  # noqa: E731
    parts: list[str] = []
    for row_number, (pid, rows) in enumerate(stages.items()):
        y = 20 + row_number * height
        parts.append(f'<text x="0" y="{y + 12}">{escape(pid)}</text>')
        for s in rows:
            start = date.fromisoformat(s["valid_from"])
            stop = min(date.fromisoformat(s["valid_to"]) if s["valid_to"] else end, end)
            colour = COLOURS.get(s["status"], "#dddddd")
            w = max(x(stop) - x(start), 2)
            parts.append(
                f'<rect x="{x(start):.1f}" y="{y}" width="{w:.1f}" height="{height - 4}" '
                f'fill="{colour}"><title>{escape(pid)}: {escape(s["status"] or "")} from '
                f"{s['valid_from']}</title></rect>"
            )
    total = 40 + len(stages) * height
    axis = (
        f'<text x="{left}" y="{total - 4}">{first.isoformat()}</text>'
        f'<text x="{left + width - 60}" y="{total - 4}">{end.isoformat()}</text>'
    )
    legend = "".join(f'<tspan fill="{c}">■</tspan> {escape(s)}  ' for s, c in COLOURS.items())
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 10}" '
        f'height="{total + 20}" role="img" aria-label="Stages of the open proposals">'
        + "".join(parts)
        + axis
        + f'<text x="0" y="{total + 14}">{legend}</text></svg>'
    )


def render(report: Report, fmt: str) -> str:
    return html(report) if fmt == "html" else markdown(report)


__all__: list[Any] = ["render"]
