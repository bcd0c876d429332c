"""What each exported column holds: the one schema that CSV, JSON, Parquet, XLSX and
datapackage.json are all written from.

A column is typed by its name, which means the same in every table. A recorded date
may be a day or only a month (`2017-03`): it is exported as a real date (a month: its
last day, from which the ledger counts it) with the text as recorded beside it, in
`<name>_as_given`. Record times are UTC timestamps. Version numbers are always text
(`5.10` is not `5.1`). A list is text whose items are joined by `LIST_SEPARATOR`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from ledger.domain.dates import effective_date
from ledger.domain.errors import InvalidInput
from projections.tables.schema import Table

LIST_SEPARATOR = "; "
AS_GIVEN = "_as_given"


class Kind(StrEnum):
    TEXT = "text"
    VERSION = "version"  # a version number: text, never a number
    LIST = "list"  # items joined by LIST_SEPARATOR
    DATE = "date"  # always a day
    RECORDED_DATE = "recorded date"  # a day or a month, as a source gave it
    AS_GIVEN = "as given"  # a recorded date's text, beside its date
    TIMESTAMP = "timestamp"  # UTC, microseconds
    INTEGER = "integer"
    BOOLEAN = "boolean"


KINDS: dict[str, Kind] = {
    **dict.fromkeys(("effective", "valid_from", "valid_to"), Kind.DATE),
    **dict.fromkeys(
        (
            "happened_on",
            "status_since",
            "raised",
            "decided",
            "deadline",
            "announced",
            "go_live",
            "went_live",
        ),
        Kind.RECORDED_DATE,
    ),
    **dict.fromkeys(("recorded_from", "recorded_to"), Kind.TIMESTAMP),
    **dict.fromkeys(("number", "version"), Kind.VERSION),
    **dict.fromkeys(("implements", "amends", "scope", "source", "implemented_in"), Kind.LIST),
}

DESCRIPTIONS = {
    Kind.VERSION: "a version number, as text",
    Kind.LIST: f"items separated by '{LIST_SEPARATOR}'",
    Kind.DATE: "a day",
    Kind.RECORDED_DATE: "a day; where a source gave only the month, its last day",
    Kind.AS_GIVEN: "the date as recorded: YYYY-MM-DD, or YYYY-MM where only the month is known",
    Kind.TIMESTAMP: "a record time, UTC",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    source: str  # the table's column it is read from

    @property
    def description(self) -> str | None:
        return DESCRIPTIONS.get(self.kind)


def columns(table: Table, kinds: dict[str, Kind] = KINDS) -> tuple[Column, ...]:
    """The exported columns of `table`, in order, each with its kind; a recorded date
    followed by its text as given."""
    found: list[Column] = []
    for name in table.exported_columns:
        kind = kinds.get(name, Kind.TEXT)
        found.append(Column(name, kind, name))
        if kind is Kind.RECORDED_DATE:
            found.append(Column(name + AS_GIVEN, Kind.AS_GIVEN, name))
    return tuple(found)


def typed_rows(schema: tuple[Column, ...], rows: Iterable[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Each row's values as Python values of their columns' kinds (None where nothing is
    recorded, or where a stored value is not of its kind: its text stays as given)."""
    return [tuple(typed(column, row[column.source]) for column in schema) for row in rows]


def typed(column: Column, value: Any) -> Any:
    if value is None:
        return None
    kind = column.kind
    if kind is Kind.DATE:
        return _date(value)
    if kind is Kind.RECORDED_DATE:
        return _recorded_date(value)
    if kind is Kind.TIMESTAMP:
        return _timestamp(value)
    if kind is Kind.LIST:
        return value or None  # no items: nothing, as an empty cell reads
    if kind is Kind.INTEGER:
        return int(value)
    if kind is Kind.BOOLEAN:  # SQLite holds one as 1 or 0
        return value if isinstance(value, bool) else value in (1, "1", "true")
    return str(value)


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _recorded_date(value: Any) -> date | None:
    try:
        return effective_date(value)
    except (InvalidInput, TypeError):
        return None


def _timestamp(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
