"""The catch-up loop: every event after the tracking record, into the tables.

Each batch of events is one transaction with its tracking record, so a crash
loses nothing and repeats nothing. A proposal's rows are kept step by step
(`RunningRows`) while its events arrive in the order they happened; an event
that does not (back-dated, a correction or retraction) derives that
aggregate's rows again from its events, and so does every event of a version.
The rows that changed are closed at the event's record time and the new ones
opened from it. An event recorded with a record time earlier than one
already projected (a clock set back) re-derives that aggregate's whole
record-time history instead.

Aggregates recently seen are kept in a cache bounded by the events it holds;
one not in it is read back from the event store.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from ledger.collector import collector_paused
from ledger.domain import events as ev
from ledger.domain.ids import is_proposal, split_id
from ledger.store.notifications import notification_pages
from projections.projector.decode import Decoder
from projections.projector.derive import derive
from projections.projector.rows import (
    Row,
    RowSets,
    decision_of,
    effective_text,
    key_of,
    record_time,
)
from projections.projector.running import RunningRows, keyed_history
from projections.projector.staged import UNKNOWN, Staged
from projections.projector.store import IntegrityError, ProjectionStore
from projections.tables.schema import DECISIONS, MILESTONES, REGISTER_HISTORY

BATCH = 5000
CACHE_EVENTS = 20_000

Progress = Callable[[int, int], None]


@dataclass
class Aggregate:
    events: list[ev.LedgerEvent] = field(default_factory=list)
    rows: RowSets = field(default_factory=dict)
    latest: str = ""
    running: RunningRows | None = None
    register: Any = UNKNOWN  # the register row the tables hold for a proposal


class Projector:
    """Projects events in batches of `batch`, keeping at most about `cache_events`
    events' aggregates at hand. With `running` False every event derives its
    aggregate's rows from scratch: the definition the step-by-step rows must meet."""

    def __init__(
        self,
        app: Any,
        store: ProjectionStore | None = None,
        batch: int = BATCH,
        cache_events: int = CACHE_EVENTS,
        running: bool = True,
    ) -> None:
        self.app = app
        self.store = store or ProjectionStore(app)
        self.batch = batch
        self.cache_events = cache_events
        self.running = running
        self.decode = Decoder(app.mapper)
        self.cache: OrderedDict[str, Aggregate] = OrderedDict()
        self.cached_events = 0
        self.position: int | None = None  # where this projector's last write left the tables
        self.empty = False  # whether the tables were emptied for this projector to fill

    def start_empty(self) -> None:
        """The tables were just emptied: a proposal first seen has no register row."""
        self.position = self.store.position()
        self.empty = True

    def behind(self) -> bool:
        return self.store.position() < (self.app.recorder.max_notification_id() or 0)

    def run(self, progress: Progress | None = None) -> int:
        """Project every event not yet projected; returns how many were projected."""
        with collector_paused():
            return self.project_all(progress)

    def project_all(self, progress: Progress | None) -> int:
        done = 0
        last = self.app.recorder.max_notification_id() or 0
        while True:
            position = self.store.position()
            if position != self.position:  # another process projected since: forget
                self.forget()
            try:
                for page in notification_pages(self.app.recorder, position, self.batch, last):
                    staged = Staged()
                    for notification in page:
                        self.project(staged, notification.id, self.decode(notification))
                    self.store.write(staged.ops(), position, page[-1].id)
                    done += len(page)
                    position = self.position = page[-1].id
                    if progress:
                        progress(done, done + max(last - position, 0))
                return done
            except IntegrityError:
                if self.store.position() == position:
                    raise  # not another process projecting first: a row already there
                self.forget()

    def forget(self) -> None:
        """Drop every aggregate at hand: the tables may hold what another process wrote."""
        self.cache.clear()
        self.cached_events = 0
        self.empty = False

    def project(self, staged: Staged, position: int, event: ev.LedgerEvent) -> None:
        name = event.originator_id
        moment = record_time(event.timestamp)
        staged.index((position, moment, event.kind, name, event.on, effective_text(event.on)))
        aggregate = self.aggregate(name, event.originator_version)
        aggregate.events.append(event)
        self.cached_events += 1
        if moment < aggregate.latest:
            aggregate.rows, aggregate.running = rewrite(staged, name, aggregate.events)
        else:
            if not (self.running and step(staged, name, aggregate, event, moment)):
                rows, aggregate.running = derive(name, aggregate.events)
                change(staged, name, aggregate.rows, rows, moment)
                aggregate.rows = rows
            aggregate.latest = moment
        if is_proposal(name):
            row = aggregate.running.register() if aggregate.running else None
            if row != aggregate.register:
                staged.current(*split_id(name), row, aggregate.register)
                aggregate.register = row
        self.evict()

    def aggregate(self, name: str, version: int) -> Aggregate:
        aggregate = self.cache.get(name)
        if aggregate is not None:
            self.cache.move_to_end(name)
            return aggregate
        aggregate = Aggregate()
        if version > 1:
            stored = self.app.recorder.select_events(name, lte=version - 1)
            aggregate.events = [self.decode(s) for s in stored]
            aggregate.rows, aggregate.running = derive(name, aggregate.events)
            aggregate.latest = max(record_time(e.timestamp) for e in aggregate.events)
            self.cached_events += len(aggregate.events)
        else:
            if self.empty:
                aggregate.register = None
            if is_proposal(name):
                aggregate.running = RunningRows(name)
        self.cache[name] = aggregate
        return aggregate

    def evict(self) -> None:
        """Forget the least recently seen aggregates but the last."""
        while self.cached_events > self.cache_events and len(self.cache) > 1:
            _, old = self.cache.popitem(last=False)
            self.cached_events -= len(old.events)


