"""A PostgreSQL ledger shared by several people: tables created once, and a writers'
lock that a role granted only SELECT and INSERT may take.

eventsourcing creates its tables, type and insert function each time a ledger
is opened (`CREATE ... IF NOT EXISTS`, `CREATE OR REPLACE FUNCTION`). Two
processes doing that at the same moment can fail with "tuple concurrently
updated", and a role granted only SELECT and INSERT cannot do it at all. So a
ledger whose tables exist creates nothing, and the first creation is
serialised by an advisory lock held on a connection of its own.

Writers take turns by locking the events table IN EXCLUSIVE MODE, which
PostgreSQL allows only to roles that may UPDATE, DELETE or TRUNCATE it. The
owner who creates the ledger also creates `govledger_lock_events()`, a
SECURITY DEFINER function that takes that same lock for whoever calls it, so
the application role needs no privilege beyond SELECT and INSERT.
"""

from __future__ import annotations

import contextlib
import hashlib
from typing import Any

import psycopg
from eventsourcing.postgres import PostgresDatastore
from psycopg import Cursor, errors
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

LOCK_FUNCTION = "govledger_lock_events"


class SharedTables:
    """A mixin for eventsourcing's PostgreSQL application recorder."""

    datastore: PostgresDatastore
    events_table_name: str

    lock_table_statements: list[Any]
    lock_function_exists: bool | None = None

    def create_table(self) -> None:
        if self._tables_exist() and self._lock_function_exists():
            self.lock_function_exists = True
            return
        settings: Any = self.datastore.pool.kwargs
        connection = {
            k: settings[k] for k in ("dbname", "host", "port", "user", "password") if k in settings
        }
        with psycopg.connect(**connection, autocommit=True) as lock:
            lock.execute("SELECT pg_advisory_lock(%s)", (self._lock_key(),))
            if not self._tables_exist():
                super().create_table()  # type: ignore[misc]
            if not self._lock_function_exists():
                self._create_lock_function(lock)
            self.lock_function_exists = self._lock_function_exists()
        # Closing the lock's connection releases the advisory lock.

    def _lock_table(self, curs: Cursor[DictRow]) -> None:
        if not self.lock_function_exists:
            super()._lock_table(curs)  # type: ignore[misc]
            return
        curs.execute(self.lock_table_statements[0], prepare=True)  # SET LOCAL lock_timeout
        curs.execute(
            SQL("SELECT {schema}.{function}()").format(
                schema=Identifier(self.datastore.schema), function=Identifier(LOCK_FUNCTION)
            ),
            prepare=True,
        )

    def _create_lock_function(self, conn: psycopg.Connection[Any]) -> None:
        schema = Identifier(self.datastore.schema)
        with contextlib.suppress(errors.InsufficientPrivilege):
            # Only the owner can create it; otherwise writers lock the table themselves.
            conn.execute(
                SQL(
                    "CREATE OR REPLACE FUNCTION {schema}.{function}() RETURNS void "
                    "LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS "
                    "$$ BEGIN LOCK TABLE {schema}.{table} IN EXCLUSIVE MODE; END $$"
                ).format(
                    schema=schema,
                    function=Identifier(LOCK_FUNCTION),
                    table=Identifier(self.events_table_name),
                )
            )

    def _lock_function_exists(self) -> bool:
        function = f'"{self.datastore.schema}"."{LOCK_FUNCTION}"()'
        with self.datastore.get_connection() as conn:
            row: Any = conn.execute("SELECT to_regprocedure(%s) AS found", (function,)).fetchone()
        return row is not None and row["found"] is not None

    def _tables_exist(self) -> bool:
        table = f'"{self.datastore.schema}"."{self.events_table_name}"'
        with self.datastore.get_connection() as conn:
            row: Any = conn.execute("SELECT to_regclass(%s) AS found", (table,)).fetchone()
        return row is not None and row["found"] is not None

    def _lock_key(self) -> int:
        name = f"govledger tables {self.datastore.schema}.{self.events_table_name}"
        return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
