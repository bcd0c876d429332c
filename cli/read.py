"""Commands that read the ledger: the register, one proposal, its history, all events."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from cli.completion import proposal_ids
from cli.options import point_in_time, times
from cli.output import emit, format_option, resolve
from cli.param_types import CODE
from cli.session import Session, pass_session
from cli.terminal import wrapped


def banner(text: str, fmt: str | None) -> None:
    """Say what a point-in-time view covers, where a person reads it."""
    from projections.escaping import visible

    if resolve(fmt) == "table":
        click.echo(wrapped(visible(text)))
    elif resolve(fmt) == "md":
        click.echo(visible(text))


@click.command("register")
@click.option("--open", "open_only", is_flag=True, help="Only proposals not yet decided.")
@click.option(
    "--code",
    type=CODE,
    default=None,
    help="Only this code's proposals (default: every code, side by side).",
)
@point_in_time
@format_option
@pass_session
def register(
    session: Session,
    open_only: bool,
    code: str | None,
    as_of: str | None,
    known_at: str | None,
    fmt: str | None,
) -> None:
    """The register: one row per proposal with its status, path and dates.

    \b
    Example:
      govledger register --open
      govledger register --as-of 2017-03-31 --format csv > register.csv
    """
    from govledger import answers
    from projections.tables.schema import REGISTER

    day, recorded_by = times(as_of, known_at)
    answer = answers.register(
        session, as_of=day, known_at=recorded_by, open_only=open_only, code=code
    )
    rows, horizon = answer.rows, answer.horizon
    banner(horizon.banner("Register"), fmt)
    emit(
        rows,
        fmt,
        title=f"{'Open proposals' if open_only else 'Register'} ({len(rows)})",
        columns=REGISTER if rows and "code" in rows[0] else REGISTER[1:],
    )


def proposal_view(func: Callable[..., Any]) -> Callable[..., Any]:
    """The arguments of a view of one proposal: its id and code, the two times, a format."""
    func = format_option(point_in_time(pass_session(func)))
    func = click.option("--code", type=CODE, default="SEC", show_default=True)(func)
    return click.argument("proposal_id", metavar="ID", shell_complete=proposal_ids)(func)


def answer_absent(proposal_id: str, answer: Any, fmt: str | None) -> None:
    """A view of a proposal at a time before it: an answer (an empty one, exit status 0)
    that says so."""
    if resolve(fmt) == "json":
        emit([], fmt)
    banner(answer.horizon.banner(proposal_id), fmt)
    banner(f"{proposal_id}: {answer.absent}", fmt)


@click.command("show")
@proposal_view
def show(
    session: Session,
    proposal_id: str,
    code: str,
    as_of: str | None,
    known_at: str | None,
    fmt: str | None,
) -> None:
    """One proposal: its state and dated timeline, with what is pending after --as-of.

    \b
    Example:
      govledger show SECMP0006 --as-of 2017-04-10
    """
    from govledger import answers
    from projections.escaping import visible
    from projections.views.disputes import brackets, disputes_by, of_facts
    from projections.views.register import register_row

    day, recorded_by = times(as_of, known_at)
    answer = answers.proposal(session, code, proposal_id, as_of=day, known_at=recorded_by)
    state, recorded, horizon = answer.state, answer.recorded, answer.horizon
    if state is None:
        answer_absent(proposal_id, answer, fmt)
        return
    if resolve(fmt) == "csv":
        emit(answer.rows[0]["timeline"], fmt)
        return
    if resolve(fmt) in ("json", "jsonl"):
        emit(answer.rows, fmt)
        return
    row = register_row(state)
    disputes = disputes_by(recorded, day)
    banner(horizon.banner(proposal_id), fmt)
    marked = of_facts(state, disputes)
    for name, value in row.items():
        marks = brackets(name, marked.get(name, ()))
        shown = " ".join(([str(value)] if value is not None else []) + marks)
        click.echo(f"{name.replace('_', ' ')}: {visible(shown)}")
    if len(state.references) > 1:
        ids = ", ".join(f"{ref} from {since}" for ref, since in state.references)
        click.echo(f"ids: {visible(ids)}")
    if state.alternative_of:
        click.echo(f"alternative to: {visible(state.alternative_of)}")
    if len(dict.fromkeys(t for t, _ in state.titles)) > 1:
        click.echo("titles in sources differ:")
        for title, source in state.titles:
            click.echo(f"  {title!r} ({visible(source or 'no source')})")
    click.echo("")
    emit(answer.rows[0]["timeline"], fmt or "table", title=f"{proposal_id} timeline")


@click.command("history")
@proposal_view
def history(
    session: Session,
    proposal_id: str,
    code: str,
    as_of: str | None,
    known_at: str | None,
    fmt: str | None,
) -> None:
    """The raw recorded events of one proposal: both times, actor, source, corrections.

    Corrected and retracted events are shown with what superseded them.

    \b
    Example:
      govledger history SECMP0006 --format jsonl
      govledger history SECMP0006 --known-at 2026-12-01
    """
    from govledger import answers

    day, recorded_by = times(as_of, known_at)
    answer = answers.history(session, code, proposal_id, as_of=day, known_at=recorded_by)
    if not answer.recorded:
        answer_absent(proposal_id, answer, fmt)
        return
    banner(answer.horizon.banner(f"{proposal_id} history"), fmt)
    emit(answer.rows, fmt, title=f"{proposal_id}: recorded events", layout="vertical")


@click.command("events")
@format_option
@pass_session
def events(session: Session, fmt: str | None) -> None:
    """Every event in record order: as JSON Lines (the format `import` reads) when piped,
    one block per event on a terminal.

    \b
    Example:
      govledger events > ledger.jsonl
      govledger events --format table --layout table
    """
    from govledger import answers

    rows = answers.events(session)
    emit(rows, fmt, title=f"Events ({len(rows)})", layout="vertical")


COMMANDS = [register, show, history, events]
