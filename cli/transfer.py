"""Bringing events in from a JSON Lines file."""

from __future__ import annotations

import click

from cli.progress import counted, progress
from cli.project import catch_up_after
from cli.session import Session, pass_session
from ledger.domain.errors import InvalidInput


@click.command("import")
@click.argument("file", type=click.File("rb"))
@pass_session
def import_(session: Session, file: click.File) -> None:
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
    app = session.app
    with progress("importing", "imported", "lines") as update:
        recorded, held = app.import_lines(counted(chain([first], lines), update), session.actor)
    with progress("projecting", "projected", "events", piped=False) as update:
        catch_up_after(session, update)
    click.echo(f"Imported {recorded} events ({held} already in the ledger).")


COMMANDS = [import_]
