"""Keeping the projection tables in step: after every recorded command, and `rebuild`."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

import click

from cli.main import Session, pass_session


def catch_up_after(session: Session) -> None:
    """Bring the tables up to the events just recorded. What is recorded stands even
    if the store is too busy for this now: the next read catches the tables up."""
    from eventsourcing.persistence import PersistenceError

    from projections.tables.catchup import catch_up

    with suppress(PersistenceError):
        catch_up(session.app)


@contextmanager
def progress_bar(show: bool) -> Iterator[Callable[[int, int], None]]:
    """A progress callback: a bar with events done, rate and time left on a terminal."""
    if not show:
        yield lambda done, total: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("rebuilding"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("events"),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task("rebuild", total=None, rate="")

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)
            speed = bar.tasks[0].speed
            bar.update(task, rate=f"{speed:,.0f}/s" if speed else "")

        yield update


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

    from projections.tables.catchup import rebuild as rebuild_tables

    app = session.reader()
    started = perf_counter()
    with progress_bar(sys.stderr.isatty()) as progress:
        count = rebuild_tables(app, progress)
    seconds = perf_counter() - started
    click.echo(f"Rebuilt the projection tables from {count} events in {seconds:.1f} s.")


COMMANDS = [rebuild]
