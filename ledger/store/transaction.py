"""One store transaction for a whole import: SQLite's or PostgreSQL's, through the
chain-keeping recorder's own cursor.

The write lock is taken first (SQLite's BEGIN IMMEDIATE; PostgreSQL's EXCLUSIVE lock on
the events table), so other writers wait for the import rather than conflict with it,
and an aggregate read back during the import sees what the import wrote so far.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

import orjson
from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteCursor, SQLiteTransaction

PAGE = 5_000


def event_id_of(originator_id: str, state: bytes) -> str:
    """The event id a stored event carries; a row that carries none is refused, naming it."""
    try:
        return str(orjson.loads(bytes(state))["event_id"])
    except (ValueError, TypeError, KeyError, IndexError):
        from ledger.store.mapper import UntrustedEvent

        raise UntrustedEvent(
            f"a stored event of {originator_id} has no event id: refused to read it "
            "(govledger verify explains)"
        ) from None


class ImportStore(Protocol):
    def load(self, originator_id: str) -> list[StoredEvent]: ...

    def insert(self, stored_events: Sequence[StoredEvent]) -> None: ...

    def held_ids(self) -> Iterator[tuple[str, str]]: ...


@contextmanager
def import_transaction(recorder: Any) -> Iterator[ImportStore]:
    """Committed if the block ends normally; rolled back, writing nothing, if it raises."""
    from eventsourcing.sqlite import SQLiteApplicationRecorder

    if isinstance(recorder, SQLiteApplicationRecorder):
        with _sqlite(recorder) as store:
            yield store
    else:
        with _postgres(recorder) as store:
            yield store


class _RollBack(Exception):
    pass


@contextmanager
def rolled_back(recorder: Any) -> Iterator[ImportStore]:
    """The same transaction, always rolled back: what a dry run writes is checked by the
    store (its chain, its guards, its keys) and never kept."""
    try:
        with import_transaction(recorder) as store:
            yield store
            raise _RollBack
    except _RollBack:
        pass


class _Immediate(SQLiteTransaction):
    def __enter__(self) -> SQLiteCursor:
        cursor = self.connection.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        return cursor


@contextmanager
def _sqlite(recorder: Any) -> Iterator[ImportStore]:
    datastore = recorder.datastore
    with (
        datastore.get_connection(commit=True) as connection,
        _Immediate(connection, commit=True) as cursor,
        cursor,
    ):
        yield SQLiteImportStore(recorder, connection, cursor)


class ChainedLoad:
    """An aggregate's events read back in the import's own transaction, which sees the
    batches written so far."""

    recorder: Any
    cursor: Any

    def load(self, originator_id: str) -> list[StoredEvent]:
        """Read as every read is: each event checked against the chain."""
        events: list[StoredEvent] = self.recorder.linked_events(self.cursor, originator_id)
        return events


class SQLiteImportStore(ChainedLoad):
    def __init__(self, recorder: Any, connection: Any, cursor: SQLiteCursor) -> None:
        self.recorder = recorder
        self.connection = connection
        self.cursor = cursor
        self.all_ids = (
            f"SELECT originator_id, state FROM {recorder.events_table_name} WHERE rowid > 0"
        )

    def insert(self, stored_events: Sequence[StoredEvent]) -> None:
        self.recorder._insert_events(self.cursor, stored_events)

    def held_ids(self) -> Iterator[tuple[str, str]]:
        with self.connection.cursor() as rows:
            rows.execute(self.all_ids)
            while page := rows.fetchmany(PAGE):
                for originator_id, state in page:
                    yield event_id_of(originator_id, state), originator_id


@contextmanager
def _postgres(recorder: Any) -> Iterator[ImportStore]:
    with recorder.datastore.transaction(commit=True) as cursor:
        recorder._lock_table(cursor)
        yield PostgresImportStore(recorder, cursor)


class PostgresImportStore(ChainedLoad):
    def __init__(self, recorder: Any, cursor: Any) -> None:
        from psycopg.sql import SQL

        self.recorder = recorder
        self.cursor = cursor
        where = SQL("FROM {schema}.{events}").format(schema=recorder.schema, events=recorder.events)
        self.all_ids = SQL("SELECT originator_id, state {where} WHERE notification_id > 0").format(
            where=where
        )

    def insert(self, stored_events: Sequence[StoredEvent]) -> None:
        self.recorder.insert_chained(self.cursor, stored_events)

    def held_ids(self) -> Iterator[tuple[str, str]]:
        with self.cursor.connection.cursor(name="govledger_import_held") as rows:
            rows.itersize = PAGE
            rows.execute(self.all_ids)
            for row in rows:
                yield event_id_of(row["originator_id"], row["state"]), row["originator_id"]
