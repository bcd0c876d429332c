"""The projection tables in the event store's own database, written with
eventsourcing's tracking record in the same transaction: exactly once."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from eventsourcing.persistence import (
    IntegrityError,
    PersistenceError,
    Tracking,
    TrackingRecorder,
)

from projections.projector.open_years import add_open_years
from projections.tables.schema import (
    ADDED_INDEXES,
    BITEMPORAL,
    EVENTS_INDEX,
    NAMES,
    TABLES,
    TRACKING_NAME,
    create_statements,
    drop_statements,
)

__all__ = ["IntegrityError", "Ops", "ProjectionStore"]

LOCK_KEY = 0x676F766C65646772  # "govledgr": the projection writers' advisory lock


@dataclass
class Ops:
    """Statements to run in order, in one transaction; runs of one statement batched."""

    steps: list[tuple[str, list[Sequence[Any]]]] = field(default_factory=list)

    def add(self, sql: str, params: Sequence[Any]) -> None:
        if self.steps and self.steps[-1][0] == sql:
            self.steps[-1][1].append(params)
        else:
            self.steps.append((sql, [params]))

    def many(self, sql: str, params: Sequence[Sequence[Any]]) -> None:
        if params:
            self.steps.append((sql, list(params)))


def tracking_recorder(app: Any) -> TrackingRecorder:
    """eventsourcing's tracking recorder, creating its table only if it is missing, so a
    role that may write the tables but not create them in the schema can keep them."""
    factory = app.factory
    try:
        with factory.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT 1 FROM {_tracking_table(factory)} WHERE 1 = 0")
    except PersistenceError:
        return factory.tracking_recorder()
    saved = factory.env.pop(factory.CREATE_TABLE, None)
    factory.env[factory.CREATE_TABLE] = "no"
    try:
        return factory.tracking_recorder()
    finally:
        if saved is None:
            del factory.env[factory.CREATE_TABLE]
        else:
            factory.env[factory.CREATE_TABLE] = saved


def _tracking_table(factory: Any) -> str:
    schema = getattr(factory.datastore, "schema", None)
    if schema is None:
        return "tracking"
    return f'"{schema}".{factory.env.name.lower() or "notification"}_tracking'


class ProjectionStore:
    """The tables and tracking record of one ledger (a SQLite file or a PostgreSQL schema),
    or of `recorder`'s database when one is given (a scratch copy of the tables)."""

    def __init__(self, app: Any, recorder: TrackingRecorder | None = None) -> None:
        self.recorder: TrackingRecorder = recorder or tracking_recorder(app)
        datastore = self.recorder.datastore  # type: ignore[attr-defined]
        self.postgres = hasattr(datastore, "schema")
        self.schema: str = datastore.schema if self.postgres else ""
        self.prefix = f'"{self.schema}".' if self.postgres else ""
        self.tracking_table = (
            f"{self.prefix}{self.recorder.tracking_table_name}"  # type: ignore[attr-defined]
            if self.postgres
            else "tracking"
        )
        self.remade = False  # whether tables an earlier release made were made again
        if not self.exists():
            with self.transaction() as c:
                self.lock(c)
                for statement in create_statements(self.prefix):
                    c.execute(statement)
        else:
            add_open_years(self)
            self.add_columns()
            self.add_indexes()
            if not self.current() and self.writable():
                self.reset()  # made by an earlier release: made again, from every event
                self.remade = True

    def exists(self, table: str = EVENTS_INDEX.name, columns: str = "1") -> bool:
        """Whether the tables are there (checked by reading, so no write lock is taken)."""
        try:
            with self.recorder.datastore.transaction(commit=False) as c:  # type: ignore[attr-defined]
                c.execute(f"SELECT {columns} FROM {self.prefix}{table} WHERE 1 = 0")
            return True
        except PersistenceError:
            return False

    def add_columns(self) -> None:
        """Give the tables of a ledger made before a column was added (`Table.added`) that
        column, empty, when this role keeps them; nothing when they have it."""
        with self.recorder.datastore.transaction(commit=False) as c:  # type: ignore[attr-defined]
            missing = self.missing_columns(c)
        if not missing or not self.writable():
            return
        with self.transaction() as c:
            self.lock(c)
            for table, column in self.missing_columns(c):
                c.execute(f"ALTER TABLE {self.prefix}{table} ADD COLUMN {column} TEXT")

    def missing_columns(self, c: Any) -> list[tuple[str, str]]:
        """(table, column) of each added column a table lacks."""
        missing = []
        for table in BITEMPORAL:
            if not table.added:
                continue
            if self.postgres:
                c.execute(
                    "SELECT column_name AS name FROM information_schema.columns "
                    "WHERE table_schema = %s AND table_name = %s",
                    (self.schema, table.name),
                )
            else:
                c.execute("SELECT name FROM pragma_table_info(?)", (table.name,))
            held = {row["name"] for row in c.fetchall()}
            missing += [(table.name, name) for name in table.added if name not in held]
        return missing

    def add_indexes(self) -> None:
        """Give tables that predate them the indexes added since (`ADDED_INDEXES`), when
        this role keeps them (until then a read goes without them)."""
        found_sql, args = (
            (
                "SELECT c.relname AS found FROM pg_class c JOIN pg_namespace n "
                "ON n.oid = c.relnamespace WHERE n.nspname = %s",
                (self.schema,),
            )
            if self.postgres
            else ("SELECT name AS found FROM sqlite_master", ())
        )
        with self.recorder.datastore.transaction(commit=False) as c:  # type: ignore[attr-defined]
            c.execute(found_sql, args)
            found = {row["found"] for row in c.fetchall()}
        missing = [index for name, index in ADDED_INDEXES.items() if name not in found]
        if not missing or not self.writable():
            return
        with self.transaction() as c:
            self.lock(c)
            for index in missing:
                c.execute(index(self.prefix))

    def current(self) -> bool:
        """Whether every table has this release's columns."""
        return all(self.exists(t.name, ", ".join(t.all_columns)) for t in TABLES)

    def writable(self) -> bool:
        """Whether this role may write every table and the tracking record: on
        PostgreSQL only the role that keeps them (their owner) need."""
        if not self.postgres:
            return True
        names = [f"{self.prefix}{name}" for name in NAMES] + [self.tracking_table]
        with self.recorder.datastore.transaction(commit=False) as c:  # type: ignore[attr-defined]
            c.execute(
                "SELECT bool_and(has_table_privilege(t, p)) AS ok FROM unnest(%s::text[]) t, "
                "unnest(ARRAY['INSERT', 'UPDATE', 'DELETE']) p",
                (names,),
            )
            return bool(c.fetchone()["ok"])

    def lock(self, c: Any) -> None:
        """Take the projection writers' turn before touching any table."""
        if self.postgres:
            c.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        else:
            c.execute(
                "UPDATE tracking SET notification_id = notification_id WHERE application_name = ?",
                (TRACKING_NAME,),
            )

    def sql(self, text: str) -> str:
        """A statement in this store's dialect: table names qualified, placeholders."""
        text = text.replace("{p}", self.prefix)
        return text.replace("?", "%s") if self.postgres else text

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        with self.recorder.datastore.transaction(commit=True) as c:  # type: ignore[attr-defined]
            yield c

    def position(self) -> int:
        return self.recorder.max_tracking_id(TRACKING_NAME) or 0

    def write(self, ops: Ops, after: int, position: int) -> None:
        """Run `ops` and advance the tracking record from `after` to `position`, all or
        nothing. Writers take turns (SQLite's write lock; a PostgreSQL advisory lock,
        so that two catching up at once cannot deadlock).

        Raises IntegrityError when another process has projected past `after` meanwhile.
        """
        with self.transaction() as c:
            self.lock(c)
            c.execute(
                self.sql(
                    f"SELECT notification_id FROM {self.tracking_table} WHERE application_name = ?"
                ),
                (TRACKING_NAME,),
            )
            found = c.fetchone()
            if (found["notification_id"] if found else 0) != after:
                raise IntegrityError(f"projections moved past {after} meanwhile")
            for sql, params in ops.steps:
                if len(params) == 1:
                    c.execute(self.sql(sql), params[0])
                else:
                    c.executemany(self.sql(sql), params)
            self.recorder._insert_tracking(c, Tracking(TRACKING_NAME, position))  # type: ignore[attr-defined]

    def reset(self) -> None:
        """Empty every table and the tracking record, in one transaction."""
        with self.transaction() as c:
            self.lock(c)
            for statement in drop_statements(self.prefix):
                c.execute(statement)
            for statement in create_statements(self.prefix):
                c.execute(statement)
            c.execute(
                self.sql(f"DELETE FROM {self.tracking_table} WHERE application_name = ?"),
                (TRACKING_NAME,),
            )
