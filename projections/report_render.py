"""The Panel report as Markdown, or as one self-contained HTML file with SVG timelines."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from typing import Any

from ledger.domain.processes import process_for
from ledger.domain.schedules import NOT_RECORDED
from projections.escaping import html_text, markdown_text
from projections.report import Report, Row

DASH = "\u2013"  # the en dash the SEC papers use between id and title
COLOURS = {  # by stage, the classification every code's statuses share
    "development": "#ffd92f",
    "raised": "#8da0cb",
    "assessment": "#e5c494",
    "refinement": "#66c2a5",
    "consultation": "#fc8d62",
    "decision": "#e78ac3",
    "authority": "#a6d854",
    "suspended": "#bbbbbb",
}


def long_date(text: str | None) -> str:
    """'2017-04-05' -> '5 April 2017'; '2017-02' -> 'February 2017'."""
    if not text:
        return ""
    if len(text) == 7:
        return date.fromisoformat(f"{text}-01").strftime("%B %Y")
    day = date.fromisoformat(text)
    return f"{day.day} {day.strftime('%B %Y')}"


Line = tuple[str, str]  # ("strong" | "p" | "li", text with its values escaped)
Escape = Callable[[Any], str]


def when(on: str) -> str:
    """A recorded date in words and as given: '5 April 2017 (2017-04-05)'."""
    return f"{long_date(on)} ({on})"


def id_and_title(proposal_id: str, title: str | None, e: Escape) -> str:
    """The id and title joined by the SEC's dash, saying so where no source gives a title."""
    return f"{e(proposal_id)} {DASH} {e(title or 'title not recorded')}"


def what(x: Row) -> str:
    return str(x["what"]).removeprefix("scheduled: ")


def announced(x: Row) -> str:
    """When a scheduled row was announced, in words and as given, or that no source gives it."""
    return f"announced {when(x['announced'])}" if x["announced"] else NOT_RECORDED


def decision_text(d: Row, e: Escape) -> str:
    return f"{when(d['happened_on'])}: {e(d['body'])}, {e(d['detail'])}"


def sections(report: Report, e: Escape) -> list[tuple[str, list[Line]]]:
    """The report's sections as headings and lines, every recorded value passed through
    `e` (Markdown or HTML escaping), so no title or note can act as markup."""
    code = report.code
    out: list[tuple[str, list[Line]]] = []
    lines: list[Line] = []
    for v in report.versions:
        called = f"Version {e(v['number'])}" if v["number"] else f"{e(v['basis'])} (no number)"
        made = f"{e(code)} {called} came into effect on {long_date(v['happened_on'])}"
        lines.append(("strong", f"{made} ({e(v['effective'])})."))
        for m in v["modifications"]:
            path = f", Path {e(m['path'])}" if m["path"] else ""
            named = f" ({e(m['path_name'])})" if m["path_name"] else ""
            lines.append(
                (
                    "p",
                    f"Implements {id_and_title(m['id'], m['title'], e)}{path}{named}.",
                )
            )
            lines += [
                ("li", f"{e(m['id'])} decision: {decision_text(d, e)}") for d in m["decisions"]
            ]
        if v["basis"] is None:
            lines.append(("p", "Its basis and contents are not recorded."))
        elif v["basis"] != "modification":
            lines.append(("p", f"Made by {e(v['basis'])}, implementing no modification."))
        lines.append(
            ("p", f"Amends: {', '.join(e(s) for s in v['sections']) or 'no section named'}.")
        )
        if v["note"]:
            lines.append(("p", e(v["note"])))
    out.append(("Code updates", lines or [("p", "No version came into effect in the period.")]))
    lines = []
    for p in report.new_proposals:
        lines.append(
            (
                "p",
                f"On {when(p['raised'])}, {e(p['proposer'] or 'a party')} "
                f"submitted {id_and_title(p['id'], p['title'], e)}; status {e(p['status'])}.",
            )
        )
        lines += [
            ("li", f"Pending: {e(what(x))} on {when(x['happened_on'])}; {announced(x)}.")
            for x in p["pending"]
        ]
    words = process_for(report.code)
    out.append((f"New {proposals_word(report)}", lines or [("p", "None raised in the period.")]))
    lines = [
        (
            "li",
            f"{id_and_title(d['proposal'], d['title'], e)}: {decision_text(d, e)}."
            + (f" {e(d['note'])}" if d["note"] else ""),
        )
        for d in report.decisions
    ]
    out.append(("Decisions taken", lines or [("p", "None in the period.")]))
    lines = [
        (
            "li",
            f"On {when(c['happened_on'])}, the {words.consultation_word} for "
            f"{id_and_title(c['proposal'], c['title'], e)} was issued; responses by "
            f"{when(c['deadline']) if c['deadline'] else 'a date not recorded'}.",
        )
        for c in report.consultations
    ]
    out.append(("Consultations issued", lines or [("p", "None issued in the period.")]))
    lines = [
        ("li", f"{e(x['proposal'])}: {e(what(x))}, {when(x['happened_on'])}; {announced(x)}.")
        for x in report.pending
    ]
    none = "Nothing announced by the report's date is scheduled after it."
    out.append(("Coming up", lines or [("p", none)]))
    return out


