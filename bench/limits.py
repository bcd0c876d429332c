"""The machine's limit for the same storage work, in raw sqlite3: what govledger is measured by."""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from typing import Any

import orjson

SCHEMA = (
    "CREATE TABLE stored_events (originator_id TEXT, originator_version INTEGER, "
    "topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))"
)


def stored_rows(db: str) -> list[tuple[str, int, str, bytes]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT originator_id, originator_version, topic, state FROM stored_events "
            "ORDER BY rowid"
        ).fetchall()


def raw_insert_seconds(rows: list[tuple[str, int, str, bytes]], db: str) -> float:
    """One executemany transaction of the same rows into a fresh table of the same shape."""
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(SCHEMA)
    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO stored_events VALUES (?, ?, ?, ?)", rows)
    conn.execute("COMMIT")
    seconds = time.perf_counter() - started
    conn.close()
    return seconds


def raw_read_seconds(db: str) -> float:
    """One SELECT of every stored event, with orjson.loads of each."""
    started = time.perf_counter()
    conn = sqlite3.connect(db)
    for (state,) in conn.execute("SELECT state FROM stored_events ORDER BY rowid"):
        orjson.loads(state)
    conn.close()
    return time.perf_counter() - started


def raw_select_seconds(db: str, rows: int) -> float:
    """Open the file and SELECT `rows` stored rows: the floor for a query returning that many."""
    started = time.perf_counter()
    conn = sqlite3.connect(db)
    conn.execute("SELECT * FROM stored_events LIMIT ?", (rows,)).fetchall()
    conn.close()
    return time.perf_counter() - started


def raw_insert_report(db: str, target: str) -> dict[str, Any]:
    """The raw insert of `db`'s stored rows into `target`, measured in this process alone:
    the rows are held here, so the process that spawns the others never grows (a child's
    peak RSS starts from its parent's at fork)."""
    rows = stored_rows(db)
    last = max(orjson.loads(r[3])["on"] for r in rows[-2000:])
    return {"events": len(rows), "seconds": raw_insert_seconds(rows, target), "last_on": last}


if __name__ == "__main__":
    print(orjson.dumps(raw_insert_report(sys.argv[1], sys.argv[2])).decode())
