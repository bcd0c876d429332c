"""`govledger process`: a code's rules as they stood on a date, from the definitions."""

from __future__ import annotations

import click

from cli.output import emit, format_option, resolve
from cli.session import Session, pass_session

PARTS = ("steps", "statuses", "ids", "paths", "bodies")


@click.command("process")
@click.argument("code")
@click.option("--on", "on", metavar="DATE", help="The date (default: today).")
@click.option("--part", type=click.Choice(PARTS), help="Only this part (default: every part).")
@format_option
@pass_session
def process(session: Session, code: str, on: str | None, part: str | None, fmt: str | None) -> None:
    """The modification process in force for CODE on a date: its statuses, steps, who
    decides, its ids and paths.

    \b
    Example:
      govledger process SEC --on 2020-01-01
      govledger process UNC --part steps --format csv
    """
    from cli.record import RECORDED_BY
    from ledger.domain.dates import parse_as_of
    from ledger.domain.processes import process_for
    from ledger.domain.processes.describe import describe

    day = parse_as_of(on) if on else None
    told = describe(process_for(code, day))
    for row in told["steps"]:
        row["command"] = RECORDED_BY.get(row["step"].split(":")[0])
        if row["step"].startswith("milestone:"):
            row["command"] = f"milestone --step {row['step'].split(':', 1)[1]}"
    chosen = resolve(fmt)
    if chosen == "csv" and part is None:
        part = "steps"  # one table to a CSV
    if chosen == "json" and part is None:
        import orjson

        click.echo(orjson.dumps(told, option=orjson.OPT_INDENT_2).decode())
        return
    since = f", in force from {told['in_force_from']}" if told["in_force_from"] else ""
    if chosen in ("table", "md"):
        click.echo(f"{code}: {told['process']}{since}. {told['summary']}")
    for name in (part,) if part else PARTS:
        rows = told[name]
        if chosen == "jsonl" and part is None:
            rows = [{"part": name, **row} for row in rows]
        if chosen in ("table", "md") and part is None:
            click.echo(f"\n{name.capitalize()}")
        emit(rows, fmt, title=f"{told['process']}: {name}")


COMMANDS = [process]
