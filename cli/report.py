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
@click.option("--author", metavar="NAME", help="Who the paper is from (default: not shown).")
@click.option(
    "--classification",
    type=click.Choice(["white", "green", "amber", "red"], case_sensitive=False),
    default="white",
    show_default=True,
    help="Its class under the Panel Information Policy.",
)
@pass_session
def report(
    session: Session,
    as_of: str,
    since: str | None,
    code: str,
    fmt: str,
    author: str | None,
    classification: str,
) -> None:
    """The ledger's own update for a Panel, laid out like its SEC Update paper: code
    updates (each version with what it implements and the decisions that approved it),
    new proposals, decisions, consultations, the open proposals as of --as-of, and what
    is coming up. HTML prints on A4 with a timeline of the open proposals' stages.

    \b
    Example:
      govledger report --as-of 2017-04-10 --since 2017-03-01 --format html \\
        --author "SECAS Team" > update.html
    """
    from datetime import timedelta

    from ledger.domain.dates import parse_as_of, parse_event_date
    from ledger.domain.errors import InvalidInput
    from ledger.domain.processes import process_for
    from ledger.domain.text import check_text
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
    check_text("--author", author)
    if author is not None and not author.strip():
        raise InvalidInput("--author is empty: give a name, or leave it out")
    tables = tables_for(session)
    try:
        paper = build(tables, code, day, start)
        click.echo(render(paper, fmt, classification.title(), author), nl=False)
    finally:
        tables.close()


COMMANDS = [report]
