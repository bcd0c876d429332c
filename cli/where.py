"""Where the ledger is: `init` creates one, `where` says which is in use and why."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from cli.param_types import CODE
from cli.session import Session, pass_session


@click.command("init")
@click.argument("path", required=False, metavar="[PATH]", type=click.Path(dir_okay=False))
@pass_session
def init(session: Session, path: str | None) -> None:
    """Create a new, empty ledger at PATH (default: --db, else govledger.toml, else events.db).

    Recording commands and `import` record only into a ledger that exists, so a
    mistyped --db is refused rather than started anew. A PATH that already holds a
    ledger is left as it is.

    \b
    Example:
      govledger init audit.db
      govledger --db audit.db import data/sec-update-2017-04-10.jsonl
    """
    from ledger.store.settings import is_postgres, shown

    if path is not None:
        session.name_db(path, "init PATH")
    if not session.missing():
        count = session.create().recorder.max_notification_id() or 0
        if is_postgres(session.db) and not count:  # its tables are made on opening
            click.echo(f"An empty ledger at {shown(session.db)}.")
            return
        events = "event" if count == 1 else "events"
        click.echo(f"{shown(session.db)} is a ledger already ({count:,} {events}): left as it is.")
        return
    folder = Path(session.db).parent
    if not folder.is_dir():
        from ledger.domain.errors import InvalidInput

        raise InvalidInput(f"{session.db}: the folder {folder} does not exist (make it first)")
    session.keep_empty = True
    session.create()
    click.echo(f"Created an empty ledger at {session.db}.")


@click.command("where")
@click.option(
    "--code", type=CODE, default="SEC", show_default=True, help="The code whose process to name."
)
@pass_session
def where(session: Session, code: str) -> None:
    """Which ledger, actor, code and process a command would use here, and why.

    Each setting comes from the first place that gives it: the option, the
    environment, govledger.toml in this folder, [tool.govledger] in its
    pyproject.toml, govledger.toml in the user's config folder, the default.

    \b
    Example:
      govledger where
      govledger --db audit.db where --code UNC
    """
    from cli.config import candidates
    from ledger.domain.processes import process_for
    from ledger.store.settings import shown

    ledger, actor = session.where(), session.who()
    source, configured = click.get_current_context().get_parameter_source("code"), session.code()
    why_code = "--code" if source == click.core.ParameterSource.COMMANDLINE else "the default"
    if source == click.core.ParameterSource.DEFAULT_MAP and configured is not None:
        why_code = configured.why
    today = date.today()
    files = {file.path for file in session.files()}
    rows = [
        ("ledger", f"{shown(ledger.value)} ({ledger.why}): {state_of(session)}"),
        ("actor", f"{actor.value} ({actor.why})"),
        ("code", f"{code} ({why_code})"),
        ("process", f"{process_for(code, today).name} (in force on {today.isoformat()})"),
    ]
    for path, table in candidates(Path.cwd()):
        read = "read" if path in files else "not there" if not path.exists() else "no settings"
        rows.append(("config", f"{path}{f' [{table}]' if table else ''}: {read}"))
    width = max(len(name) for name, _ in rows)
    for name, told in rows:
        click.echo(f"{name:<{width}}  {told}")


def state_of(session: Session) -> str:
    """Whether the ledger exists, and how many events it holds; or why it cannot be used
    (said, not refused: `where` is how one finds out)."""
    from ledger.domain.errors import LedgerError

    try:
        return counted(session)
    except LedgerError as error:
        return f"cannot be used: {error}"


def counted(session: Session) -> str:
    from ledger.store.settings import is_postgres

    if session.missing():
        return f"does not exist (`govledger init {session.db}` creates it)"
    count = session.reader().recorder.max_notification_id() or 0
    kind = "a PostgreSQL database" if is_postgres(session.db) else "a SQLite file"
    return f"{kind}, {count:,} {'event' if count == 1 else 'events'}"


COMMANDS = [init, where]
