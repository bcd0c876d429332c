"""The calendar years under which `register_open_years` files a `register_history`
row: every year that its valid period [valid_from, valid_to) touches, when the
row shows the proposal open and the period ends."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ledger.domain.processes import is_decided
from projections.projector.rows import Row
from projections.tables.schema import (
    OPEN_YEARS,
    REGISTER_HISTORY,
    open_ended_index,
    table_statements,
)

_ALL = ("entity", "digest", *REGISTER_HISTORY.columns)
CODE, VALID_FROM, VALID_TO, STATUS = (
    _ALL.index(c) for c in ("code", "valid_from", "valid_to", "status")
)
INSERT = f"INSERT INTO {{p}}{OPEN_YEARS.name} VALUES (?, ?, ?) ON CONFLICT DO NOTHING"


def years(valid_from: str, valid_to: str) -> range:
    """The years a period from `valid_from` up to (not including) `valid_to` touches."""
    last = int(valid_to[:4]) - (valid_to[4:] <= "-01-01")
    return range(int(valid_from[:4]), last + 1)


def filed(rows: Iterable[Row]) -> list[tuple[str, str, str]]:
    """(year, entity, digest) of each `register_history` row (all its columns) to file."""
    found: dict[tuple[str, str, str], None] = {}
    decided: dict[tuple[str, str], bool] = {}
    for row in rows:
        status, until = row[STATUS], row[VALID_TO]
        if until is None or status is None:
            continue
        known = decided.get((row[CODE], status))
        if known is None:
            known = decided[(row[CODE], status)] = is_decided(row[CODE], status)
        if known:
            continue
        for year in years(row[VALID_FROM], until):
            found[(f"{year:04d}", row[0], row[1])] = None
    return list(found)


def add_open_years(store: Any) -> None:
    """Give a ledger whose tables predate `register_open_years` the table (filed from
    the rows it already holds) and the partial index; nothing when it has them."""
    if store.exists(OPEN_YEARS.name):
        return
    with store.transaction() as c:
        store.lock(c)
        for statement in table_statements(OPEN_YEARS, store.prefix):
            c.execute(statement)
        c.execute(open_ended_index(store.prefix))
        c.execute(
            store.sql(
                f"SELECT {', '.join(_ALL)} FROM {{p}}{REGISTER_HISTORY.name} "
                "WHERE valid_to IS NOT NULL"
            )
        )
        rows = [tuple(r.values()) if isinstance(r, dict) else tuple(r) for r in c.fetchall()]
        entries = filed(rows)
        if entries:
            c.executemany(store.sql(INSERT), entries)
