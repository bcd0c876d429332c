"""eventsourcing's PostgreSQL recorder, extended to keep the hash chain (see recorders.py)."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import (
    InterfaceError,
    OperationalError,
    ProgrammingError,
    StoredEvent,
)
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.utils import retry
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

from ledger.chain import BACKFILLED, GENESIS, WITH_THE_EVENT, StoredLink
from ledger.postgres_tables import SharedTables
from ledger.recorders import as_rows, chain_rows, stored_link


class ChainedPostgresRecorder(SharedTables, PostgresApplicationRecorder):
    GUARDS = ("govledger_refuse_change", "govledger_refuse_truncate")

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        self.chain_table_name = f"{events_table_name}_chain"
        self.check_identifier_length(self.chain_table_name)
        self.schema = Identifier(self.datastore.schema)
        self.chain = Identifier(self.chain_table_name)
        self.events = Identifier(self.events_table_name)

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if not stored_events:
            return []
        with (
            self.datastore.get_connection() as conn,
            conn.transaction(),
            conn.cursor() as curs,
        ):
            return self.insert_chained(curs, stored_events, **kwargs)

    def insert_chained(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int]:
        """Store and link `stored_events` in the caller's transaction."""
        # Locks the events table (EXCLUSIVE) before inserting: writers take turns.
        self._insert_stored_events(curs, stored_events, **kwargs)
        ids = self._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        assert ids
        self._put_guards(curs)
        head = self._head(curs, before=min(ids))
        self._insert_links(curs, chain_rows(head, as_rows(stored_events), WITH_THE_EVENT))
        return ids

    def create_table(self) -> None:
        """eventsourcing's tables, then the chain's table and the append-only guards."""
        super().create_table()
        # A role that may only read and add events cannot create them; its first write
        # tries again (and says why it cannot), and the owner's next open creates them.
        with (
            contextlib.suppress(ProgrammingError),
            self.datastore.transaction(commit=True) as curs,
        ):
            if self._guards_missing(curs):
                self._lock_table(curs)
                self._put_guards(curs)

    def _guards_missing(self, curs: Cursor[DictRow]) -> bool:
        curs.execute(
            "SELECT count(*) AS n FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace s ON s.oid = c.relnamespace "
            "WHERE s.nspname = %s AND c.relname = ANY(%s) AND t.tgname = ANY(%s)",
            (
                self.datastore.schema,
                [self.events_table_name, self.chain_table_name],
                list(self.GUARDS),
            ),
        )
        row = curs.fetchone()
        return row is None or row["n"] != 4

    def _put_guards(self, curs: Cursor[DictRow]) -> None:
        """Create what is missing; the caller holds the events table's lock."""
        if not self._guards_missing(curs):
            return
        curs.execute(
            SQL(
                "CREATE TABLE IF NOT EXISTS {schema}.{chain} ("
                "position bigint PRIMARY KEY, originator_id text NOT NULL, "
                "originator_version bigint NOT NULL, link text NOT NULL, "
                "how text NOT NULL, linked_at text NOT NULL, "
                "UNIQUE (originator_id, originator_version))"
            ).format(schema=self.schema, chain=self.chain)
        )
        curs.execute(
            SQL(
                "CREATE OR REPLACE FUNCTION {schema}.govledger_refuse_change() "
                "RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION "
                "'govledger: % on % refused: recorded history is append-only', "
                "TG_OP, TG_TABLE_NAME; END $$"
            ).format(schema=self.schema)
        )
        for table in (self.events, self.chain):
            for name, when in zip(
                self.GUARDS,
                ("BEFORE UPDATE OR DELETE", "BEFORE TRUNCATE"),
                strict=True,
            ):
                each = "ROW" if name == self.GUARDS[0] else "STATEMENT"
                curs.execute(
                    SQL(
                        "CREATE OR REPLACE TRIGGER {name} " + when + " ON {schema}.{table} "
                        "FOR EACH " + each + " EXECUTE FUNCTION {schema}.govledger_refuse_change()"
                    ).format(name=Identifier(name), schema=self.schema, table=table)
                )

    def _head(self, curs: Cursor[DictRow], before: int) -> tuple[int, str]:
        curs.execute(
            SQL(
                "SELECT position, link FROM {schema}.{chain} ORDER BY position DESC LIMIT 1"
            ).format(schema=self.schema, chain=self.chain)
        )
        row = curs.fetchone()
        if row is not None:
            return row["position"], row["link"]
        curs.execute(
            SQL(
                "SELECT originator_id, originator_version, topic, state FROM {schema}.{events} "
                "WHERE notification_id < %s ORDER BY notification_id"
            ).format(schema=self.schema, events=self.events),
            (before,),
        )
        earlier = [
            (r["originator_id"], r["originator_version"], r["topic"], r["state"])
            for r in curs.fetchall()
        ]
        rows = chain_rows((0, GENESIS), earlier, BACKFILLED)
        self._insert_links(curs, rows)
        return (rows[-1][0], rows[-1][3]) if rows else (0, GENESIS)

    def _insert_links(self, curs: Cursor[DictRow], rows: list[tuple[Any, ...]]) -> None:
        if rows:
            curs.executemany(
                SQL("INSERT INTO {schema}.{chain} VALUES (%s,%s,%s,%s,%s,%s)").format(
                    schema=self.schema, chain=self.chain
                ),
                rows,
            )

    def chain_is_stored(self) -> bool:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(
                "SELECT 1 FROM information_schema.tables "
                "WHERE table_schema = %s AND table_name = %s",
                (self.datastore.schema, self.chain_table_name),
            )
            return curs.fetchone() is not None

    def select_links(self, after: int, limit: int) -> list[StoredLink]:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(
                SQL(
                    "SELECT * FROM {schema}.{chain} WHERE position > %s ORDER BY position LIMIT %s"
                ).format(schema=self.schema, chain=self.chain),
                (after, limit),
            )
            return [stored_link(row) for row in curs.fetchall()]
