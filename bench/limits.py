"""The machine's limit for the same storage work, in raw sqlite3: what govledger is measured by."""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from typing import Any

import orjson

from projections.tables.schema import TABLES, create_statements

SCHEMA = (
    "CREATE TABLE stored_events (originator_id TEXT, originator_version INTEGER, "
    "topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))"
)
EVENTS = "stored_events"
PROOF_TABLES = ("stored_events_chain", "stored_events_tree")  # the chain's links, the tree

Rows = list[tuple[Any, ...]]


def stored_rows(db: str, table: str = EVENTS) -> Rows:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()


def table_shapes(db: str, tables: tuple[str, ...]) -> list[str]:
    """The CREATE TABLE statements of `tables` as the ledger made them (their keys and
    constraints, without govledger's guards and the index over event ids)."""
    with sqlite3.connect(db) as conn:
        made = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
    return [made[t] for t in tables if t in made]


def raw_insert_seconds(rows: dict[str, Rows], db: str, schema: list[str]) -> float:
    """One executemany transaction of the same rows into fresh tables of the same shape."""
    conn = fresh(db)
    for statement in schema:
        conn.execute(statement)
    started = time.perf_counter()
    conn.execute("BEGIN")
    for table, table_rows in rows.items():
        if table_rows:
            marks = ", ".join("?" * len(table_rows[0]))
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", table_rows)
    conn.execute("COMMIT")
    seconds = time.perf_counter() - started
    conn.close()
    return seconds


def fresh(db: str) -> sqlite3.Connection:
    """A new, empty file in WAL mode, as eventsourcing makes them, in autocommit."""
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


def raw_read_seconds(db: str) -> float:
    """One SELECT of every stored event, with orjson.loads of each."""
    started = time.perf_counter()
    conn = sqlite3.connect(db)
    for (state,) in conn.execute("SELECT state FROM stored_events ORDER BY rowid"):
        orjson.loads(state)
    conn.close()
    return time.perf_counter() - started


def raw_rebuild_insert_report(db: str, target: str) -> dict[str, Any]:
    """The raw insert of the rows `db`'s rebuild wrote (every projection table's) into
    fresh tables with the same indexes in `target`, in this process alone."""
    rows = {t.name: stored_rows(db, t.name) for t in TABLES}
    return {
        "rows": sum(len(r) for r in rows.values()),
        "seconds": raw_insert_seconds(rows, target, create_statements()),
    }


def raw_select_seconds(db: str, rows: int) -> float:
    """Open the file and SELECT `rows` stored rows: the floor for a query returning that many."""
    started = time.perf_counter()
    conn = sqlite3.connect(db)
    conn.execute("SELECT * FROM stored_events LIMIT ?", (rows,)).fetchall()
    conn.close()
    return time.perf_counter() - started


def raw_insert_report(db: str, target: str) -> dict[str, Any]:
    """The raw insert of `db`'s stored rows into `target`, measured in this process alone:
    the events and the proof rows (the chain's links, the tree's nodes), and the events
    alone (as earlier runs measured); the rows are held here, so the process that spawns
    the others never grows (a child's peak RSS starts from its parent's at fork)."""
    tables = (EVENTS, *PROOF_TABLES)
    rows = {table: stored_rows(db, table) for table in tables}
    events = rows[EVENTS]
    last = max(orjson.loads(r[3])["on"] for r in events[-2000:])
    return {
        "events": len(events),
        "seconds": raw_insert_seconds(rows, target, table_shapes(db, tables)),
        "events_only_seconds": raw_insert_seconds({EVENTS: events}, target, [SCHEMA]),
        "last_on": last,
    }


if __name__ == "__main__":
    if sys.argv[1] == "--rebuilt":  # python -m bench.limits --rebuilt LEDGER TARGET
        print(orjson.dumps(raw_rebuild_insert_report(sys.argv[2], sys.argv[3])).decode())
    else:  # python -m bench.limits LEDGER TARGET
        print(orjson.dumps(raw_insert_report(sys.argv[1], sys.argv[2])).decode())
