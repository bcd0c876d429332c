"""Rows out, in the format asked: table, json, jsonl, csv or md."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from cli.terminal import LAYOUTS, kind_of, print_rows
from projections.export_schema import LIST_SEPARATOR

FORMATS = ("table", "json", "jsonl", "csv", "md")
LAYOUT_KEY = "govledger.layout"


def format_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """--format, and --layout for a table (kept in the context: `emit` reads it)."""
    func = click.option(
        "--layout",
        type=click.Choice(LAYOUTS),
        default=None,
        expose_value=False,
        callback=_keep_layout,
        help="How a table is laid out: auto (a table where one fits the terminal, else "
        "one block per row; the default but for events and history), table, or vertical "
        "(one block per row).",
    )(func)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default=None,
        help="Output format (default: table on a terminal, jsonl when piped).",
    )(func)


def _keep_layout(ctx: click.Context, _: click.Parameter, layout: str | None) -> None:
    if layout is not None:
        ctx.meta[LAYOUT_KEY] = layout


SHORT_IDS_KEY = "govledger.short_ids"


def shown_event_id(event_id: object) -> str:
    """An event id as a person reads it: the shortest prefix (eight characters or more)
    that names it alone in the open ledger, which every command taking an id accepts;
    the whole id where no ledger is open."""
    text = str(event_id)
    ctx = click.get_current_context(silent=True)
    known: dict[str, str] = ctx.meta.get(SHORT_IDS_KEY, {}) if ctx else {}
    return known.get(text, text)


def short_event_id(event_id: object) -> str:
    """One event id by its shortest unique prefix in the open ledger (as git's commit
    prints its abbreviated hash); the whole id where none is open."""
    text = str(event_id)
    session = _session()
    if session is None:
        return text
    return session.reader().short_event_ids([text]).get(text, text)


def _session() -> Any:
    """The command line's open ledger, where a command is running."""
    from cli.session import Session

    ctx = click.get_current_context(silent=True)
    return ctx.find_object(Session) if ctx else None


def _shorten_ids(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    """Work out, in one go, how each event id the rows hold is shown (`shown_event_id`)."""
    ctx, session = click.get_current_context(silent=True), _session()
    if ctx is None or session is None:
        return
    ids = {
        str(item)
        for row in rows
        for column in columns
        if kind_of(column) == "event id" and row.get(column) is not None
        for item in (row[column] if isinstance(row[column], list | tuple) else [row[column]])
    }
    if ids:
        short = session.reader().short_event_ids(ids)
        ctx.meta[SHORT_IDS_KEY] = {**ctx.meta.get(SHORT_IDS_KEY, {}), **short}


def resolve(fmt: str | None) -> str:
    if fmt:
        return fmt
    return "table" if sys.stdout.isatty() else "jsonl"


def emit(
    rows: Sequence[dict[str, Any]],
    fmt: str | None,
    title: str = "",
    columns: Sequence[str] = (),
    layout: str = "auto",
) -> None:
    """Write rows to stdout in the chosen format (`columns` heads an empty table); a table
    in `layout` unless --layout says otherwise."""
    chosen = resolve(fmt)
    columns = list(dict.fromkeys([*columns, *(name for row in rows for name in row)]))
    if chosen == "json":
        click.echo(_orjson().dumps(list(rows), option=_orjson().OPT_INDENT_2).decode())
    elif chosen == "jsonl":
        if rows:  # one write, not one a row
            click.echo(b"\n".join(map(_orjson().dumps, rows)).decode())
    elif chosen == "csv":
        click.echo(to_csv(rows, columns), nl=False)
    elif chosen == "md":
        click.echo(to_markdown(rows, columns))
    else:
        from projections.escaping import visible

        asked = click.get_current_context(silent=True)
        layout = asked.meta.get(LAYOUT_KEY, layout) if asked else layout
        _shorten_ids(rows, columns)
        print_rows(rows, columns, visible(title), layout, terminal_cell)


def said_unknown(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    fmt: str | None,
    words: str = "not recorded",
) -> list[dict[str, Any]]:
    """Rows in which a fact no source gave (None in `columns`) reads `not recorded` (or
    `words`) where a person reads it (a table, Markdown, CSV); JSON keeps it null."""
    if resolve(fmt) in ("json", "jsonl"):
        return list(rows)
    return [{k: words if k in columns and v is None else v for k, v in row.items()} for row in rows]


def _orjson() -> Any:
    import orjson

    return orjson


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def csv_value(value: Any) -> Any:
    """What a CSV cell holds: a number as it is, a boolean as `true` or `false`, a list
    joined by the exports' one separator, anything else as `cell` writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return value if isinstance(value, int | float) else cell(value)


def to_csv(rows: Sequence[dict[str, Any]], columns: list[str]) -> str:
    from projections.escaping import csv_cell

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(csv_value(row.get(c))) for c in columns])
    return buffer.getvalue()


def to_markdown(rows: Sequence[dict[str, Any]], columns: list[str]) -> str:
    from projections.escaping import markdown_text

    if not columns:
        return ""
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += [
        "| " + " | ".join(markdown_text(cell(r.get(c))) for c in columns) + " |" for r in rows
    ]
    return "\n".join(lines)


def terminal_cell(column: str, value: Any) -> str:
    """A cell as a person reads it at a terminal: recorded text shown literally, never as
    rich markup or as control sequences; an event id as `shown_event_id` gives it."""
    from projections.escaping import visible

    if value is not None and kind_of(column) == "event id":
        items = value if isinstance(value, list | tuple) else [value]
        return visible(", ".join(shown_event_id(item) for item in items))
    return visible(cell(value))
