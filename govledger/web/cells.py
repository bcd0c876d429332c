"""Table cells as HTML: recorded text escaped, ids linked to their own pages (a proposal,
a release, an event's inclusion proof). Written in Python, not in the template, because a
register has thousands of cells."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

Link = Callable[..., str] | None
PROOFS = ("event_id", "citation_id", "settled_by")
PROPOSALS = ("implements", "scope")
UNKNOWN = '<span class="unknown">not recorded</span>'


def cell(column: str, value: Any, link: Link = None) -> Markup:
    return Markup(cell_html(column, value, link))


def cell_html(column: str, value: Any, link: Link = None) -> str:
    if value is None:
        return UNKNOWN if column in ("title", "proposer") else ""
    if value is True:
        return "yes"
    if value is False:
        return ""
    if column in PROOFS:
        shown = escape(str(value))
        return (
            f'<a class="proof" href="/proofs/{quote(str(value), safe="")}" '
            f'title="the inclusion proof of event {shown}">{shown[:8]} (proof)</a>'
        )
    if link is not None and column == "id":
        return _linked(link("proposals", str(value)), value)
    if link is not None and column == "release":
        return _linked(link("release", str(value)), value)
    if link is not None and column in PROPOSALS and isinstance(value, list):
        return ", ".join(_linked(link("proposals", str(v)), v) for v in value)
    return escape(text(value))


def _in_row(row: dict[str, Any], name: str, link: Link) -> str:
    """A cell of a row; a version in a list of changes is linked to the code from its date."""
    if name == "id" and link is not None and row.get("change") == "version":
        return _linked(link("code", day=row["on"]), row["id"])
    return cell_html(name, row.get(name), link)


def _linked(href: str, value: Any) -> str:
    return f'<a href="{escape(href)}">{escape(str(value))}</a>'


def text(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {text(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "; ".join(text(v) for v in value)
    return str(value)


def columns_of(rows: list[dict[str, Any]], columns: list[str]) -> list[str]:
    """The columns given, then any other a row has, in order (as the CLI's tables)."""
    return list(dict.fromkeys([*columns, *(name for row in rows for name in row)]))


def body(rows: list[dict[str, Any]], names: list[str], link: Link = None) -> Markup:
    """The rows of a table, a <tr> each; an implied row and a disputed row marked."""
    heads = [f'<td data-column="{escape(name)}">' for name in names]
    lines = []
    for row in rows:
        marked = " implied" if row.get("implied") else ""
        marked += " disputed" if row.get("disputes") else ""
        start = f'<tr class="{marked.strip()}">' if marked else "<tr>"
        cells = "".join(
            f"{head}{_in_row(row, name, link)}</td>"
            for head, name in zip(heads, names, strict=True)
        )
        lines.append(f"{start}{cells}</tr>")
    return Markup("\n".join(lines))
