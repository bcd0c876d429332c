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
    from projections import queries
    from projections.escaping import visible
    from projections.views.code_view import UNKNOWN_COLUMNS, code_view, headline

    day, recorded_by = times(as_of, known_at)
    in_force, pending, horizon = queries.versions(session, code, as_of=day, known_at=recorded_by)
    view = code_view(code, day, in_force, pending)
    if resolve(fmt) in ("json", "jsonl"):
        view["complete_to"] = horizon.banner(code)
        emit([view], fmt)
        return
    banner(horizon.banner(f"{code} code"), fmt or "table")
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
    from ledger.domain.dates import parse_as_of
    from ledger.domain.errors import InvalidInput
    from projections import queries
    from projections.views.diff import diff_rows

    if code is not None:
        from ledger.domain.processes import process_for

        process_for(code)  # an unknown code is refused, not answered with nothing
    first, last = parse_as_of(start, "--from"), parse_as_of(end, "--to")
    if first > last:
        raise InvalidInput(f"--from {start} is after --to {end}")
    _, recorded_by = times(None, known_at)
    view, horizon = queries.states_between(session, first, last, recorded_by)
    banner(horizon.banner(f"Changes from {first.isoformat()} to {last.isoformat()}", False), fmt)
    emit(diff_rows(view, first, last, code), fmt, title="Changes")


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
    from ledger.domain.errors import InvalidInput
    from ledger.domain.processes import process_for
    from projections import queries
    from projections.views.reconcile import disputed_keys, read_published, with_disputes
    from projections.views.reconcile import reconcile as compare

    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(f"{file}: not UTF-8 text") from None
    process_for(code)  # a code with no process is refused before anything is read
    published = read_published(text, str(file))
    day, recorded_by = times(as_of, known_at)
    states, horizon = queries.register_states(session, day, recorded_by)
    differences = compare(published, states, code)
    folded = queries.folded(session, disputed_keys(differences, code), day, recorded_by)
    differences = with_disputes(differences, folded, code, str(file))
    banner(horizon.banner(f"Reconciliation of {file.name}"), fmt)
    if resolve(fmt) in ("json", "jsonl"):
        emit(
            [
                {
                    "file": str(file),
                    "as_of": day.isoformat(),
                    "agrees": not differences,
                    "published_rows": len(published),
                    "differences": differences,
                }
            ],
            fmt,
        )
    elif differences:
        emit(differences, fmt, title=f"{len(differences)} differences")
    else:
        click.echo(f"All {len(published)} published rows agree with the ledger.")
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
    from ledger.domain.processes import process_for
    from projections import queries
    from projections.views.disputes import disputes_by
    from projections.views.gaps import gap_rows

    if code is not None:
        process_for(code)  # an unknown code is refused, not answered with nothing
    day, recorded_by = times(as_of, known_at)
    states, horizon = queries.folded_states(session, day, recorded_by, code)
    cited, _ = queries.cited(session, day, recorded_by, code)
    rows = gap_rows(states, {key: disputes_by(found, day) for key, found in cited.items()})
    banner(horizon.banner("Gaps"), fmt)
    emit(rows, fmt, title=f"Gaps ({len(rows)})", columns=("code", "id", "gap", "by", "what"))


COMMANDS = [code, diff, reconcile, gaps]
