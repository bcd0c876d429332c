"""One batch of the catch-up loop's writes, staged in memory and then run as a few
batched statements in one transaction.

A row opened and closed within the batch is inserted once, already closed (or
not at all when it held for no time); only rows from earlier batches are
closed with an UPDATE. The register gets one write per proposal per batch,
and none when its row did not change; the row it replaces is deleted by its id
when the projector knows which row the table holds (none, for a proposal it
has just seen submitted), and by every spelling of the proposal's id otherwise.
Each `register_history` row inserted is filed under its years in
`register_open_years` (`open_years.filed`).
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import Any

from ledger.domain.caches import CACHED
from ledger.domain.processes import spellings
from projections.projector import open_years
from projections.projector.rows import Row
from projections.projector.store import Ops
from projections.tables.schema import (
    BITEMPORAL,
    EVENTS_INDEX,
    OPEN_YEARS,
    REGISTER,
    REGISTER_HISTORY,
    Table,
)

Key = tuple[str, str, str]  # table, entity, digest
UNKNOWN: Any = object()  # the register row the table holds for a proposal, not known


class Staged:
    def __init__(self) -> None:
        self.indexed: list[Row] = []
        self.dropped: list[str] = []
        self.closing: defaultdict[str, list[tuple[str, str, str]]] = defaultdict(list)
        self.opened: dict[Key, tuple[Row, str]] = {}
        self.finished: defaultdict[str, list[Row]] = defaultdict(list)
        self.register: dict[tuple[str, str], Row | None] = {}
        self.replaced: dict[tuple[str, str], Row | None] = {}  # what the table holds now

    def index(self, row: Row) -> None:
        self.indexed.append(row)

    def open(self, table: str, entity: str, key: str, row: Row, moment: str) -> None:
        self.opened[(table, entity, key)] = (row, moment)

    def close(self, table: str, entity: str, key: str, moment: str) -> None:
        """The row stops holding at `moment`; dropped if it held for no time."""
        found = self.opened.pop((table, entity, key), None)
        if found is None:
            self.closing[table].append((moment, entity, key))
        elif found[1] != moment:
            self.finished[table].append((entity, key, *found[0], found[1], moment))

    def closed(self, table: str, entity: str, key: str, row: Row, since: str, until: str) -> None:
        """A row that held from `since` to `until`."""
        self.finished[table].append((entity, key, *row, since, until))

    def drop(self, entity: str) -> None:
        """Every row of `entity` goes, before anything this batch writes for it."""
        self.dropped.append(entity)
        for key in [k for k in self.opened if k[1] == entity]:
            del self.opened[key]
        for table, rows in self.finished.items():
            self.finished[table] = [r for r in rows if r[0] != entity]

    def current(self, code: str, proposal_id: str, row: Row | None, held: Any = UNKNOWN) -> None:
        """The proposal's register row is `row` (None: it has none); `held` is the row the
        table holds for it before this batch, or UNKNOWN."""
        self.register[(code, proposal_id)] = row
        self.replaced.setdefault((code, proposal_id), held)

    def ops(self) -> Ops:
        ops = Ops()
        many = ops.many
        many(f"INSERT INTO {{p}}{EVENTS_INDEX.name} VALUES (?, ?, ?, ?, ?, ?)", self.indexed)
        for table in (*BITEMPORAL, OPEN_YEARS):
            many(f"DELETE FROM {{p}}{table.name} WHERE entity = ?", [(e,) for e in self.dropped])
        for table in BITEMPORAL:
            closing = self.closing.get(table.name, [])
            many(
                f"DELETE FROM {{p}}{table.name} WHERE entity = ? AND digest = ? "
                "AND recorded_to IS NULL AND recorded_from = ?",
                [(entity, key, moment) for moment, entity, key in closing],
            )
            many(
                f"UPDATE {{p}}{table.name} SET recorded_to = ? "
                "WHERE entity = ? AND digest = ? AND recorded_to IS NULL",
                closing,
            )
            if table is REGISTER_HISTORY:  # a row gone unseen is filed under no year
                many(_UNFILE, [(entity, key) for _, entity, key in closing])
        opened: defaultdict[str, list[Row]] = defaultdict(list)
        for (name, entity, key), (row, moment) in self.opened.items():
            opened[name].append((entity, key, *row, moment, None))
        for table in BITEMPORAL:
            inserted = [*self.finished.get(table.name, []), *opened[table.name]]
            many(insert_sql(table), inserted)
            if table is REGISTER_HISTORY:
                many(open_years.INSERT, open_years.filed(inserted))
        many(
            "DELETE FROM {p}register WHERE code = ? AND id = ?",
            [
                (code, shown)
                for (code, key), held in self.replaced.items()
                for shown in (
                    _spellings(code, key) if held is UNKNOWN else held[1:2] if held else ()
                )
            ],
        )
        many(
            f"INSERT INTO {{p}}register VALUES ({', '.join('?' * len(REGISTER))})",
            [row for row in self.register.values() if row is not None],
        )
        return ops


_UNFILE = (
    f"DELETE FROM {{p}}{OPEN_YEARS.name} WHERE entity = ? AND digest = ? AND NOT EXISTS "
    f"(SELECT 1 FROM {{p}}{REGISTER_HISTORY.name} h WHERE h.entity = "
    f"{{p}}{OPEN_YEARS.name}.entity AND h.digest = {{p}}{OPEN_YEARS.name}.digest)"
)


def insert_sql(table: Table) -> str:
    """Its columns named: one added to an older ledger's table comes last there."""
    columns = table.all_columns
    return (
        f"INSERT INTO {{p}}{table.name} ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' * len(columns))})"
    )


@lru_cache(maxsize=CACHED)
def _spellings(code: str, key: str) -> tuple[str, ...]:
    """Every id the register may hold the proposal under: it is renamed when converted."""
    return tuple(dict.fromkeys((key, *spellings(code, key))))
