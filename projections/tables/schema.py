"""The projection tables' definitions, shared by the writer and the fast reader.

Tables marked bitemporal hold a row per period in which a fact held, in
record time (`recorded_from` to `recorded_to`, open while it still holds);
`register_history` also in valid time (`valid_from` to `valid_to`). Dates
are ISO text, record times UTC ISO text with microseconds, so both compare
as text in SQLite and PostgreSQL alike. `entity` and `digest` identify a
row for the writer; exports leave them out.

A column added to a table after ledgers were made with it is named in the table's
`added`: the projector adds it to such a ledger's table (empty, which is what every
row there holds, no event before it having the fact) when it next catches up, and
readers take it as empty until then. A row's digest leaves out an added column that
holds nothing (`Table.identity`), so the rows those ledgers hold keep their keys.

`register_open_years` files each `register_history` row that shows a
proposal open for a bounded period under every calendar year the period
touches, so that the open register on a date reads only that year's rows
(and the open rows that hold to no end date, through a partial index).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

TRACKING_NAME = "projections"
SCHEMA_VERSION = "3"  # 2: milestones.announced; 3: versions.release, the releases table

REGISTER = (
    "code",
    "id",
    "title",
    "status",
    "status_since",
    "path",
    "proposer",
    "raised",
    "decided",
    "implemented_in",
)
RECORDED = ("recorded_from", "recorded_to")
# The partial index of register_history's open rows keeps this predicate's text in every
# ledger file made so far, and a query must repeat it to the letter; so it is part of the
# stored format, not a process's rule. It is only a first cut: readers of the open register
# ask each proposal's own process (`is_decided`), so a code whose decided statuses are not
# among these (the UNC's Awaiting Implementation) is answered right.
DECIDED = ("Approved", "Cancelled", "Implemented", "Rejected", "Withdrawn")
OPEN = f"status NOT IN ({', '.join(repr(s) for s in DECIDED)})"
OPEN_ENDED = f"valid_to IS NULL AND {OPEN}"  # the predicate of register_history's partial index
CITED = "kind = 'cited'"  # the predicate of ledger_events' partial index: the citations


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    bitemporal: bool = True
    indexes: tuple[tuple[str, ...], ...] = ()
    added: tuple[str, ...] = ()  # columns added since ledgers were first made with it

    def identity(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        """What a row's digest is taken of: its values, an added column's only where it
        holds one, so that a row written before the column was added keeps its key."""
        if not self.added:
            return row
        empty = {i for i in self.added_at if row[i] is None}
        return tuple(value for i, value in enumerate(row) if i not in empty)

    @cached_property
    def added_at(self) -> tuple[int, ...]:
        return tuple(self.columns.index(c) for c in self.added)

    @property
    def all_columns(self) -> tuple[str, ...]:
        if not self.bitemporal:
            return self.columns
        return ("entity", "digest", *self.columns, *RECORDED)

    @property
    def exported_columns(self) -> tuple[str, ...]:
        return (*self.columns, *RECORDED) if self.bitemporal else self.columns


REGISTER_TABLE = Table("register", REGISTER, bitemporal=False)
REGISTER_HISTORY = Table(
    "register_history",
    (*REGISTER[:2], "valid_from", "valid_to", *REGISTER[2:]),
    indexes=(("recorded_to", "valid_from"), ("code", "id", "recorded_from")),
)
DECISIONS = Table(
    "decisions",
    (
        "code",
        "proposal",
        "happened_on",
        "effective",
        "body",
        "outcome",
        "detail",
        "source",
        "event_id",
    ),
    indexes=(("effective",), ("code", "proposal")),
)
MILESTONES = Table(
    "milestones",
    (
        "code",
        "proposal",
        "happened_on",
        "effective",
        "kind",
        "what",
        "deadline",
        "announced",  # a schedule's announcement date, as given (YYYY-MM-DD or YYYY-MM)
        "source",
        "note",
        "event_id",
    ),
    indexes=(("effective",), ("code", "proposal")),
    added=("announced",),
)
VERSIONS = Table(
    "versions",
    (
        "code",
        "number",
        "happened_on",
        "effective",
        "basis",
        "implements",
        "amends",
        "source",
        "note",
        "event_id",
        "release",
    ),
    indexes=(("code", "effective"),),
)
AMENDMENTS = Table(
    "amendments",
    ("code", "number", "section", "effective", "implements"),
    indexes=(("code", "effective"),),
)
RELEASES = Table(
    "releases",
    (
        "code",
        "release",
        "happened_on",
        "effective",
        "change",
        "what",
        "go_live",
        "went_live",
        "version",
        "scope",
        "decided_by",
        "source",
        "note",
        "event_id",
    ),
    indexes=(("code", "release"), ("effective",)),
)  # a release's dated history: each row one event, with the release as that event left it
OPEN_YEARS = Table(
    "register_open_years",
    ("year", "entity", "digest"),
    bitemporal=False,
    indexes=(("entity",),),
)
EVENTS_INDEX = Table(
    "ledger_events",
    ("position", "recorded_at", "kind", "entity", "happened_on", "effective"),
    bitemporal=False,
    indexes=(("recorded_at",),),
)

BITEMPORAL = (REGISTER_HISTORY, DECISIONS, MILESTONES, VERSIONS, AMENDMENTS, RELEASES)
TABLES = (REGISTER_TABLE, *BITEMPORAL, OPEN_YEARS, EVENTS_INDEX)
EXPORTED = (
    REGISTER_TABLE,
    REGISTER_HISTORY,
    DECISIONS,
    MILESTONES,
    VERSIONS,
    AMENDMENTS,
    RELEASES,
)
NAMES = tuple(t.name for t in TABLES)


def record_time(moment: datetime) -> str:
    """A record time as the tables hold it: UTC, ISO 8601, microseconds."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def create_statements(prefix: str = "") -> list[str]:
    """CREATE TABLE and INDEX statements; `prefix` is a quoted schema and a dot, or empty."""
    return [statement for table in TABLES for statement in table_statements(table, prefix)]


