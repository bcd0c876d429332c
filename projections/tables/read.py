"""Answers straight from the projection tables, with nothing but sqlite3 or psycopg.

This module imports neither pydantic nor eventsourcing, so a read command that
the tables can answer starts fast. `open_tables` says None when the tables are
missing or behind the events; the caller then catches them up first.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import quote

from ledger.domain.ids import proposals_of
from ledger.store.settings import PostgresUrl, is_postgres
from projections.tables.schema import (
    EVENTS_INDEX,
    OPEN,
    OPEN_ENDED,
    OPEN_YEARS,
    RECORDED_INDEX,
    REGISTER,
    REGISTER_HISTORY,
    REGISTER_TABLE,
    RELEASES,
    TABLES,
    TRACKING_NAME,
    Table,
)

APP = "govledger"
MAPPED = 1 << 30  # bytes of a SQLite file read through memory: a fresh connection's pages


class Tables:
    """A read-only connection to one ledger's projection tables."""

    def __init__(self, conn: Any, postgres: bool, schema: str) -> None:
        self.conn = conn
        self.postgres = postgres
        self.prefix = f'"{schema}".' if postgres else ""
        self.events_table = f"{self.prefix}{APP}_events" if postgres else "stored_events"
        self.tracking_table = f"{self.prefix}{APP}_tracking" if postgres else "tracking"
        self.id_column = "notification_id" if postgres else "rowid"  # an event's position
        self.schema = schema
        self._catalogue: frozenset[str] | None = None
        self._columns: dict[str, tuple[str, ...]] = {}

    def close(self) -> None:
        self.conn.close()

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        sql = sql.replace("{p}", self.prefix)
        if self.postgres:
            sql = sql.replace("?", "%s")
        return list(self.conn.execute(sql, params).fetchall())

    def dicts(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows as dicts named by the query's own columns."""
        sql = sql.replace("{p}", self.prefix)
        if self.postgres:
            sql = sql.replace("?", "%s")
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]

    def position(self) -> int:
        rows = self.query(
            f"SELECT notification_id FROM {self.tracking_table} WHERE application_name = ?",
            (TRACKING_NAME,),
        )
        return int(rows[0][0]) if rows and rows[0][0] is not None else 0

    def is_current(self) -> bool:
        """Whether the tables hold every recorded event, and there is one: one query."""
        projected, last = self.query(
            f"SELECT (SELECT notification_id FROM {self.tracking_table} "
            f"WHERE application_name = ?), (SELECT MAX({self.id_column}) FROM {self.events_table})",
            (TRACKING_NAME,),
        )[0]
        return int(projected or 0) >= int(last or 0) > 0

    def last_event(self) -> int:
        rows = self.query(f"SELECT MAX({self.id_column}) FROM {self.events_table}")
        return int(rows[0][0] or 0)

    def events_seen(self, known_at: str | None) -> tuple[int, int, str | None, str | None]:
        """(count, last position, last record time, earliest valid date) of the events
        recorded by `known_at` (all when None)."""
        where, params = ("WHERE recorded_at <= ?", (known_at,)) if known_at else ("", ())
        first = self.query(f"SELECT MIN(effective) FROM {{p}}ledger_events {where}", params)
        return (*self.seen(known_at), first[0][0])

    def latest(self, known_at: str | None) -> tuple[int, str | None]:
        """(position, record time) of the last event recorded by `known_at` (None: ever).
        Events recorded with the clock set back sit after some recorded later, so the last
        position is found among the events recorded by then or among those after the last
        one recorded by then, whichever are fewer."""
        table = "{p}ledger_events"
        if known_at is None:
            last, moment = self.query(
                f"SELECT (SELECT MAX(position) FROM {table}), "
                f"(SELECT MAX(recorded_at) FROM {table})"
            )[0]
            return int(last or 0), moment
        found = self.last_recorded_by(known_at)
        if found is None:
            return 0, None
        near, moment = found
        if 2 * near <= self.last_event():
            hint = "" if self.postgres else f"INDEXED BY {EVENTS_INDEX.name}_ix0"
            sql = f"SELECT MAX(position) FROM {table} {hint} WHERE recorded_at <= ?"
            args: list[Any] = [known_at]
        else:  # (SQLite, without statistics, is kept off the index over record times)
            after = "recorded_at" if self.postgres else "+recorded_at"
            sql = f"SELECT MAX(position) FROM {table} WHERE position >= ? AND {after} <= ?"
            args = [near, known_at]
        return int(self.query(sql, args)[0][0]), moment

    def last_recorded_by(self, known_at: str) -> tuple[int, str] | None:
        """(position, record time) of the event with the latest record time by `known_at`:
        one walk of the index over record times."""
        rows = self.query(
            "SELECT position, recorded_at FROM {p}ledger_events WHERE recorded_at <= ? "
            "ORDER BY recorded_at DESC, position DESC LIMIT 1",
            (known_at,),
        )
        return (int(rows[0][0]), rows[0][1]) if rows else None

    def seen(self, known_at: str | None) -> tuple[int, int, str | None]:
        """(count, last position, last record time) of the events recorded by `known_at`
        (all when None). Each is its own query, so that each is answered from an index."""
        where, params = ("WHERE recorded_at <= ?", (known_at,)) if known_at else ("", ())
        table = "{p}ledger_events"
        count = self.query(f"SELECT COUNT(*) FROM {table} {where}", params)[0][0]
        last = self.query(f"SELECT MAX(position) FROM {table} {where}", params)[0][0]
        moment = self.query(f"SELECT MAX(recorded_at) FROM {table} {where}", params)[0][0]
        return int(count), int(last or 0), moment

    def earliest(self, known_at: str | None) -> str | None:
        """The first valid date of anything standing in the ledger, as known at `known_at`:
        the first row in date order that holds then, found by walking each date index."""
        clauses, args = slice_where(known_at)
        firsts = [
            f"(SELECT effective FROM {{p}}{table} WHERE {' AND '.join(clauses)} "
            "AND effective IS NOT NULL ORDER BY effective LIMIT 1)"
            for table in ("milestones", "versions", *self.present(RELEASES))
        ]
        found = self.query(f"SELECT {', '.join(firsts)}", args * len(firsts))[0]
        return min((first for first in found if first is not None), default=None)

    def register(
        self,
        as_of: str | None = None,
        known_at: str | None = None,
        code: str | None = None,
        open_only: bool = False,
    ) -> list[dict[str, Any]]:
        """The register rows on `as_of`, as recorded by `known_at` (None: no limit);
        with `open_only`, only the proposals not yet decided."""
        if as_of is None and known_at is None:
            where, params = ("WHERE code = ?", [code]) if code else ("", [])
            rows = self.query(
                f"SELECT {', '.join(REGISTER)} FROM {{p}}register {where} ORDER BY code, id",
                params,
            )
            return [dict(zip(REGISTER, r, strict=True)) for r in rows]
        if known_at is not None and self.known_early(known_at):
            return self.recorded_by(known_at, as_of, code, open_only)
        if open_only and as_of is not None and self.has_open_years():
            return self.open_register(as_of, known_at, code)
        return self.history_rows(as_of, known_at, code, open_only)

    def recorded_by(
        self, known_at: str, as_of: str | None, code: str | None = None, open_only: bool = False
    ) -> list[dict[str, Any]]:
        """The register rows as `register` gives them, read from the rows recorded by
        `known_at` alone (the index over record time): as many whatever was recorded since."""
        return self.history_rows(as_of, known_at, code, open_only, by_record_time=True)

    def known_early(self, known_at: str) -> bool:
        """Whether fewer events were recorded by `known_at` than after it, so that its
        rows are fewer read by record time than by what still held after it."""
        if RECORDED_INDEX not in self.catalogue():
            return False
        found = self.last_recorded_by(known_at)
        return 2 * (found[0] if found else 0) <= self.last_event()

    def history_rows(
        self,
        as_of: str | None,
        known_at: str | None,
        code: str | None,
        open_only: bool,
        by_record_time: bool = False,
    ) -> list[dict[str, Any]]:
        clauses, args = slice_where(known_at)
        if as_of is not None:
            clauses.append("valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)")
            args += [as_of, as_of]
        else:
            clauses.append("valid_to IS NULL")
        if code:
            clauses.append("code = ?")
            args.append(code)
        if open_only:
            clauses.append(OPEN)
        by_record_time = by_record_time and RECORDED_INDEX in self.catalogue()
        hint = f"INDEXED BY {RECORDED_INDEX}" if by_record_time and not self.postgres else ""
        rows = self.query(
            f"SELECT {', '.join(REGISTER)} FROM {{p}}{REGISTER_HISTORY.name} {hint} "
            f"WHERE {' AND '.join(clauses)} ORDER BY code, id",
            args,
        )
        return [dict(zip(REGISTER, r, strict=True)) for r in rows]

    def open_register(
        self, as_of: str, known_at: str | None, code: str | None
    ) -> list[dict[str, Any]]:
        """The proposals open on `as_of`, as recorded by `known_at`: the rows filed under
        the year of `as_of`, and the open rows that hold to no end date. SQLite, without
        statistics, is told which index serves each part; PostgreSQL's planner finds it."""
        history = f"{{p}}{REGISTER_HISTORY.name}"
        by_row, open_ended = (
            ("", "")
            if self.postgres
            else (
                f"INDEXED BY {REGISTER_HISTORY.name}_ix0",
                f"INDEXED BY {REGISTER_HISTORY.name}_open_ended",
            )
        )
        clauses, args = slice_where(known_at)
        filed, entities = "", []
        if code:
            clauses.append("code = ?")
            args.append(code)
            # a code's proposals are the entities `proposal:CODE:ID`, one range of the key
            # (from the prefix up to the prefix with its last ':' replaced by the next character)
            prefix = proposals_of(code)
            filed, entities = (
                "AND y.entity >= ? AND y.entity < ? ",
                [prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)],
            )
        sliced = " AND ".join(clauses)
        rows = self.query(
            f"SELECT {', '.join(f'h.{c}' for c in REGISTER)} "
            f"FROM {{p}}{OPEN_YEARS.name} y CROSS JOIN {history} h {by_row} "
            f"WHERE y.year = ? {filed}AND h.entity = y.entity AND h.digest = y.digest "
            f"AND h.valid_from <= ? AND h.valid_to > ? AND {sliced} "
            f"UNION ALL SELECT {', '.join(REGISTER)} FROM {history} {open_ended} "
            f"WHERE {OPEN_ENDED} AND valid_from <= ? AND {sliced} ORDER BY code, id",
            [as_of[:4], *entities, as_of, as_of, *args, as_of, *args],
        )
        return [dict(zip(REGISTER, r, strict=True)) for r in rows]

    def columns(self, name: str) -> tuple[str, ...]:
        """The columns the stored table `name` has (none when it is missing), read from
        the catalogue, so that no failed statement ends a snapshot."""
        if name not in self._columns:
            if self.postgres:
                found = self.query(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
                    (self.schema, name),
                )
            else:
                found = [(r[1],) for r in self.query(f"PRAGMA table_info({name})")]
            self._columns[name] = tuple(r[0] for r in found)
        return self._columns[name]

    def present(self, table: Table) -> tuple[str, ...]:
        """The table's name if the store has it (a ledger of an earlier release may not)."""
        return (table.name,) if table.name in self.catalogue() else ()

    def catalogue(self) -> frozenset[str]:
        """The names of the tables and indexes the store holds, read once."""
        if self._catalogue is None:
            if self.postgres:
                found = self.query(
                    "SELECT c.relname FROM pg_class c JOIN pg_namespace n "
                    "ON n.oid = c.relnamespace WHERE n.nspname = ?",
                    (self.schema,),
                )
            else:
                found = self.query("SELECT name FROM sqlite_master")
            self._catalogue = frozenset(r[0] for r in found)
        return self._catalogue

    def outdated(self, tables: Iterable[Table] = TABLES) -> str | None:
        """What the stored tables lack of this release's (tables an earlier release of
        govledger made): `the releases table`, `the versions table's column release`."""
        for table in tables:
            held = self.columns(table.name)
            if not held:
                return f"the {table.name} table"
            missing = [c for c in table.all_columns if c not in held and c not in table.added]
            if missing:
                return f"the {table.name} table's column {missing[0]}"
        return None

    def has_open_years(self) -> bool:
        """Whether the ledger files open rows by year (tables made before it do not)."""
        return OPEN_YEARS.name in self.catalogue()

    def select_list(self, table: Table, names: Sequence[str]) -> str:
        """A select list of `names` from `table`: a column added since the table was made
        (`Table.added`) and not yet added to it is read as empty (NULL), as it would be."""
        if not table.added:
            return ", ".join(names)
        held = self.columns(table.name)
        return ", ".join(c if c in held or c not in table.added else f"NULL AS {c}" for c in names)

    def table(
        self, table: Table, as_of: str | None = None, known_at: str | None = None
    ) -> list[dict[str, Any]]:
        """A table's rows as an export shows them: what was recorded by `known_at`,
        about what had happened by `as_of`."""
        if table is REGISTER_TABLE:
            return self.register(as_of, known_at)
        columns = table.exported_columns
        clauses, args = slice_where(known_at) if known_at else ([], [])
        if as_of is not None:
            clauses.append("valid_from <= ?" if table is REGISTER_HISTORY else "effective <= ?")
            args.append(as_of)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        order = ", ".join(c for c in (*table.columns, "recorded_from") if c in columns)
        listed = self.select_list(table, columns)
        rows = self.query(f"SELECT {listed} FROM {{p}}{table.name} {where} ORDER BY {order}", args)
        return [dict(zip(columns, r, strict=True)) for r in rows]


