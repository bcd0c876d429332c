"""The root `govledger` group: global options, and errors turned into one line and exit 2."""

from __future__ import annotations

import getpass
import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from ledger.application import GovLedger

EXIT_BAD_INPUT = 2


@dataclass
class Session:
    db: str
    actor_option: str | None
    _app: Any = field(default=None, repr=False)
    _created: bool = False

    @property
    def actor(self) -> str:
        for candidate in (self.actor_option, os.environ.get("GOVLEDGER_ACTOR")):
            if candidate and candidate.strip():
                return candidate.strip()
        try:
            return getpass.getuser() or "unknown"
        except (KeyError, OSError):
            return "unknown"

    @property
    def app(self) -> GovLedger:
        """The ledger, opened for recording (a new SQLite file is created if need be)."""
        if self._app is None:
            from ledger.application import GovLedger
            from ledger.store_check import check_store
            from ledger.stores import is_postgres

            check_store(self.db)
            self._created = not is_postgres(self.db) and not os.path.exists(self.db)
            self._app = GovLedger(self.db)
        return self._app

    def reader(self) -> GovLedger:
        """The ledger, opened for reading: a missing SQLite file is an error, not created."""
        from ledger.stores import is_postgres

        if self._app is None and not is_postgres(self.db) and not os.path.exists(self.db):
            from ledger.domain.errors import NotFound

            raise NotFound(f"no ledger at {self.db} (use --db, or record or import first)")
        return self.app

    def close(self) -> None:
        if self._app is None:
            return
        empty = self._created and self._app.recorder.max_notification_id() is None
        self._app.close()
        if empty:
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(self.db + suffix):
                    os.remove(self.db + suffix)


pass_session = click.make_pass_decorator(Session)


class LedgerGroup(click.Group):
    """Turns every refusal into a one-line message and exit status 2, never a traceback."""

    def main(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except click.UsageError as error:
            hint = f" (see '{error.ctx.command_path} --help')" if error.ctx else ""
            click.echo(f"govledger: {error.format_message()}{hint}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except click.ClickException as error:
            click.echo(f"govledger: {error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("govledger: interrupted", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        from ledger.domain.errors import LedgerError

        try:
            return super().invoke(ctx)
        except LedgerError as error:
            click.echo(f"govledger: {error}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except OSError as error:
            click.echo(f"govledger: {error.strerror or error}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except Exception as error:
            if not is_store_failure(error):
                raise
            from ledger.store_check import reason

            click.echo(f"govledger: the ledger's store failed: {reason(error)}", err=True)
            sys.exit(EXIT_BAD_INPUT)


def is_store_failure(error: Exception) -> bool:
    """Whether eventsourcing raised `error`; a command that never loaded it cannot have."""
    if "eventsourcing.persistence" not in sys.modules:
        return False
    from eventsourcing.persistence import PersistenceError

    return isinstance(error, PersistenceError)


@click.group(cls=LedgerGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    envvar="GOVLEDGER_DB",
    default="events.db",
    show_default=True,
    help="The ledger: a SQLite file, or a postgresql:// URL (env GOVLEDGER_DB).",
)
@click.option(
    "--actor",
    help="Who is recording (env GOVLEDGER_ACTOR; else the OS user).",
)
@click.version_option(package_name="govledger")
@click.pass_context
def main(ctx: click.Context, db: str, actor: str | None) -> None:
    """govledger: the modification history of an industry code, as an
    immutable ledger of events.

    \b
    Example:
      govledger register --open
      govledger --actor "SECAS" vote SECMP0034 --outcome approve --on 2017-06-21
    """
    session = Session(db, actor)
    ctx.obj = session
    ctx.call_on_close(session.close)


def _register_commands() -> None:
    from cli import (
        corrections,
        export,
        migrate,
        project,
        read,
        record,
        report,
        schema,
        timetravel,
        transfer,
        trust,
    )

    for module in (record, corrections, read, timetravel, transfer, trust, migrate, project):
        for command in module.COMMANDS:
            main.add_command(command)
    for module in (export, report, schema):
        for command in module.COMMANDS:
            main.add_command(command)


_register_commands()
