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


def banner(text: str, fmt: str | None) -> None:
    """Say what a point-in-time view covers, where a person reads it."""
    from projections.escaping import visible

    if resolve(fmt) in ("table", "md"):
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
    from ledger.domain.processes import process_for
    from projections import queries
    from projections.tables.schema import REGISTER

    if code is not None:
        process_for(code)  # an unknown code is refused, not answered with nothing
    day, recorded_by = times(as_of, known_at)
    rows, horizon = queries.register(
        session, as_of=day, known_at=recorded_by, open_only=open_only, code=code
    )
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


def answer_absent(
    session: Session,
    code: str,
    proposal_id: str,
    recorded: list[Any],
    horizon: Any,
    fmt: str | None,
) -> None:
    """A view of a proposal at a time before it: an answer (an empty one, exit status 0)
    that says so. A proposal the ledger has never held is not found (exit status 2)."""
    from ledger.domain.errors import NotFound
    from ledger.domain.proposal import proposal_key
    from projections import queries

    if recorded:
        why = f"nothing had happened to it by {horizon.as_of.isoformat()}"
    elif (
        horizon.known_at is not None
        and queries.proposal(session, proposal_key(code, proposal_id), as_of=horizon.as_of)[1]
    ):
        why = f"not yet recorded as known at {horizon.known_at.isoformat(timespec='seconds')}"
    else:
        raise NotFound(f"{proposal_id}: not in the ledger")
    if resolve(fmt) == "json":
        emit([], fmt)
    banner(horizon.banner(proposal_id), fmt)
    banner(f"{proposal_id}: {why}", fmt)


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
    from ledger.domain.proposal import proposal_key
    from projections import queries
    from projections.escaping import visible
    from projections.views.disputes import brackets, dispute_row, disputes_by, of_facts
    from projections.views.register import register_row
    from projections.views.timeline import timeline_rows

    day, recorded_by = times(as_of, known_at)
    state, recorded, horizon = queries.proposal(
        session, proposal_key(code, proposal_id), as_of=day, known_at=recorded_by
    )
    if state is None:
        answer_absent(session, code, proposal_id, recorded, horizon, fmt)
        return
    row = register_row(state)
    disputes = disputes_by(recorded, day)
    if resolve(fmt) == "csv":
        emit(timeline_rows(state, recorded), fmt)
        return
    if resolve(fmt) in ("json", "jsonl"):
        row.update(about(state))
        row["titles_in_sources"] = [{"title": t, "source": s} for t, s in state.titles]
        row["timeline"] = timeline_rows(state, recorded)
        if disputes:
            row["disputes"] = [dispute_row(d, state.shown_id) for d in disputes]
        emit([row], fmt)
        return
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
    emit(timeline_rows(state, recorded), fmt or "table", title=f"{proposal_id} timeline")


def about(state: Any) -> dict[str, Any]:
    """What a proposal's view adds to its register row: its class, rules and other ids."""
    from ledger.domain.processes import process_for

    return {
        "stage": process_for(state.code).stage_of(state.status),
        "process": state.process,
        "ids": [{"id": ref, "from": since} for ref, since in state.references],
        "alternative_of": state.alternative_of,
        "variant": state.variant,
    }


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
    from ledger.domain.proposal import proposal_key
    from projections import queries
    from projections.views.timeline import history_rows

    day, recorded_by = times(as_of, known_at)
    _, recorded, horizon = queries.proposal(
        session, proposal_key(code, proposal_id), as_of=day, known_at=recorded_by
    )
    if not recorded:
        answer_absent(session, code, proposal_id, recorded, horizon, fmt)
        return
    banner(horizon.banner(f"{proposal_id} history"), fmt)
    emit(history_rows(recorded, day), fmt, title=f"{proposal_id}: recorded events")


@click.command("events")
@format_option
@pass_session
def events(session: Session, fmt: str | None) -> None:
    """Every event in record order, as JSON Lines (the format `import` reads).

    \b
    Example:
      govledger events > ledger.jsonl
    """
    from ledger.interchange.lines import event_line

    rows = [event_line(pos, e) for pos, e in session.reader().read_events()]
    emit(rows, fmt or "jsonl")


COMMANDS = [register, show, history, events]
