"""eventsourcing's SQLite recorder, extended to keep the hash chain and the Merkle tree
(PostgreSQL's is in postgres.py; the tree's rows in tree.py).

Each save links its events into the chain, and stores the tree's nodes they complete,
in the same transaction that stores them, after the store's write lock is held
(SQLite's database lock, taken by the first INSERT; PostgreSQL's EXCLUSIVE lock on the
events table), so concurrent writers take turns and the chain cannot fork. A save is
refused when the chain does not end at the last event already stored: nothing but
`govledger adopt` ever links events recorded earlier.

Every read of stored events goes through `linked.checked`: the event with the
link recorded with it, checked before it is used.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore

from ledger.store.chain import (
    ADOPTED,
    GENESIS,
    WITH_THE_EVENT,
    StoredLink,
    head_for_append,
    link,
    refuse_adopt,
)
from ledger.store.event_ids import sqlite_expression
from ledger.store.linked import CheckedReads, linked_select
from ledger.store.mapper import TOPICS
from ledger.store.tree import KeepsTree

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


def refuse(name: str, when: str, table: str, op: str, condition: str = "") -> str:
    """A guard trigger on `table` that refuses `op` (when `condition` holds)."""
    message = REFUSAL.format(op=op, table=table)
    return (
        f"CREATE TRIGGER IF NOT EXISTS {table}_refuse_{name} {when} ON {table} "
        f"{condition} BEGIN SELECT RAISE(ABORT, '{message}'); END"
    )


def unchangeable(*tables: str) -> list[str]:
    """Guards that refuse every UPDATE and DELETE on each of `tables`."""
    return [
        guard
        for table in tables
        for guard in (
            refuse("update", "BEFORE UPDATE", table, "UPDATE"),
            refuse("delete", "BEFORE DELETE", table, "DELETE"),
        )
    ]


def sqlite_guards(events: str, chain: str) -> list[str]:
    """Triggers that refuse every statement form that would change, remove or replace a
    stored event or link, or add one anywhere but after the last."""

    statements = unchangeable(events, chain)
    # REPLACE and UPSERT remove the old row without firing a DELETE trigger: refuse any
    # INSERT whose key is already stored, before its conflict clause is applied.
    statements.append(
        refuse(
            "replace",
            "BEFORE INSERT",
            events,
            "REPLACE",
            f"WHEN EXISTS (SELECT 1 FROM {events} WHERE rowid = NEW.rowid OR "
            "(originator_id = NEW.originator_id AND originator_version = NEW.originator_version))",
        )
    )
    statements.append(
        refuse(
            "replace",
            "BEFORE INSERT",
            chain,
            "REPLACE",
            f"WHEN EXISTS (SELECT 1 FROM {chain} WHERE position = NEW.position OR "
            "(originator_id = NEW.originator_id AND originator_version = NEW.originator_version))",
        )
    )
    statements.append(
        refuse(
            "foreign_type",
            "BEFORE INSERT",
            events,
            "INSERT of a type that is no govledger event",
            f"WHEN NEW.topic NOT IN ({', '.join(repr(t) for t in sorted(TOPICS))})",
        )
    )
    statements.append(
        refuse(
            "out_of_order",
            "AFTER INSERT",
            events,
            "INSERT out of order",
            f"WHEN NEW.rowid < 1 OR EXISTS (SELECT 1 FROM {events} WHERE rowid > NEW.rowid)",
        )
    )
    statements.append(
        refuse(
            "out_of_order",
            "AFTER INSERT",
            chain,
            "INSERT out of order",
            "WHEN NEW.position < 1 "
            f"OR EXISTS (SELECT 1 FROM {chain} WHERE position > NEW.position) "
            f"OR (NEW.position > 1 AND NOT EXISTS (SELECT 1 FROM {chain} "
            "WHERE position = NEW.position - 1)) "
            f"OR NOT EXISTS (SELECT 1 FROM {events} WHERE originator_id = NEW.originator_id "
            "AND originator_version = NEW.originator_version)",
        )
    )
    return statements


def sqlite_tree_tables(events: str) -> list[str]:
    """The tree's and the kept checkpoints' tables, with guards like the events': a node
    only once, a leaf only after the last and for a linked event, an interior node only
    over stored children; nothing changed or removed."""
    tree, chain, kept = f"{events}_tree", f"{events}_chain", f"{events}_checkpoints"

    statements = [
        f"CREATE TABLE IF NOT EXISTS {tree} (level INTEGER NOT NULL, idx INTEGER NOT NULL, "
        "hash BLOB NOT NULL, PRIMARY KEY (level, idx))",
        f"CREATE TABLE IF NOT EXISTS {kept} (number INTEGER PRIMARY KEY, "
        "size INTEGER NOT NULL, note TEXT NOT NULL, kept_at TEXT NOT NULL)",
        *unchangeable(tree, kept),
    ]
    statements.append(
        refuse(
            "replace",
            "BEFORE INSERT",
            tree,
            "REPLACE",
            f"WHEN EXISTS (SELECT 1 FROM {tree} WHERE level = NEW.level AND idx = NEW.idx)",
        )
    )
    statements.append(
        refuse(
            "replace",
            "BEFORE INSERT",
            kept,
            "REPLACE",
            f"WHEN EXISTS (SELECT 1 FROM {kept} WHERE number = NEW.number)",
        )
    )
    statements.append(
        refuse(
            "out_of_order",
            "AFTER INSERT",
            kept,
            "INSERT out of order",
            f"WHEN NEW.number < 1 OR EXISTS (SELECT 1 FROM {kept} WHERE number > NEW.number)",
        )
    )
    statements.append(
        refuse(
            "out_of_order",
            "AFTER INSERT",
            tree,
            "INSERT out of order",
            "WHEN NEW.level < 0 OR NEW.idx < 0 OR length(NEW.hash) <> 32 "
            f"OR (NEW.level = 0 AND (EXISTS (SELECT 1 FROM {tree} WHERE level = 0 "
            "AND idx > NEW.idx) "
            f"OR (NEW.idx > 0 AND NOT EXISTS (SELECT 1 FROM {tree} WHERE level = 0 "
            "AND idx = NEW.idx - 1)) "
            f"OR NOT EXISTS (SELECT 1 FROM {chain} WHERE position = NEW.idx + 1))) "
            f"OR (NEW.level > 0 AND (SELECT count(*) FROM {tree} WHERE level = NEW.level - 1 "
            "AND idx IN (2 * NEW.idx, 2 * NEW.idx + 1)) <> 2)",
        )
    )
    return statements


class ChainedSQLiteRecorder(KeepsTree, CheckedReads, SQLiteApplicationRecorder):
    id_column = "rowid"

    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"):
        self.chain_table_name = f"{events_table_name}_chain"
        self._guards_renewed = False
        super().__init__(datastore, events_table_name)
        self.linked_select = linked_select(events_table_name, self.chain_table_name, "rowid")
        self.stale_guards: list[tuple[str, str]] = []  # renewed by the first save
        self.tree_sql = f"{events_table_name}_tree"
        self.checkpoints_sql = f"{events_table_name}_checkpoints"
        self.chain_sql = self.chain_table_name
        self.events_sql = events_table_name
        self.event_id_sql = sqlite_expression("e.state")

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {self.chain_table_name} ("
            "position INTEGER PRIMARY KEY, originator_id TEXT NOT NULL, "
            "originator_version INTEGER NOT NULL, link TEXT NOT NULL, "
            "how TEXT NOT NULL, linked_at TEXT NOT NULL, "
            "UNIQUE (originator_id, originator_version))",
            *sqlite_guards(self.events_table_name, self.chain_table_name),
        ]

    def _create_table(self, c: SQLiteCursor) -> None:
        super()._create_table(c)
        self.stale_guards = self._stale_guards(c)

    def _stale_guards(self, c: SQLiteCursor) -> list[tuple[str, str]]:
        """The guards a file's earlier release made otherwise (its list of govledger's
        event types shorter, say), each with its name and how this release makes it. They
        are made again by the first save, so that every event this release records is
        accepted and a command that only reads leaves the file as it found it."""
        stale = []
        for statement in sqlite_guards(self.events_table_name, self.chain_table_name):
            made = statement.replace("CREATE TRIGGER IF NOT EXISTS ", "CREATE TRIGGER ", 1)
            name = made.split()[2]
            c.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,))
            stored = c.fetchone()
            if stored is not None and stored[0] != made:
                stale.append((name, made))
        return stale

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        # Guards an earlier release made are renewed in the same transaction, first, and the
        # INSERTs come next: either takes the write lock before the chain's head is read.
        for name, made in self.stale_guards:
            c.execute(f"DROP TRIGGER IF EXISTS {name}")
            c.execute(made)
        ids = super()._insert_events(c, stored_events, **kwargs)
        if ids:
            head = self._head(c, before=ids[0])
            events = as_rows(stored_events)
            rows = chain_rows(head, events, WITH_THE_EVENT)
            c.executemany(f"INSERT INTO {self.chain_table_name} VALUES (?,?,?,?,?,?)", rows)
            self._ensure_tree(c)
            self.grow_tree(c, head[0], events)
        return ids

    def _ensure_event_index(self, c: Any) -> None:
        """The index from event id to event (event_ids.py), made by the first save of a
        file made before it existed, so that a command that only reads changes nothing."""
        c.execute(
            f"CREATE INDEX IF NOT EXISTS {self.events_table_name}_event_id "
            f"ON {self.events_table_name} ({sqlite_expression('state')})"
        )

    # the tree (tree.py)

    def _ensure_tree(self, c: Any) -> None:
        # Asked each time, never remembered: a save that made them may yet roll back.
        if not self._tree_tables(c):
            for statement in sqlite_tree_tables(self.events_table_name):
                c.execute(statement)
        self._ensure_event_index(c)

    def _tree_tables(self, c: Any) -> bool:
        c.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN (?, ?)",
                  (self.tree_sql, self.checkpoints_sql))  # fmt: skip
        return bool(c.fetchone()[0] == 2)

    def _rows(self, c: Any, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        c.execute(sql, params)
        return [tuple(row) for row in c.fetchall()]

    def _many(self, c: Any, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            c.executemany(sql, rows)

    def reading(self) -> Any:
        return self.datastore.transaction(commit=False)

    @contextlib.contextmanager
    def writing(self) -> Iterator[Any]:
        from ledger.store.transaction import _Immediate

        with (
            self.datastore.get_connection(commit=True) as connection,
            _Immediate(connection, commit=True) as cursor,
            cursor,
        ):
            yield cursor

    def _head(self, c: SQLiteCursor, before: int) -> tuple[int, str]:
        """The last link, which must be the link of the last event stored before `before`."""
        c.execute(
            "SELECT position, link, originator_id, originator_version "
            f"FROM {self.chain_table_name} ORDER BY position DESC LIMIT 1"
        )
        last = c.fetchone()
        c.execute(
            f"SELECT originator_id, originator_version FROM {self.events_table_name} "
            "WHERE rowid < ? ORDER BY rowid DESC LIMIT 1",
            (before,),
        )
        previous = c.fetchone()
        return head_for_append(
            None if last is None else tuple(last),  # type: ignore[arg-type]
            None if previous is None else tuple(previous),  # type: ignore[arg-type]
        )

    def fetch_linked(self, tail: str, params: Sequence[Any], cursor: Any = None) -> list[Any]:
        if cursor is not None:
            cursor.execute(self.linked_select + tail, params)
            return list(cursor.fetchall())
        with self.datastore.transaction(commit=False) as c:
            c.execute(self.linked_select + tail, params)
            return list(c.fetchall())

    def adopt(self) -> int:
        """Link every stored event, in store order, into an empty chain; the count linked."""
        with self.datastore.transaction(commit=True) as c:
            c.execute(f"SELECT COUNT(*) FROM {self.chain_table_name}")
            links = c.fetchone()[0]
            c.execute(f"SELECT MIN(rowid) FROM {self.events_table_name}")
            first = c.fetchone()[0]
            refuse_adopt(links, first)
            c.execute(
                "SELECT originator_id, originator_version, topic, state "
                f"FROM {self.events_table_name} ORDER BY rowid"
            )
            rows = chain_rows((0, GENESIS), c.fetchall(), ADOPTED)
            c.executemany(f"INSERT INTO {self.chain_table_name} VALUES (?,?,?,?,?,?)", rows)
            return len(rows)

    def originator_ids(self, prefix: str) -> list[str]:
        """The linked aggregates whose id starts with `prefix`."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT DISTINCT originator_id FROM {self.chain_table_name} "
                "WHERE originator_id >= ? AND originator_id < ? ORDER BY originator_id",
                (prefix, prefix + "\uffff"),
            )
            return [row[0] for row in c.fetchall()]

    def damage(self) -> str | None:
        """What SQLite's own check finds wrong with the file (its pages and indexes)."""
        with self.datastore.transaction(commit=False) as c:
            c.execute("PRAGMA integrity_check(1)")
            found = str(c.fetchone()[0])
        return None if found == "ok" else found

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
