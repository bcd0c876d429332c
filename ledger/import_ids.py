"""The event ids an import may not use, checked as its file is read: an id on two lines that
record different things, or an id the ledger already holds for another proposal or version."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from itertools import islice
from typing import TYPE_CHECKING
from uuid import UUID

import orjson

if TYPE_CHECKING:
    from ledger.interchange.lines import Line

SCRATCH = """
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE TABLE held (id BLOB PRIMARY KEY, owner TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE seen (id BLOB PRIMARY KEY, line INTEGER, digest INTEGER, clash INTEGER)
    WITHOUT ROWID;
CREATE INDEX clashes ON seen (clash) WHERE clash IS NOT NULL;
CREATE TABLE batch (id BLOB, line INTEGER, key TEXT, digest INTEGER);
"""
FIRST_SEEN = (
    "INSERT INTO seen (id, line, digest) SELECT id, line, digest FROM batch WHERE true "
    "ORDER BY line ON CONFLICT (id) DO UPDATE SET "
    "clash = coalesce(min(clash, excluded.line), excluded.line) "
    "WHERE digest != excluded.digest"
)
HELD_ELSEWHERE = (
    "SELECT b.line, b.id, h.owner FROM batch b JOIN held h ON h.id = b.id "
    "WHERE b.key != h.owner ORDER BY b.line LIMIT 1"
)
REUSED = "SELECT clash, id, line FROM seen WHERE clash IS NOT NULL ORDER BY clash LIMIT 1"


class StreamedIdChecks:
    """Event ids a file may not use, checked as the file is read: an id on two lines that
    record different things, or an id the ledger already holds for another proposal or
    version.

    The ids go to a private scratch file (removed when closed), not to memory, so a
    file of any length is checked in flat memory; `problem` is the first line found
    wrong so far, with what was wrong.
    """

    def __init__(self, held: Iterable[tuple[str, str]]) -> None:
        self.db = sqlite3.connect("", isolation_level=None)
        self.db.executescript(SCRATCH)
        self.any_held = False
        rows = ((UUID(event_id).bytes, owner) for event_id, owner in held)
        while page := list(islice(rows, 5_000)):
            self.db.executemany("INSERT OR IGNORE INTO held VALUES (?, ?)", page)
            self.any_held = True
        self.rows: list[tuple[bytes, int, str, int]] = []
        self.problem: tuple[int, str] | None = None

    def add(self, line: Line, key: str) -> None:
        content = orjson.dumps([line.kind, line.subject, line.fields], option=orjson.OPT_SORT_KEYS)
        self.rows.append((line.fields["event_id"].bytes, line.number, key, hash(content)))

    def check(self) -> tuple[int, str] | None:
        """Check the lines added since the last check; the first problem found so far."""
        if not self.rows:
            return self.problem
        self.db.execute("DELETE FROM batch")
        self.db.executemany("INSERT INTO batch VALUES (?, ?, ?, ?)", self.rows)
        self.rows = []
        self.db.execute(FIRST_SEEN)
        if self.any_held:
            found = self.db.execute(HELD_ELSEWHERE).fetchone()
            if found:
                number, event_id, owner = found
                self._note(
                    number,
                    f"event_id {UUID(bytes=event_id)} is already the id of an event of {owner}",
                )
        found = self.db.execute(REUSED).fetchone()
        if found:
            number, event_id, first = found
            self._note(
                number,
                f"event_id {UUID(bytes=event_id)} is also the id of line {first}, "
                "which records something else",
            )
        return self.problem

    def _note(self, number: int, what: str) -> None:
        if self.problem is None or number < self.problem[0]:
            self.problem = (number, f"line {number}: {what}")

    def close(self) -> None:
        self.db.close()