def step(
    staged: Staged, name: str, aggregate: Aggregate, event: ev.LedgerEvent, moment: str
) -> bool:
    """A proposal's event that neither corrects nor retracts, nor is corrected or
    retracted: it adds its own milestone (and decision) and changes only the
    register_history. One fold step when it comes last in valid time; otherwise
    the proposal is folded again. False for any other event."""
    running = aggregate.running
    if running is None or not isinstance(event, ev.ProposalEvent) or running.amends(event):
        return False
    changes = running.step(event)
    if changes is None:
        events = cast(list[ev.ProposalEvent], aggregate.events)
        running = aggregate.running = RunningRows.of(name, events)
        held = aggregate.rows.get(REGISTER_HISTORY.name, {})
        now = keyed_history(running.history(running.periods))
        changes = (
            {k: r for k, r in held.items() if k not in now},
            {k: r for k, r in now.items() if k not in held},
        )
    gone, new = changes
    tables = aggregate.rows
    history = tables.setdefault(REGISTER_HISTORY.name, {})
    for key in gone:
        staged.close(REGISTER_HISTORY.name, name, key, moment)
        del history[key]
    for key, row in new.items():
        if key not in history:
            staged.open(REGISTER_HISTORY.name, name, key, row, moment)
            history[key] = row
    opened = [(MILESTONES, running.milestone(event))]
    decision = decision_of(event)
    if decision is not None:
        opened.append((DECISIONS, running.decision(event, decision)))
    for table, row in opened:
        rows, key = tables.setdefault(table.name, {}), key_of(table, row)
        if key not in rows:
            staged.open(table.name, name, key, row, moment)
            rows[key] = row
    return True


def change(staged: Staged, name: str, before: RowSets, after: RowSets, moment: str) -> None:
    """Close the rows that no longer hold at `moment` and open the new ones."""
    for table in sorted(set(before) | set(after)):
        old, new = before.get(table, {}), after.get(table, {})
        for key in old.keys() - new.keys():
            staged.close(table, name, key, moment)
        for key in new.keys() - old.keys():
            staged.open(table, name, key, new[key], moment)


def rewrite(
    staged: Staged, name: str, events: Sequence[ev.LedgerEvent]
) -> tuple[RowSets, RunningRows | None]:
    """Derive an aggregate's whole record-time history again; returns its rows now."""
    staged.drop(name)
    opened: dict[tuple[str, str], tuple[Row, str]] = {}
    rows: RowSets = {}
    running = None
    for moment in sorted({record_time(e.timestamp) for e in events}):
        rows, running = derive(name, [e for e in events if record_time(e.timestamp) <= moment])
        now = {(t, k): r for t, by_key in rows.items() for k, r in by_key.items()}
        for key in opened.keys() - now.keys():
            row, since = opened.pop(key)
            staged.closed(key[0], name, key[1], row, since, moment)
        for key in now.keys() - opened.keys():
            opened[key] = (now[key], moment)
    for (table, digest), (row, since) in opened.items():
        staged.open(table, name, digest, row, since)
    return rows, running


def catch_up(app: Any, progress: Progress | None = None) -> int:
    """Bring the tables up to the last recorded event."""
    return Projector(app).run(progress)


def rebuild(app: Any, progress: Progress | None = None, **options: Any) -> int:
    """Empty the tables and project every event again (`options` as for Projector)."""
    store = ProjectionStore(app)
    store.reset()
    projector = Projector(app, store, **options)
    projector.start_empty()
    return projector.run(progress)
