"""Point-in-time answers from the tables, as `projections.queries` gives them.

Nothing here imports pydantic or eventsourcing unless the tables must catch up.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from projections.tables.access import tables_for
from projections.tables.read import Tables
from projections.tables.schema import record_time

DECIDED = frozenset({"Approved", "Rejected", "Implemented", "Withdrawn", "Cancelled"})


def earliest(tables: Tables, known: str | None) -> str | None:
    """The first valid date of anything standing in the ledger, as known at `known`."""
    return tables.earliest(known)


def register(
    source: Any, as_of: date, known_at: datetime | None, open_only: bool, code: str | None
) -> tuple[list[dict[str, Any]], int, datetime | None, date | None]:
    """(register rows, last position seen, record time complete to, earliest valid date)."""
    known = record_time(known_at) if known_at else None
    tables = tables_for(source)
    try:
        last, complete_to = tables.latest(known)
        first = earliest(tables, known)
        rows = tables.register(as_of.isoformat(), known, code, open_only)
    finally:
        tables.close()
    if open_only:
        rows = [r for r in rows if r["status"] is not None and r["status"] not in DECIDED]
    for row in rows:
        del row["code"]
    return (
        rows,
        last,
        datetime.fromisoformat(complete_to) if complete_to else None,
        date.fromisoformat(first) if first else None,
    )