def table_headings(report: Report) -> tuple[str, ...]:
    word = process_for(report.code).proposal_word
    return (f"{word} #", f"{word} Title", "Status", "Since")


def proposals_word(report: Report) -> str:
    """What the report's code calls its proposals: Modification Proposals, Modifications."""
    return f"{process_for(report.code).proposal_word}s"


def table_cells(report: Report, e: Escape) -> list[tuple[str, str, str, str]]:
    return [
        (e(r["id"]), e(r["title"] or ""), e(r["status"] or ""), e(r["status_since"] or ""))
        for r in report.open_proposals
    ]


def as_markdown(value: Any) -> str:
    return markdown_text(str(value))


def as_html(value: Any) -> str:
    return html_text(str(value))


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
    marks = {"strong": "**{}**", "p": "{}", "li": "- {}"}
    body = sections(report, as_markdown)
    for number, (name, lines) in enumerate(body, start=1):
        parts += [f"## {number}. {name}", "", *(marks[s].format(t) for s, t in lines), ""]
    parts += [f"## {len(body) + 1}. Open {proposals_word(report)}", ""]
    parts.append("| " + " | ".join(table_headings(report)) + " |")
    parts.append("|---|---|---|---|")
    for cells in table_cells(report, as_markdown):
        parts.append("| " + " | ".join(cells) + " |")
    parts += ["", f"Table one: {proposals_word(report)} open on {report.as_of}", ""]
    return "\n".join(parts)


STYLE = (
    "body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}"
    "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.3em .5em;"
    "text-align:left}svg text{font-size:11px}"
)


def html(report: Report) -> str:
    title, scope = heading(report)
    body = [f"<h1>{escape(title)}</h1>", f"<p>{escape(scope)}</p>"]
    numbered = sections(report, as_html)
    for number, (name, lines) in enumerate(numbered, start=1):
        body.append(f"<h2>{number}. {escape(name)}</h2>")
        body += html_lines(lines)
    body.append(f"<h2>{len(numbered) + 1}. Open {escape(proposals_word(report))}</h2>")
    body.append('<table id="open-proposals"><thead><tr>')
    headings = table_headings(report)
    body.append("".join(f"<th>{escape(h)}</th>" for h in headings) + "</tr></thead><tbody>")
    for cells in table_cells(report, as_html):
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    body.append(
        f"</tbody><caption>Table one: {escape(proposals_word(report))} open on "
        f"{report.as_of}</caption>"
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


def html_lines(lines: list[Line]) -> list[str]:
    """Paragraphs in order; each run of list items one list."""
    out: list[str] = []
    items: list[str] = []
    for style, text in [*lines, ("end", "")]:
        if style == "li":
            items.append(f"<li>{text}</li>")
            continue
        if items:
            out.append("<ul>" + "".join(items) + "</ul>")
            items = []
        if style == "strong":
            out.append(f"<p><strong>{text}</strong></p>")
        elif style == "p":
            out.append(f"<p>{text}</p>")
    return out


def timeline_svg(report: Report) -> str:
    """One bar per open proposal, coloured by stage, on a shared date axis."""
    process = process_for(report.code)
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
        parts.append(f'<text x="0" y="{y + 12}">{as_html(pid)}</text>')
        for s in rows:
            start = date.fromisoformat(s["valid_from"])
            stop = min(date.fromisoformat(s["valid_to"]) if s["valid_to"] else end, end)
            colour = COLOURS.get(process.stage_of(s["status"]) or "", "#dddddd")
            w = max(x(stop) - x(start), 2)
            parts.append(
                f'<rect x="{x(start):.1f}" y="{y}" width="{w:.1f}" height="{height - 4}" '
                f'fill="{colour}"><title>{as_html(pid)}: {as_html(s["status"] or "")} from '
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
