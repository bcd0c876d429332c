"""Long work shows progress: a rich bar on a terminal, one line when stderr is not one."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from time import perf_counter
from typing import TypeVar

import click

Update = Callable[[int, int | None], None]  # (done, total or None when not known)
T = TypeVar("T")


@contextmanager
def progress(doing: str, finished: str, unit: str, piped: bool = True) -> Iterator[Update]:
    """A callback for work counted in `unit`: on a terminal a bar with the count, the
    rate and the time left, gone when the work is; when stderr is piped, one line once the
    work is done ("govledger: imported 4,212 lines in 1.3 s (3,240 lines/s)"), unless
    not `piped` (a later phase of work whose command has said its line already)."""
    if sys.stderr.isatty():
        with bar(doing, unit) as update:
            yield update
        return
    done = [0]
    started = perf_counter()

    def count(seen: int, _: int | None = None) -> None:
        done[0] = seen

    yield count
    if done[0] and piped:
        seconds = perf_counter() - started
        rate = f"{done[0] / seconds:,.0f} {unit}/s" if seconds > 0 else "at once"
        click.echo(
            f"govledger: {finished} {done[0]:,} {unit} in {seconds:.1f} s ({rate})", err=True
        )


@contextmanager
def bar(doing: str, unit: str) -> Iterator[Update]:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn(doing),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(unit),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as shown:
        task = shown.add_task(doing, total=None, rate="")

        def update(done: int, total: int | None = None) -> None:
            shown.update(task, completed=done, total=total)
            speed = shown.tasks[0].speed
            shown.update(task, rate=f"{speed:,.0f}/s" if speed else "")

        yield update


def counted(items: Iterable[T], update: Update, every: int = 100) -> Iterator[T]:
    """`items` as they come, telling `update` how many have passed."""
    seen = 0
    for item in items:
        yield item
        seen += 1
        if seen % every == 0:
            update(seen, None)
    update(seen, None)
