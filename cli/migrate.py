"""Moving a ledger to another store, for instance from a SQLite file to a shared server."""

from __future__ import annotations

import os

import click

from cli.progress import progress
from cli.session import Session, pass_session
from ledger.domain.errors import InvalidInput


@click.command("migrate")
@click.option(
    "--from", "source", metavar="DB", help="The ledger to copy: a file or URL (default: --db)."
)
@click.option("--to", "target", metavar="DB", required=True, help="Where to copy it.")
@click.option(
    "--verified-prefix",
    is_flag=True,
    help="From a source whose chain is broken, copy the events before the break.",
)
@pass_session
def migrate(session: Session, source: str | None, target: str, verified_prefix: bool) -> None:
    """Copy a ledger's recorded events, unchanged and in order, to another store.

    Record times, actors and sources travel inside the events. The source's
    hash chain must verify first, and the target's must reach the same head.
    Running it again copies only what the target is missing (nothing, once it
    is complete); a target that holds a different history is refused and
    nothing is written.

    A damaged store (one that `verify` fails) is not copied; with
    --verified-prefix the events before the first break are, into a new
    ledger, and what was left behind is named: the owner's recovery.

    \b
    Example:
      govledger migrate --from events.db --to postgresql://govledger@db.example/ledger
      govledger migrate --from damaged.db --to recovered.db --verified-prefix
    """
    from ledger.store.migration import migrate as copy
    from ledger.store.settings import shown

    source = source or session.db
    if _same(source, target):
        raise InvalidInput(f"--from and --to both name {shown(source)}")
    origin, destination = Session(source, None), Session(target, None)
    try:
        recorder = origin.reader().recorder
        if recorder.max_notification_id() is None:
            raise InvalidInput(f"{shown(source)} holds no events: nothing to migrate")
        with progress("copying", "copied", "events") as update:
            done = copy(recorder, destination.create().recorder, verified_prefix, update)
    finally:
        origin.close()
        destination.close()
    if done.copied == 0:
        click.echo(
            f"Nothing to copy: {shown(target)} already holds all {done.already_there} events."
        )
    else:
        click.echo(
            f"Copied {done.copied} events to {shown(target)} ({done.already_there} already there)."
        )
    click.echo(f"Chain head on both: {done.head}")
    if done.left_behind:
        click.echo(f"Left behind, from where the source's {done.left_behind}")


def _same(a: str, b: str) -> bool:
    from ledger.store.settings import is_postgres

    if is_postgres(a) or is_postgres(b):
        return a == b
    return os.path.realpath(a) == os.path.realpath(b)


COMMANDS = [migrate]
