"""Rows laid out for a person at a terminal: a table that never breaks an id, a date or a
status and wraps text within its column, or, where no such table fits the console, one
block per row (as psql's expanded display)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

LAYOUTS = ("auto", "table", "vertical")
TEXT_FLOOR = 10  # the narrowest a text column is squeezed to before the rows go vertical
KINDS = {
    "id": "id code proposal version number in_force example position",
    "event id": "event_id citation_id settled_by corrects retracts cites",
    "date": (
        "on raised decided effective since announced go_live deadline as_of first_planned "
        "went_live valid_from valid_to recorded_from recorded_to"
    ),
    "status": (
        "status state kind outcome stage change gap fact path basis difference from to "
        "implied settled in_scope step route starts_as"
    ),
}
KIND_OF = {name: kind for kind, names in KINDS.items() for name in names.split()}
DATE_SUFFIXES = ("_on", "_at", "_since")
# A word of text no column may break: an event id, or a date-time.
UNBREAKABLE = re.compile(r"[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}|\d{4}-\d\d-\d\dT\S+")
BETWEEN_ITEMS = re.compile(r"(?<=[,;]) ")  # where a list of ids or statuses may wrap


def kind_of(column: str) -> str:
    """`id`, `event id`, `date` and `status` values are never broken (a list of them wraps
    between its items); `text` wraps between words."""
    if column in KIND_OF:
        return KIND_OF[column]
    return "date" if column.endswith(DATE_SUFFIXES) else "text"


def wrapped(text: str) -> str:
    """A sentence wrapped to the console's width between words, never inside one."""
    import shutil
    import textwrap

    width = shutil.get_terminal_size().columns
    return "\n".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False))


def print_rows(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    title: str,
    layout: str,
    shown: Callable[[str, Any], str],
) -> None:
    """Write `rows` in `layout` (`auto`: a table where one fits the console, else one block
    per row); `shown(column, value)` is a cell's text. Columns with no value in any row are
    left out, and named below."""
    from rich.text import Text

    console = _console()
    cells = [[shown(c, row.get(c)) for c in columns] for row in rows]
    kept = [i for i, _ in enumerate(columns) if not rows or any(r[i] for r in cells)]
    headers = [columns[i].replace("_", " ") for i in kept]
    kinds = [kind_of(columns[i]) for i in kept]
    cells = [[r[i] for i in kept] for r in cells]
    widths = None if layout == "vertical" else fitted(headers, cells, kinds, console.width)
    if widths is None and layout == "table":
        widths = fitted(headers, cells, kinds, None)
    if widths is None:
        _print_blocks(console, headers, cells, kinds, title)
    else:
        _print_table(console, headers, cells, kinds, widths, title)
    if not rows:
        console.print(Text("(no rows)"))
    dropped = [c.replace("_", " ") for i, c in enumerate(columns) if i not in kept]
    if dropped:
        console.print(Text(f"(no values: {', '.join(dropped)})", style="dim"))


def fitted(
    headers: list[str], cells: list[list[str]], kinds: list[str], width: int | None
) -> list[int] | None:
    """Each column's width in a table of at most `width` characters (None: no limit), the
    widest text columns narrowed first; None where even the narrowest such table is wider:
    one that breaks no id, date, status or date-time and leaves text TEXT_FLOOR wide."""
    from rich.cells import cell_len

    natural, floor = [], []
    for index, (header, kind) in enumerate(zip(headers, kinds, strict=True)):
        values = [row[index] for row in cells]
        header_word = max(cell_len(word) for word in header.split())
        longest = max((cell_len(v) for v in values), default=0)
        natural.append(max(longest, cell_len(header)))
        if kind == "text":
            words = [w for v in values for w in v.split() if UNBREAKABLE.search(w)]
            kept_whole = max((cell_len(w) for w in words), default=0)
            floor.append(max(min(longest, TEXT_FLOOR), kept_whole, header_word))
        else:
            items = [cell_len(item) for v in values for item in BETWEEN_ITEMS.split(v)]
            floor.append(max([*items, header_word]))
    if width is None:
        return natural
    room = width - (3 * len(headers) + 1)  # a border and a space either side of each cell
    if sum(floor) > room:
        return None
    level = max(natural, default=0)
    while sum(max(f, min(n, level)) for f, n in zip(floor, natural, strict=True)) > room:
        level -= 1
    return [max(f, min(n, level)) for f, n in zip(floor, natural, strict=True)]


def _print_table(
    console: Any,
    headers: list[str],
    cells: list[list[str]],
    kinds: list[str],
    widths: list[int],
    title: str,
) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(title) if title else None, header_style="bold")
    for header, width in zip(headers, widths, strict=True):
        table.add_column(Text(header), width=width, overflow="fold")
    for row in cells:
        table.add_row(
            *(
                Text(v) if k == "text" else Text(_packed(v, w), no_wrap=True)
                for v, k, w in zip(row, kinds, widths, strict=True)
            )
        )
    console.width = max(console.width, sum(widths) + 3 * len(widths) + 1)
    console.print(table)


def _packed(value: str, width: int) -> str:
    """A list's items on as few lines of `width` as they fill, each item whole."""
    from rich.cells import cell_len

    lines: list[str] = []
    for item in BETWEEN_ITEMS.split(value):
        if lines and cell_len(lines[-1]) + 1 + cell_len(item) <= width:
            lines[-1] += " " + item
        else:
            lines.append(item)
    return "\n".join(lines)


def _print_blocks(
    console: Any, headers: list[str], cells: list[list[str]], kinds: list[str], title: str
) -> None:
    """One block per row: each field that has a value on a line of its own, its name
    first; a row's empty fields are left out."""
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text

    if title:
        console.print(Text(title, style="bold"))
    label_width = max((len(header) for header in headers), default=0)
    value_width = console.width - label_width - 2
    for number, row in enumerate(cells, 1):
        console.print(Rule(Text(f"{number} of {len(cells)}"), align="left", style="dim"))
        block = Table.grid(padding=(0, 2))
        block.add_column(no_wrap=True, style="bold", min_width=label_width)
        block.add_column(overflow="fold")
        for header, value, kind in zip(headers, row, kinds, strict=True):
            if value:
                block.add_row(
                    Text(header), Text(value if kind == "text" else _packed(value, value_width))
                )
        console.print(block)


def _console() -> Any:
    from rich.console import Console

    console = Console(soft_wrap=False)
    console.on_broken_pipe = _stopped_reading  # type: ignore[method-assign]
    return console


def _stopped_reading() -> None:
    """Rich's own exit when the reader goes away, left to the command's caller."""
    raise BrokenPipeError
