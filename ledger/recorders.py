"""eventsourcing's SQLite recorder, extended to keep the hash chain (PostgreSQL's is in
postgres_recorder.py).

Each save links its events into the chain in the same transaction that stores
them, after the store's write lock is held (SQLite's database lock, taken by
the first INSERT; PostgreSQL's EXCLUSIVE lock on the events table), so
concurrent writers take turns and the chain cannot fork. The same transaction
puts the append-only guards in place and, on a ledger recorded before the
chain existed, links the events already stored first (marked as backfilled).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore

from ledger.chain import BACKFILLED, GENESIS, WITH_THE_EVENT, StoredLink, link

REFUSAL = "govledger: {op} on {table} refused: recorded history is append-only"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def chain_rows(
    previous: tuple[int, str], events: Sequence[Any], how: str
) -> list[tuple[int, str, int, str, str, str]]:
    """Chain rows for `events` (stored events or rows), after the link `previous`."""
    position, head = previous
    now = _now()
    rows = []
    for e in events:
        head = link(head, str(e[0]), e[1], e[2], bytes(e[3]))
        position += 1
        rows.append((position, str(e[0]), e[1], head, how, now))
    return rows


def as_rows(stored_events: Sequence[StoredEvent]) -> list[tuple[Any, int, str, bytes]]:
    return [(s.originator_id, s.originator_version, s.topic, s.state) for s in stored_events]


def stored_link(row: Any) -> StoredLink:
    return StoredLink(
        position=row["position"],
        originator_id=row["originator_id"],
        originator_version=row["originator_version"],
        link=row["link"],
        how=row["how"],
        linked_at=row["linked_at"],
    )


class ChainedSQLiteRecorder(SQLiteApplicationRecorder):
    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name)
        self.chain_table_name = f"{events_table_name}_chain"

    def _guard_statements(self) -> list[str]:
        statements = [
            f"CREATE TABLE IF NOT EXISTS {self.chain_table_name} ("
            "position INTEGER PRIMARY KEY, originator_id TEXT NOT NULL, "
            "originator_version INTEGER NOT NULL, link TEXT NOT NULL, "
            "how TEXT NOT NULL, linked_at TEXT NOT NULL, "
            "UNIQUE (originator_id, originator_version))"
        ]
        for table in (self.events_table_name, self.chain_table_name):
            for op in ("UPDATE", "DELETE"):
                statements.append(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_refuse_{op.lower()} "
                    f"BEFORE {op} ON {table} BEGIN "
                    f"SELECT RAISE(ABORT, '{REFUSAL.format(op=op, table=table)}'); END"
                )
        return statements

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        # The INSERTs come first: they take the write lock before the chain's head is read.
        ids = super()._insert_events(c, stored_events, **kwargs)
        if ids:
            for statement in self._guard_statements():
                c.execute(statement)
            head = self._head(c, before=ids[0])
            rows = chain_rows(head, as_rows(stored_events), WITH_THE_EVENT)
            c.executemany(f"INSERT INTO {self.chain_table_name} VALUES (?,?,?,?,?,?)", rows)
        return ids

    def _head(self, c: SQLiteCursor, before: int) -> tuple[int, str]:
        c.execute(
            f"SELECT position, link FROM {self.chain_table_name} ORDER BY position DESC LIMIT 1"
        )
        row = c.fetchone()
        if row is not None:
            return row["position"], row["link"]
        c.execute(
            "SELECT originator_id, originator_version, topic, state "
            f"FROM {self.events_table_name} WHERE rowid < ? ORDER BY rowid",
            (before,),
        )
        rows = chain_rows((0, GENESIS), c.fetchall(), BACKFILLED)
        c.executemany(f"INSERT INTO {self.chain_table_name} VALUES (?,?,?,?,?,?)", rows)
        return (rows[-1][0], rows[-1][3]) if rows else (0, GENESIS)

    def chain_is_stored(self) -> bool:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?",
                (self.chain_table_name,),
            )
            return c.fetchone() is not None

    def select_links(self, after: int, limit: int) -> list[StoredLink]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT * FROM {self.chain_table_name} WHERE position > ? "
                "ORDER BY position LIMIT ?",
                (after, limit),
            )
            return [stored_link(row) for row in c.fetchall()]
