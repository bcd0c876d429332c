"""The Panel report: the ledger's own "SEC Update" for a period."""

from __future__ import annotations

import click

from cli.param_types import CODE
from cli.session import Session, pass_session


@click.command("report")
@click.option("--as-of", required=True, metavar="DATE", help="The report's date.")
@click.option("--since", metavar="DATE", help="Start of the period (default: 30 days earlier).")
@click.option("--code", type=CODE, default="SEC", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True)
@pass_session
def report(session: Session, as_of: str, since: str | None, code: str, fmt: str) -> None:
    """The ledger's own update for a Panel: versions that came into effect, new
    proposals, decisions, consultations, and the open proposals as of --as-of.

    \b
    Example:
      govledger report --as-of 2017-04-10 --since 2017-03-01 --format html > update.html
    """
    from datetime import timedelta

    from ledger.domain.dates import parse_as_of, parse_event_date
    from ledger.domain.errors import InvalidInput
    from ledger.domain.processes import process_for
    from projections.queries import tables_for
    from projections.report import build
    from projections.report_render import render

    process_for(code)
    day = parse_as_of(as_of)
    start = (
        parse_event_date(since, "--since").effective
        if since is not None
        else day - timedelta(days=30)
    )
    if len(since or "") == 7:
        start = start.replace(day=1)
    if start > day:
        raise InvalidInput(f"--since {since} is after --as-of {as_of}")
    tables = tables_for(session)
    try:
        click.echo(render(build(tables, code, day, start), fmt), nl=False)
    finally:
        tables.close()


COMMANDS = [report]
