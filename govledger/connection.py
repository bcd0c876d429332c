"""An open ledger: where it is, who records in it, and its store, opened when first
needed (for reading, a missing file is not a ledger; for recording, a new one)."""

from __future__ import annotations

import getpass
import os
from types import TracebackType
from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    from ledger.application import GovLedger


def default_actor(given: str | None = None) -> str:
    """Who records: `given`, else GOVLEDGER_ACTOR, else the OS user."""
    for candidate in (given, os.environ.get("GOVLEDGER_ACTOR")):
        if candidate and candidate.strip():
            return candidate.strip()
    try:
        return getpass.getuser() or "unknown"
    except (KeyError, OSError):
        return "unknown"


class Connection:
    def __init__(self, db: str, actor: str | None = None) -> None:
        self.db = db
        self.actor_option = actor
        self._app: GovLedger | None = None
        self._created = False

    def __repr__(self) -> str:
        from ledger.store.settings import shown

        return f"<{type(self).__module__}.{type(self).__name__} {shown(self.db)!r}>"

    @property
    def actor(self) -> str:
        return default_actor(self.actor_option)

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

            check_sqlite(self.db)  # :memory: is refused as keeping nothing
            raise NotFound(f"no ledger at {self.db} (use --db, or record or import first)")
        return self.app

    def close(self) -> None:
        """Close the store; a new file that nothing was recorded in is removed."""
        if self._app is None:
            return
        app, self._app = self._app, None
        empty = self._created and app.recorder.max_notification_id() is None
        app.close()
        if empty:
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(self.db + suffix):
                    os.remove(self.db + suffix)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