def table_statements(table: Table, prefix: str = "") -> list[str]:
    """CREATE TABLE and INDEX statements of one table."""
    columns = [f"{c} {'BIGINT' if c == 'position' else 'TEXT'}" for c in table.all_columns]
    if table is REGISTER_TABLE:
        columns.append("PRIMARY KEY (code, id)")
    if table is EVENTS_INDEX:
        columns.append("PRIMARY KEY (position)")
    if table is OPEN_YEARS:
        columns.append("PRIMARY KEY (year, entity, digest)")
    statements = [f"CREATE TABLE IF NOT EXISTS {prefix}{table.name} ({', '.join(columns)})"]
    keys = (("entity", "digest", "recorded_to"), *table.indexes) if table.bitemporal else ()
    for number, key in enumerate(keys or table.indexes):
        statements.append(
            f"CREATE INDEX IF NOT EXISTS {table.name}_ix{number} "
            f"ON {prefix}{table.name} ({', '.join(key)})"
        )
    if table is REGISTER_HISTORY:
        statements += [open_ended_index(prefix), recorded_index(prefix)]
    if table is VERSIONS:
        statements.append(versions_by_date(prefix))
    if table is EVENTS_INDEX:
        statements.append(cited_index(prefix))
    return statements


def open_ended_index(prefix: str = "") -> str:
    """The open proposals' rows that hold to no end date, by record time and start."""
    return (
        f"CREATE INDEX IF NOT EXISTS {REGISTER_HISTORY.name}_open_ended "
        f"ON {prefix}{REGISTER_HISTORY.name} (recorded_to, valid_from) WHERE {OPEN_ENDED}"
    )


RECORDED_INDEX = f"{REGISTER_HISTORY.name}_recorded"


def recorded_index(prefix: str = "") -> str:
    """register_history's rows by the record time they hold from: the register as known
    at a time early in the ledger, read without the rows superseded since."""
    return (
        f"CREATE INDEX IF NOT EXISTS {RECORDED_INDEX} "
        f"ON {prefix}{REGISTER_HISTORY.name} (recorded_from)"
    )


VERSIONS_BY_DATE = f"{VERSIONS.name}_effective"


def versions_by_date(prefix: str = "") -> str:
    """The versions by the date each takes effect, whatever the code: the earliest date
    in the ledger found by a walk of an index, not a read of every version."""
    return f"CREATE INDEX IF NOT EXISTS {VERSIONS_BY_DATE} ON {prefix}{VERSIONS.name} (effective)"


CITED_INDEX = f"{EVENTS_INDEX.name}_cited"


def cited_index(prefix: str = "") -> str:
    """The citations among the events, by aggregate and record time: which proposals a
    source confirms or disputes, found without reading every event's row. A query must
    repeat `CITED` to the letter for the index to serve it."""
    return (
        f"CREATE INDEX IF NOT EXISTS {CITED_INDEX} "
        f"ON {prefix}{EVENTS_INDEX.name} (entity, recorded_at) WHERE {CITED}"
    )


# Indexes added since ledgers were first made: each is made in a ledger that lacks it when
# the projector next opens its tables (until then its readers read without it).
ADDED_INDEXES = {
    CITED_INDEX: cited_index,
    RECORDED_INDEX: recorded_index,
    VERSIONS_BY_DATE: versions_by_date,
}


def drop_statements(prefix: str = "") -> list[str]:
    return [f"DROP TABLE IF EXISTS {prefix}{name}" for name in NAMES]
