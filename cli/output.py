"""Rows out, in the format asked: table, json, jsonl, csv or md."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

FORMATS = ("table", "json", "jsonl", "csv", "md")


def format_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default=None,
        help="Output format (default: table on a terminal, jsonl when piped).",
    )(func)


def resolve(fmt: str | None) -> str:
    if fmt:
        return fmt
    return "table" if sys.stdout.isatty() else "jsonl"


def emit(
    rows: Sequence[dict[str, Any]],
    fmt: str | None,
    title: str = "",
    columns: Sequence[str] = (),
) -> None:
    """Write rows to stdout in the chosen format (`columns` heads an empty table)."""
    chosen = resolve(fmt)
    columns = list(dict.fromkeys([*columns, *(name for row in rows for name in row)]))
    if chosen == "json":
        click.echo(_orjson().dumps(list(rows), option=_orjson().OPT_INDENT_2).decode())
    elif chosen == "jsonl":
        for row in rows:
            click.echo(_orjson().dumps(row).decode())
    elif chosen == "csv":
        click.echo(to_csv(rows, columns), nl=False)
    elif chosen == "md":
        click.echo(to_markdown(rows, columns))
    else:
        print_table(rows, columns, title)


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
    """What a CSV cell holds: a number as it is, anything else as `cell` writes it."""
    return value if isinstance(value, int | float) and not isinstance(value, bool) else cell(value)


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


def stopped_reading() -> None:
    """Rich's own exit when the reader goes away, left to the command's caller."""
    raise BrokenPipeError


def print_table(rows: Sequence[dict[str, Any]], columns: list[str], title: str) -> None:
    """A table for a terminal: recorded text shown literally, never as rich markup or as
    control sequences."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from projections.escaping import visible

    table = Table(title=Text(visible(title)) if title else None, header_style="bold")
    for column in columns:
        table.add_column(column.replace("_", " "), overflow="fold")
    for row in rows:
        table.add_row(*(Text(visible(cell(row.get(c)))) for c in columns))
    console = Console(soft_wrap=False)
    console.on_broken_pipe = stopped_reading  # type: ignore[method-assign]
    console.print(table)
    if not rows:
        click.echo("(no rows)")


def shown_event_id(event_id: object) -> str:
    return str(event_id)