def recorded_events(
    tables: Tables, entities: Iterable[str], known_at: datetime | None = None
) -> dict[str, list[Any]]:
    """Each entity's events recorded by `known_at` (all when None), in record order: an
    indexed read per aggregate, through the tables' own connection, each event checked
    against the hash chain as the ledger's recorder checks what it reads."""
    from ledger.store.linked import QueryReads
    from ledger.store.mapper import OrjsonTranscoder, PydanticMapper

    mapper = PydanticMapper(transcoder=OrjsonTranscoder())
    reads = QueryReads(tables.query, tables.events_table, tables.id_column)
    found: dict[str, list[Any]] = {}
    for entity in dict.fromkeys(entities):
        events = [mapper.to_domain_event(e) for e in reads.linked_events(None, entity)]
        found[entity] = [e for e in events if known_at is None or e.timestamp <= known_at]
    return found


def slice_where(known_at: str | None) -> tuple[list[str], list[Any]]:
    """The rows that held at record time `known_at` (the current ones when None)."""
    if known_at is None:
        return ["recorded_to IS NULL"], []
    return ["recorded_from <= ? AND (recorded_to IS NULL OR recorded_to > ?)"], [
        known_at,
        known_at,
    ]


def connect(db: str) -> Tables:
    """The ledger `db`, read-only. A missing SQLite file raises FileNotFoundError."""
    if is_postgres(db):
        import psycopg

        url = PostgresUrl.parse(db)
        conn = psycopg.connect(**url.connection(), autocommit=True)
        schema = url.schema or "public"
        return Tables(conn, True, schema)
    import sqlite3

    from ledger.store.check import check_file, check_tables

    if not os.path.exists(db):
        raise FileNotFoundError(db)
    check_file(db)  # a file that is not a whole ledger is refused in one line
    reading = sqlite3.connect(f"file:{quote(db)}?mode=ro", uri=True)
    try:
        check_tables(db, reading)
        reading.execute(f"PRAGMA mmap_size = {MAPPED}")
    except BaseException:
        reading.close()
        raise
    return Tables(reading, False, "")


def open_tables(db: str) -> Tables | None:
    """The tables of `db` if they hold every recorded event; else None (and the ledger,
    opened by the caller, says in one line what is wrong with a store it cannot open).
    A SQLite file that is not a whole ledger is refused here, before anything reads it."""
    from ledger.domain.errors import LedgerError

    try:
        tables = connect(db)
    except LedgerError:
        raise
    except Exception:  # a missing file, a bad URL, a server that does not answer
        return None
    try:
        if tables.is_current():
            return tables
    except Exception:  # no tables yet, or no events table: the caller catches up
        pass
    tables.close()
    return None
