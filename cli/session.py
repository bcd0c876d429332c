"""What every command shares: the open ledger of a command line (`Session`, passed with
`pass_session`) and the exit statuses. Command modules import this, never `cli.main`."""

from __future__ import annotations

import getpass
import os
from typing import TYPE_CHECKING

import click

from cli.config import DEFAULT_DB, ConfigFile, Setting, config_files, resolve
from govledger.connection import Connection

if TYPE_CHECKING:
    from ledger.application import GovLedger

EXIT_OK = 0
EXIT_DIFFERS = 1  # reconcile found differences; verify found the chain broken or unmatched
EXIT_BAD_INPUT = 2  # input refused (or a store that cannot be used): nothing was written
EXIT_INTERNAL = 3  # a fault of govledger's own
EXIT_INTERRUPTED = 130  # Ctrl-C


class Session(Connection):
    """The ledger a command line names and who records in it, each from the first place
    that gives it (cli.config); the same open ledger as the Python API's, except that a
    command line never creates a SQLite file by recording (`govledger init` does)."""

    def __init__(self, db: str | None = None, actor: str | None = None) -> None:
        self.db_option, self.actor_option = db, actor
        self.db_named_by = "--db"
        self.keep_empty = False  # `init` keeps the ledger it creates, empty as it is
        self._files: list[ConfigFile] | None = None
        self._app: GovLedger | None = None
        self._created = False

    def files(self) -> list[ConfigFile]:
        """The config files that give settings, read once (when a setting is first asked)."""
        if self._files is None:
            self._files = config_files()
        return self._files

    def where(self) -> Setting:
        """The ledger, and where it was named."""
        if self.db_option is not None:
            return Setting(self.db_option, self.db_named_by)
        found = resolve("db", None, self.files())
        return found or Setting(DEFAULT_DB, "the default")

    def name_db(self, db: str, named_by: str) -> None:
        """--db given after the command name, or init's PATH: refused if --db before the
        command named another ledger."""
        if self.db_option is not None and self.db_option != db:
            before = "--db before the command" if self.db_named_by == "--db" else self.db_named_by
            raise click.UsageError(
                f"two ledgers named: {self.db_option} ({before}) and {db} ({named_by})"
            )
        self.db_option, self.db_named_by = db, named_by

    def name_actor(self, actor: str) -> None:
        if self.actor_option is not None and self.actor_option != actor:
            raise click.UsageError(f"--actor given twice: {self.actor_option!r} and {actor!r}")
        self.actor_option = actor

    def who(self) -> Setting:
        """Who is recording, and where that was said."""
        found = resolve("actor", self.actor_option, self.files())
        if found is not None and found.value.strip():
            return Setting(found.value.strip(), found.why)
        try:
            return Setting(getpass.getuser() or "unknown", "the OS user")
        except (KeyError, OSError):
            return Setting("unknown", "no OS user")

    def code(self) -> Setting | None:
        """The code a config file makes the default of --code, and which file; None if none."""
        return resolve("code", None, self.files())

    @property
    def db(self) -> str:  # type: ignore[override]  # named by the command line, or a file
        return self.where().value

    @property
    def actor(self) -> str:
        return self.who().value

    @property
    def app(self) -> GovLedger:
        """The ledger, opened for recording: a SQLite file that does not exist is refused
        (`govledger init` creates one), never created by a typo."""
        if self._app is None and self.missing():
            from ledger.domain.errors import NotFound

            raise NotFound(self.no_ledger())
        return super().app

    def create(self) -> GovLedger:
        """The ledger, created if it does not exist yet (`init`, and `migrate --to`)."""
        return super().app

    def missing(self) -> bool:
        """Whether the ledger is a SQLite file that does not exist (a refused --db such as
        `:memory:` is refused for itself first)."""
        from ledger.store.check import check_sqlite
        from ledger.store.settings import is_postgres

        if is_postgres(self.db):
            return False
        check_sqlite(self.db)
        return not os.path.lexists(self.db)

    def no_ledger(self) -> str:
        db, why = self.where().value, self.where().why
        create = f"`govledger init {db}` creates one"
        if why == "the default":
            return f"no ledger at {db}, the default (name one with --db, or {create})"
        named = "" if why.startswith("--db") or why == "init PATH" else f", named by {why}"
        return f"no ledger at {db}{named} ({create})"

    def reader(self) -> GovLedger:
        """The ledger, opened for reading."""
        return self.app

    def close(self) -> None:
        if self.keep_empty:
            self._created = False  # what `init` made stays, empty as it is
        super().close()


pass_session = click.make_pass_decorator(Session)
