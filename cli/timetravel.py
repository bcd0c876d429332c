"""Auditors' views across time: the code on a date, what changed, and reconciliation."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cli.options import point_in_time, times
from cli.output import emit, format_option, resolve, said_unknown
from cli.param_types import CODE
from cli.read import banner
from cli.session import EXIT_DIFFERS, Session, pass_session


@click.command("code")
@click.argument("code", default="SEC")
@point_in_time
@format_option
@pass_session
def code(
    session: Session, code: str, as_of: str | None, known_at: str | None, fmt: str | None
) -> None:
    """The code on --as-of: the version in force and since when, the chain of
    versions, each section's amendments in force, and the versions pending.

    \b
    Example:
      govledger code SEC --as-of 2017-03-20
    """
    from govledger import answers
    from projections.escaping import visible
    from projections.views.code_view import UNKNOWN_COLUMNS, headline

    day, recorded_by = times(as_of, known_at)
    answer = answers.code(session, code, as_of=day, known_at=recorded_by)
    view, pending = answer.rows[0], answer.pending
    if resolve(fmt) in ("json", "jsonl"):
        emit(answer.rows, fmt)
        return
    banner(answer.horizon.banner(f"{code} code"), fmt or "table")
    click.echo(visible(headline(view, pending[0] if pending else None)))
    for title, rows in (
        ("Versions in force", view["chain"]),
        ("Sections amended", view["sections"]),
        ("Pending after this date", view["pending"]),
    ):
        if rows:
            click.echo("")
            rows = said_unknown(rows, ("version",), fmt, "no number")  # a direction's
            emit(said_unknown(rows, UNKNOWN_COLUMNS, fmt), fmt or "table", title=title)


@click.command("diff")
@click.option("--from", "start", required=True, metavar="DATE", help="The earlier date.")
@click.option("--to", "end", required=True, metavar="DATE", help="The later date.")
@click.option("--known-at", metavar="TIMESTAMP", help="Only what had been recorded by then.")
@click.option(
    "--code", type=CODE, default=None, help="Only this code's changes (default: every code)."
)
@format_option
@pass_session
def diff(
    session: Session,
    start: str,
    end: str,
    known_at: str | None,
    code: str | None,
    fmt: str | None,
) -> None:
    """What changed between two dates: proposals that appeared, changed status (by
    which decision), were decided or implemented, and versions that came into effect.

    \b
    Example:
      govledger diff --from 2017-03-01 --to 2017-04-10
    """
    from govledger import answers
    from ledger.domain.dates import parse_as_of
    from ledger.domain.errors import InvalidInput

    answers.known_code(code)
    first, last = parse_as_of(start, "--from"), parse_as_of(end, "--to")
    if first > last:
        raise InvalidInput(f"--from {start} is after --to {end}")
    _, recorded_by = times(None, known_at)
    answer = answers.diff(session, first, last, known_at=recorded_by, code=code)
    changes = f"Changes from {first.isoformat()} to {last.isoformat()}"
    banner(answer.horizon.banner(changes, False), fmt)
    emit(answer.rows, fmt, title="Changes")


@click.command("reconcile")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--code", type=CODE, default="SEC", show_default=True, help="The code the register is of."
)
@point_in_time
@format_option
@pass_session
def reconcile(
    session: Session,
    file: Path,
    code: str,
    as_of: str | None,
    known_at: str | None,
    fmt: str | None,
) -> None:
    """Compare a published register (CSV, TSV or Markdown table with id, title and
    status columns) with the ledger's register as of --as-of. Each status or title
    that differs comes with the `govledger cite` command that records it as a dispute,
    citing the register file. Exit status 1 when anything differs, 0 when all agree.

    \b
    Example:
      govledger reconcile data/sec-update-2017-04-10-table-one.md --as-of 2017-04-10
    """
    from govledger import answers

    day, recorded_by = times(as_of, known_at)
    answer = answers.reconcile(session, str(file), code=code, as_of=day, known_at=recorded_by)
    found = answer.rows[0]
    differences = found["differences"]
    banner(answer.horizon.banner(f"Reconciliation of {file.name}"), fmt)
    if resolve(fmt) in ("json", "jsonl"):
        emit(answer.rows, fmt)
    elif differences:
        emit(differences, fmt, title=f"{len(differences)} differences")
    else:
        click.echo(f"All {found['published_rows']} published rows agree with the ledger.")
    if differences:
        sys.exit(EXIT_DIFFERS)


@click.command("gaps")
@click.option(
    "--code", type=CODE, default=None, help="Only this code's proposals (default: every code)."
)
@point_in_time
@format_option
@pass_session
def gaps(
    session: Session, code: str | None, as_of: str | None, known_at: str | None, fmt: str | None
) -> None:
    """What the record lacks on --as-of: every stage a recorded step implies (shown as
    implied, never as recorded), every fact no source gave and every fact sources give
    differently (open disputes: `govledger disputes` lists settled ones too), proposal
    by proposal.

    \b
    Example:
      govledger gaps --code SEC --as-of 2017-04-10
    """
    from govledger import answers

    day, recorded_by = times(as_of, known_at)
    answer = answers.gaps(session, as_of=day, known_at=recorded_by, code=code)
    rows = answer.rows
    banner(answer.horizon.banner("Gaps"), fmt)
    emit(rows, fmt, title=f"Gaps ({len(rows)})", columns=("code", "id", "gap", "by", "what"))


COMMANDS = [code, diff, reconcile, gaps]
