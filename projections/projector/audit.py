"""Whether the projection tables are what the events give: every table derived again
from the events into a scratch SQLite file, and compared row by row with the
ledger's own, read in one snapshot. The ledger's tables are only read.

Rows are matched by their key (a register row by code and id; a bitemporal row by
entity, digest and the record time it holds from; a filed year by all of its
columns; an event's index row by position) and compared column by column, table
by table in the order of `schema.TABLES`, keys in order within a table.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from ledger.store.settings import db_of_env
from projections.tables.read import Tables, connect
from projections.tables.schema import (
    EVENTS_INDEX,
    OPEN_YEARS,
    REGISTER_TABLE,
    TABLES,
    Table,
)

Row = tuple[Any, ...]


@dataclass(frozen=True)
class ProjectionAudit:
    rows: int  # rows compared
    tables: int  # tables compared
    difference: str | None  # the first row that differs, in one line; None when none does


def audit_projections(app: Any) -> ProjectionAudit:
    """Compare every projection table of the ledger `app` (a GovLedger) with the rows
    its events give, and name the first row that differs."""
    tables = connect(db_of_env(app.env))
    try:
        snapshot(tables)
        try:
            projected, last = tables.position(), tables.last_event()
        except Exception:  # no tables, or no events table, in this store
            return ProjectionAudit(0, 0, "the ledger has no projection tables")
        if projected != last:
            return ProjectionAudit(
                0,
                0,
                f"the tracking record says {projected} events projected; the ledger holds {last}",
            )
        lacking = tables.outdated()
        if lacking:
            return ProjectionAudit(
                0,
                0,
                f"they were made by an earlier release of govledger, without {lacking} "
                "(govledger rebuild makes them again)",
            )
        with tempfile.TemporaryDirectory(prefix="govledger-audit-") as folder:
            scratch = Path(folder) / "derived.db"
            derive_tables(app, str(scratch), last)
            derived = sqlite3.connect(scratch)
            try:
                return compare(tables, derived)
            finally:
                derived.close()
    finally:
        tables.close()


def snapshot(tables: Tables) -> None:
    """Read everything that follows as of one moment, however others write meanwhile."""
    if tables.postgres:
        tables.conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    else:
        tables.conn.execute("BEGIN")


def derive_tables(app: Any, path: str, last: int) -> None:
    """Project the events up to position `last` into fresh tables in the SQLite file `path`."""
    from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder

    from projections.projector.catchup import Projector
    from projections.projector.store import ProjectionStore

    datastore = SQLiteDatastore(path)
    try:
        recorder = SQLiteTrackingRecorder(datastore)
        recorder.create_table()
        events = SimpleNamespace(recorder=UpTo(app.recorder, last), mapper=app.mapper)
        Projector(events, ProjectionStore(events, recorder)).run()
    finally:
        datastore.close()


class UpTo:
    """The ledger's events as far as position `last`, for the projector to read."""

    def __init__(self, recorder: Any, last: int) -> None:
        self.recorder = recorder
        self.last = last

    def max_notification_id(self) -> int:
        return self.last

    def select_notifications(self, start: int, limit: int, **options: Any) -> Any:
        return self.recorder.select_notifications(start, limit, stop=self.last, **options)

    def select_events(self, *args: Any, **options: Any) -> Any:
        return self.recorder.select_events(*args, **options)


def key_columns(table: Table) -> tuple[str, ...]:
    if table is REGISTER_TABLE:
        return ("code", "id")
    if table is EVENTS_INDEX:
        return ("position",)
    if table is OPEN_YEARS:
        return table.columns
    return ("entity", "digest", "recorded_from")


def compare(tables: Tables, derived: sqlite3.Connection) -> ProjectionAudit:
    compared = 0
    for number, table in enumerate(TABLES, start=1):
        columns = table.all_columns
        stored = tables.query(f"SELECT {tables.select_list(table, columns)} FROM {{p}}{table.name}")
        made = derived.execute(f"SELECT {', '.join(columns)} FROM {table.name}").fetchall()
        count, difference = first_difference(table, stored, made)
        compared += count
        if difference is not None:
            return ProjectionAudit(compared, number, difference)
    return ProjectionAudit(compared, len(TABLES), None)


def first_difference(
    table: Table, stored: Sequence[Row], derived: Sequence[Row]
) -> tuple[int, str | None]:
    """(rows compared, the first difference) of one table, walking both sides in key order."""
    columns = table.all_columns
    at = [columns.index(c) for c in key_columns(table)]

    def key(row: Row) -> Row:
        return tuple(row[i] for i in at)

    def order(row: Row) -> Row:  # a NULL someone wrote into a key sorts first, not a TypeError
        return tuple((value is not None, value) for value in key(row))

    ours, theirs = sorted(stored, key=order), sorted(derived, key=order)
    i = j = steps = 0
    while i < len(ours) or j < len(theirs):
        steps += 1
        mine = key(ours[i]) if i < len(ours) else None
        made = key(theirs[j]) if j < len(theirs) else None
        first = None if mine is None or made is None else order(ours[i]) < order(theirs[j])
        later = None if mine is None or made is None else order(theirs[j]) < order(ours[i])
        if mine is not None and (made is None or first):
            return steps, f"{named(table, mine)}: in the table, not derived from the events"
        if made is not None and (mine is None or later):
            return steps, f"{named(table, made)}: derived from the events, missing from the table"
        for column, held, due in zip(columns, ours[i], theirs[j], strict=True):
            if held != due:
                return steps, (
                    f"{named(table, key(ours[i]))}: {column} is {shown(held)} in the table, "
                    f"{shown(due)} from the events"
                )
        i, j = i + 1, j + 1
    return steps, None


def named(table: Table, key: Row) -> str:
    """A row as the difference names it: `register row SECMP0034`."""
    if table is REGISTER_TABLE:
        return f"{table.name} row {key[1]}"
    if table in (EVENTS_INDEX, OPEN_YEARS):
        return f"{table.name} row {' '.join(map(str, key))}"
    entity, digest, since = key
    return f"{table.name} row {entity} {digest} recorded from {since}"


def shown(value: Any) -> str:
    return "NULL" if value is None else repr(value)
