"""Bringing events in from a JSON Lines file."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from typing import Any

import click

from cli.progress import counted, progress
from cli.project import catch_up_after
from cli.recorded import outcome_options, say_import
from cli.session import Session, pass_session
from ledger.domain.errors import InvalidInput


@click.command("import")
@click.argument("file", type=click.File("rb"))
@outcome_options
@pass_session
def import_(session: Session, file: click.File, dry_run: bool, fmt: str) -> None:
    """Record every event of a JSON Lines FILE (as `events` writes), all or nothing.

    Lines already in the ledger are skipped, so importing twice records nothing
    new. A file with any bad line records nothing and names the line.

    \b
    Example:
      govledger import data/sec-update-2017-04-10.jsonl
    """
    from itertools import chain

    from ledger.interchange.lines import iter_lines

    app = session.app
    read = Measured(file)
    lines = iter_lines(read)
    first = next(lines, None)
    if first is None:
        raise InvalidInput(f"{file.name}: no events in the file")  # type: ignore[attr-defined]
    with progress("importing", "imported", "lines") as update:
        told = counted(chain([first], lines), lambda done, _: update(done, read.lines_in(done)))
        outcome = app.import_lines(told, session.actor, dry_run=dry_run)
    if not dry_run:
        with progress("projecting", "projected", "events", piped=False) as update:
            catch_up_after(session, update)
    say_import(outcome, fmt)


class Measured:
    """A file's chunks as they are read, and how far into the file they are."""

    def __init__(self, file: Any) -> None:
        self.file, self.read = file, 0
        try:
            status = os.fstat(file.fileno())
            self.size = status.st_size if stat.S_ISREG(status.st_mode) else 0
        except (OSError, AttributeError, ValueError):  # not a file of the system's
            self.size = 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.file:
            self.read += len(chunk)
            yield chunk

    def lines_in(self, lines: int) -> int | None:
        """The lines the whole file holds, estimated from the `lines` read so far; None
        when its size is not known (a pipe)."""
        if not self.size or not self.read:
            return None
        return max(lines, round(lines * self.size / self.read))


COMMANDS = [import_]
