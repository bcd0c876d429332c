"""The catch-up loop: every event after the tracking record, into the tables.

Each batch of events is one transaction with its tracking record, so a crash
loses nothing and repeats nothing. Each event's aggregate (a proposal or a
version) is re-derived from its events so far; the rows that changed are closed
at the event's record time and the new ones opened from it. An event recorded
with a record time earlier than one already projected (a clock set back)
re-derives that aggregate's whole record-time history instead.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ledger.domain import events as ev
from ledger.domain.dates import effective_date
from projections.tables.rows import RowSets, columns_of, entity_rows, record_time
from projections.tables.schema import BITEMPORAL, EVENTS_INDEX, REGISTER, REGISTER_HISTORY
from projections.tables.store import IntegrityError, Ops, ProjectionStore

BATCH = 1000
CACHE_EVENTS = 50_000

Progress = Callable[[int, int], None]


@dataclass
class Entity:
    events: list[ev.LedgerEvent] = field(default_factory=list)
    rows: RowSets = field(default_factory=dict)
    latest: str = ""


class Projector:
    def __init__(self, app: Any, store: ProjectionStore | None = None) -> None:
        self.app = app
        self.store = store or ProjectionStore(app)
        self.cache: OrderedDict[str, Entity] = OrderedDict()
        self.cached_events = 0

    def behind(self) -> bool:
        return self.store.position() < (self.app.recorder.max_notification_id() or 0)

    def run(self, progress: Progress | None = None) -> int:
        """Project every event not yet projected; returns how many were projected."""
        done = 0
        position = self.store.position()
        last = self.app.recorder.max_notification_id() or 0
        while position < last:
            page = self.app.recorder.select_notifications(
                start=position, limit=BATCH, inclusive_of_start=False
            )
            if not page:
                break
            ops = Ops()
            for notification in page:
                self.project(ops, notification.id, self.app.mapper.to_domain_event(notification))
            try:
                self.store.write(ops, position, page[-1].id)
            except IntegrityError:  # another process projected these first
                self.cache.clear()
                self.cached_events = 0
                position = self.store.position()
                continue
            done += len(page)
            position = page[-1].id
            if progress:
                progress(done, done + max(last - position, 0))
        return done

    def project(self, ops: Ops, position: int, event: ev.LedgerEvent) -> None:
        name = event.originator_id
        moment = record_time(event.timestamp)
        ops.add(
            f"INSERT INTO {{p}}{EVENTS_INDEX.name} VALUES (?, ?, ?, ?, ?, ?)",
            (
                position,
                moment,
                event.kind,
                name,
                event.on,
                effective_date(event.on).isoformat(),
            ),
        )
        entity = self.entity(name, event.originator_version)
        entity.events.append(event)
        self.cached_events += 1
        if moment < entity.latest:
            entity.rows = rewrite(ops, name, entity.events)
        else:
            rows = entity_rows(name, entity.events)
            change(ops, name, entity.rows, rows, moment)
            entity.rows = rows
            entity.latest = moment
        if name.startswith("proposal:"):
            current(ops, name, entity.rows)

    def entity(self, name: str, version: int) -> Entity:
        entity = self.cache.get(name)
        if entity is None:
            entity = Entity()
            if version > 1:
                stored = self.app.recorder.select_events(name, lte=version - 1)
                entity.events = [self.app.mapper.to_domain_event(s) for s in stored]
                entity.rows = entity_rows(name, entity.events)
                entity.latest = max(record_time(e.timestamp) for e in entity.events)
                self.cached_events += len(entity.events)
            self.cache[name] = entity
            self.evict()
        else:
            self.cache.move_to_end(name)
        return entity

    def evict(self) -> None:
        while self.cached_events > CACHE_EVENTS and len(self.cache) > 1:
            _, old = self.cache.popitem(last=False)
            self.cached_events -= len(old.events)


def insert_sql(table: str) -> str:
    count = len(columns_of(table)) + 4
    return f"INSERT INTO {{p}}{table} VALUES ({', '.join('?' * count)})"


def change(ops: Ops, name: str, before: RowSets, after: RowSets, moment: str) -> None:
    """Close the rows that no longer hold at `moment` and open the new ones."""
    for table in sorted(set(before) | set(after)):
        old, new = before.get(table, {}), after.get(table, {})
        for key in old.keys() - new.keys():
            ops.add(
                f"DELETE FROM {{p}}{table} WHERE entity = ? AND digest = ? "
                "AND recorded_to IS NULL AND recorded_from = ?",
                (name, key, moment),
            )
            ops.add(
                f"UPDATE {{p}}{table} SET recorded_to = ? "
                "WHERE entity = ? AND digest = ? AND recorded_to IS NULL",
                (moment, name, key),
            )
        for key in sorted(new.keys() - old.keys()):
            ops.add(insert_sql(table), (name, key, *new[key], moment, None))


def rewrite(ops: Ops, name: str, events: Sequence[ev.LedgerEvent]) -> RowSets:
    """Derive an aggregate's whole record-time history again; returns its rows now."""
    for table in BITEMPORAL:
        ops.add(f"DELETE FROM {{p}}{table.name} WHERE entity = ?", (name,))
    opened: dict[tuple[str, str], tuple[tuple[Any, ...], str]] = {}
    rows: RowSets = {}
    for moment in sorted({record_time(e.timestamp) for e in events}):
        rows = entity_rows(name, [e for e in events if record_time(e.timestamp) <= moment])
        now = {(t, k): r for t, keyed in rows.items() for k, r in keyed.items()}
        for key in sorted(opened.keys() - now.keys()):
            row, since = opened.pop(key)
            ops.add(insert_sql(key[0]), (name, key[1], *row, since, moment))
        for key in sorted(now.keys() - opened.keys()):
            opened[key] = (now[key], moment)
    for key, (row, since) in sorted(opened.items()):
        ops.add(insert_sql(key[0]), (name, key[1], *row, since, None))
    return rows


def current(ops: Ops, name: str, rows: RowSets) -> None:
    """The register's current row: the open period of the proposal's history."""
    history = rows.get(REGISTER_HISTORY.name, {}).values()
    latest = [r for r in history if r[3] is None]
    code, proposal_id = name.split(":", 2)[1:]
    ops.add("DELETE FROM {p}register WHERE code = ? AND id = ?", (code, proposal_id))
    if latest:
        row = latest[0]
        ops.add(
            f"INSERT INTO {{p}}register VALUES ({', '.join('?' * len(REGISTER))})",
            (*row[:2], *row[4:]),
        )


def catch_up(app: Any, progress: Progress | None = None) -> int:
    """Bring the tables up to the last recorded event."""
    return Projector(app).run(progress)


def rebuild(app: Any, progress: Progress | None = None) -> int:
    """Empty the tables and project every event again."""
    store = ProjectionStore(app)
    store.reset()
    return Projector(app, store).run(progress)
