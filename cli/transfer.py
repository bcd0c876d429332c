"""Bringing events in from a JSON Lines file."""

from __future__ import annotations

import click

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

    lines = iter_lines(file)  # type: ignore[arg-type]
    first = next(lines, None)
    if first is None:
        raise InvalidInput(f"{file.name}: no events in the file")  # type: ignore[attr-defined]
    outcome = session.app.import_lines(chain([first], lines), session.actor, dry_run=dry_run)
    if not dry_run:
        catch_up_after(session)
    say_import(outcome, fmt)


COMMANDS = [import_]
