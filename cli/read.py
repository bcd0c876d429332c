"""Commands that read the ledger: the register, one proposal, its history, all events."""

from __future__ import annotations

import click

from cli.main import Session, pass_session
from cli.output import emit, format_option


def _view(session: Session):  # type: ignore[no-untyped-def]
    from projections.ledger_view import LedgerView

    return LedgerView.of(session.reader().read_events())


@click.command("register")
@click.option("--open", "open_only", is_flag=True, help="Only proposals not yet decided.")
@click.option("--code", default=None, help="Only this code's proposals.")
@format_option
@pass_session
def register(session: Session, open_only: bool, code: str | None, fmt: str | None) -> None:
    """The register: one row per proposal with its status, path and dates.

    \b
    Example:
      govledger register --open
      govledger register --format csv > register.csv
    """
    from projections.register import register_rows

    states = [s for s in _view(session).states() if code is None or s.code == code]
    rows = register_rows(states, open_only)
    emit(
        rows,
        fmt,
        title=f"{'Open proposals' if open_only else 'Register'} ({len(rows)})",
    )


@click.command("show")
@click.argument("proposal_id", metavar="ID")
@click.option("--code", default="SEC", show_default=True)
@format_option
@pass_session
def show(session: Session, proposal_id: str, code: str, fmt: str | None) -> None:
    """One proposal: its state and dated timeline.

    \b
    Example:
      govledger show SECMP0006
    """
    from projections.register import register_row
    from projections.timeline import timeline_rows

    proposal = session.reader().proposal(code, proposal_id)
    state = proposal.state
    row = register_row(state)
    if fmt in ("json", "jsonl"):
        row["titles_in_sources"] = [{"title": t, "source": s} for t, s in state.titles]
        row["timeline"] = timeline_rows(state)
        emit([row], fmt)
        return
    for name, value in row.items():
        click.echo(f"{name.replace('_', ' ')}: {value if value is not None else ''}")
    titles = dict.fromkeys(t for t, _ in state.titles)
    if len(titles) > 1:
        click.echo("titles in sources differ:")
        for title, source in state.titles:
            click.echo(f"  {title!r} ({source or 'no source'})")
    click.echo("")
    emit(timeline_rows(state), fmt or "table", title=f"{proposal_id} timeline")


@click.command("history")
@click.argument("proposal_id", metavar="ID")
@click.option("--code", default="SEC", show_default=True)
@format_option
@pass_session
def history(session: Session, proposal_id: str, code: str, fmt: str | None) -> None:
    """The raw recorded events of one proposal, with both times, actor and source.

    \b
    Example:
      govledger history SECMP0006 --format jsonl
    """
    proposal = session.reader().proposal(code, proposal_id)
    rows = [
        {
            "recorded_at": e.timestamp.isoformat(timespec="seconds"),
            "happened_on": e.on,
            "kind": e.kind,
            "what": e.summary(),
            "actor": e.actor,
            "source": e.source,
            "note": e.note,
            "event_id": str(e.event_id),
        }
        for e in proposal.events
    ]
    emit(rows, fmt, title=f"{proposal_id}: recorded events")


@click.command("events")
@format_option
@pass_session
def events(session: Session, fmt: str | None) -> None:
    """Every event in record order, as JSON Lines (the format `import` reads).

    \b
    Example:
      govledger events > ledger.jsonl
    """
    from projections.timeline import event_line

    rows = [event_line(pos, e) for pos, e in session.reader().read_events()]
    emit(rows, fmt or "jsonl")


COMMANDS = [register, show, history, events]
