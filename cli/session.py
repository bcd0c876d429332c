"""What every command shares: the open ledger of a command line (`Session`, passed with
`pass_session`) and the exit statuses. Command modules import this, never `cli.main`."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from ledger.application import GovLedger

EXIT_OK = 0
EXIT_DIFFERS = 1  # reconcile found differences; verify found the chain broken or unmatched
EXIT_BAD_INPUT = 2  # input refused (or a store that cannot be used): nothing was written
EXIT_INTERNAL = 3  # a fault of govledger's own
EXIT_INTERRUPTED = 130  # Ctrl-C


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
            from ledger.store.check import check_store
            from ledger.store.settings import is_postgres

            check_store(self.db)
            self._created = not is_postgres(self.db) and not os.path.exists(self.db)
            self._app = GovLedger(self.db)
        return self._app

    def reader(self) -> GovLedger:
        """The ledger, opened for reading: a missing SQLite file is an error, not created."""
        from ledger.store.check import check_sqlite
        from ledger.store.settings import is_postgres

        if self._app is None and not is_postgres(self.db) and not os.path.exists(self.db):
            from ledger.domain.errors import NotFound

            check_sqlite(self.db)  # --db :memory: is refused as keeping nothing

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
