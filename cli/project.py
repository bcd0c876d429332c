"""Keeping the projection tables in step: after a recorded command, `project` and `rebuild`."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from cli.progress import progress
from cli.session import Session, pass_session
from ledger.domain.errors import InvalidInput


def catch_up_after(session: Session, progress: Callable[[int, int], None] | None = None) -> None:
    """Bring the tables up to the events just recorded, if this role keeps them. What is
    recorded stands even if the store is too busy for this now: the next read, or
    `govledger project`, catches the tables up."""
    from eventsourcing.persistence import PersistenceError

    from projections.projector.keeper import KEPT_BY, keep_up

    try:
        kept = keep_up(session.app, progress)
    except PersistenceError:
        return
    if not kept:
        click.echo(f"govledger: the projection tables are kept by {KEPT_BY}", err=True)


@click.command("rebuild")
@pass_session
def rebuild(session: Session) -> None:
    """Drop every projection table and build it again from the events.

    Safe to interrupt: the tables then hold a consistent prefix of the events,
    and a rerun (or the next command) completes them.

    \b
    Example:
      govledger rebuild
    """
    from time import perf_counter

    from projections.projector.catchup import rebuild as rebuild_tables
    from projections.projector.keeper import Keeper

    app = session.reader()
    if not Keeper(app).may_write():
        raise InvalidInput(not_keeper("rebuild"))
    started = perf_counter()
    with progress("rebuilding from", "rebuilt from", "events") as update:
        count = rebuild_tables(app, update)
    seconds = perf_counter() - started
    click.echo(f"Rebuilt the projection tables from {count} events in {seconds:.1f} s.")


@click.command("project")
@click.option("--follow", is_flag=True, help="Keep catching up as events are recorded.")
@click.option(
    "--stop-after",
    type=click.IntRange(min=1),
    metavar="EVENTS",
    help="With --follow: stop once this many events have been projected.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    metavar="SECONDS",
    help="With --follow: stop after this many seconds.",
)
@click.option(
    "--interval",
    type=click.FloatRange(min=0.01),
    default=1.0,
    show_default=True,
    metavar="SECONDS",
    help="With --follow on SQLite: how often to look for new events "
    "(PostgreSQL tells a follower of each one).",
)
@pass_session
def project(
    session: Session,
    follow: bool,
    stop_after: int | None,
    timeout: float | None,
    interval: float,
) -> None:
    """Bring the projection tables up to the last recorded event: once, or, with
    --follow, every time events are recorded, until stopped (Ctrl-C, SIGTERM).

    On PostgreSQL, run it as the role that owns the tables, beside the server;
    the roles that record need not write them.

    \b
    Example:
      govledger project
      govledger --db postgresql://owner@db.example:5432/ledger project --follow
    """
    from projections.projector.keeper import Keeper, Stopping

    keeper = Keeper(session.reader())
    if not keeper.may_write():
        raise InvalidInput(not_keeper("project"))
    if keeper.store.remade:
        click.echo("The tables were made by an earlier release of govledger: made again.")
    if not follow:
        click.echo(projected(keeper.catch_up(), keeper.position()))
        return
    stopping = Stopping()
    total = 0

    def heard(count: int) -> None:
        nonlocal total
        total += count
        click.echo(projected(count, keeper.position()))
        if stop_after is not None and total >= stop_after:
            stopping.stop()

    timer = threading.Timer(timeout, stopping.stop) if timeout is not None else None
    with stopped_by_signals(stopping):
        if timer:
            timer.daemon = True
            timer.start()
        try:
            keeper.follow(stopping, interval, heard)
        finally:
            if timer:
                timer.cancel()
    click.echo(f"Stopped following: the tables are up to date at event {keeper.position()}.")


def not_keeper(command: str) -> str:
    return (
        "this role may not write the projection tables: "
        f"run `govledger {command}` as the role that owns them"
    )


def projected(count: int, position: int) -> str:
    if not count:
        return f"Nothing to project: the tables are up to date at event {position}."
    events = "event" if count == 1 else "events"
    return f"Projected {count} {events}: the tables are up to date at event {position}."


@contextmanager
def stopped_by_signals(stopping: Any) -> Iterator[None]:
    """Ctrl-C and SIGTERM ask the follower to stop once its batch is written."""
    caught = (signal.SIGINT, signal.SIGTERM)
    previous = {s: signal.signal(s, lambda *_: stopping.stop()) for s in caught}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


COMMANDS = [rebuild, project]
