"""Options shared by commands: the two times of a point-in-time view, and what every
recording command takes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import click

from cli.param_types import CODE


def point_in_time(func: Callable[..., Any]) -> Callable[..., Any]:
    """--as-of (valid time, default today) and --known-at (record time, default now)."""
    func = click.option(
        "--known-at",
        metavar="TIMESTAMP",
        help="Only what had been recorded by then (ISO 8601 date or date-time).",
    )(func)
    return click.option(
        "--as-of",
        metavar="DATE",
        help="The world as it stood on this date (default: today).",
    )(func)


def times(as_of: str | None, known_at: str | None) -> tuple[date, datetime | None]:
    from ledger.domain.dates import parse_as_of, parse_known_at

    return (  # an empty value is refused, never taken as the default
        parse_as_of(as_of) if as_of is not None else date.today(),
        parse_known_at(known_at) if known_at is not None else None,
    )


def envelope_options() -> list[Any]:
    """What every recording command takes: when it happened, the code, a source, a note."""
    return [
        click.option(
            "--on",
            "on",
            required=True,
            metavar="DATE",
            help="When it happened: YYYY-MM-DD, or YYYY-MM if only the month is known.",
        ),
        click.option("--code", type=CODE, default="SEC", show_default=True, help="The code."),
        click.option("--source", help="Where this is recorded from (paper, section)."),
        click.option("--note", help="A free note."),
    ]
