"""A proposal's table rows, kept step by step while its events arrive in the order
they happened: one fold step per event instead of a fold of its whole history.

It follows `states_by_date` (the register row from each date on which it
changed) and the periods `register_history` makes of it, so that a step
changes only their last one or two rows. An event that arrives out of valid
time order, or one that amends or is amended by another, is refused by
`step`; the caller then derives the rows again with `RunningRows.of`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from datetime import date
from functools import lru_cache
from operator import attrgetter
from uuid import UUID

from ledger.domain import events as ev
from ledger.domain.citations import sources_of
from ledger.domain.corrections import standing
from ledger.domain.dates import effective_date
from ledger.domain.fold import RunningFold, valid_order
from ledger.domain.ids import split_id
from ledger.domain.process import Decision
from ledger.domain.state import Snapshot
from projections.projector.rows import (
    Row,
    RowSets,
    decision_row,
    digest,
    is_decision,
    keyed,
    milestone_row,
)
from projections.tables.schema import DECISIONS, MILESTONES, REGISTER, REGISTER_HISTORY
from projections.views.register import facts_row

Changes = tuple[dict[str, Row], dict[str, Row]]  # register_history rows gone, rows new

NO_CHANGES: Changes = ({}, {})
history_digest = lru_cache(maxsize=8192)(digest)  # a step re-keys the rows it may change
facts_of = attrgetter(*(f.name for f in fields(Snapshot)))  # a Snapshot's fields, as a tuple


Called = tuple[str, str | None]  # (the id it went by, its variant), as an event found it


class RunningRows:
    def __init__(self, originator_id: str) -> None:
        self.code, self.proposal_id = split_id(originator_id)
        self.fold = RunningFold()
        self.dated: tuple[date, Row] | None = None  # the last that states_by_date gives
        self.periods: list[tuple[date, Row]] = []  # states_by_date's, equal rows merged
        self.settled = 0  # how many periods come from states_by_date but its last
        self.amended: set[UUID] = set()  # events that a correction or retraction names
        # the id the proposal went by, and its variant, when each event took its place
        # (kept only where they are not its stored key and no variant)
        self.called: dict[UUID, Called] = {}
        self.sources: dict[UUID, str | None] = {}  # every source of each cited event

    @classmethod
    def of(cls, originator_id: str, events: Sequence[ev.ProposalEvent]) -> RunningRows:
        """The rows of every one of a proposal's events (record order)."""
        rows = cls(originator_id)
        for event in events:
            if isinstance(event, ev.CORRECTIONS):
                rows.amended.add(event.corrects)
            elif isinstance(event, ev.RETRACTIONS):
                rows.amended.add(event.retracts)
        rows.sources = cited_sources(events)
        for event in valid_order(standing(events)):
            rows.advance(event)
        return rows

    def rows(self, events: Sequence[ev.ProposalEvent]) -> RowSets:
        """Every table's rows, given the same events as this was built from."""
        standing_events = standing(events)
        return {
            REGISTER_HISTORY.name: keyed(REGISTER_HISTORY, self.history(self.periods)),
            DECISIONS.name: keyed(
                DECISIONS, [self.decision(e) for e in standing_events if is_decision(e)]
            ),
            MILESTONES.name: keyed(MILESTONES, [self.milestone(e) for e in standing_events]),
        }

    def step(self, event: ev.ProposalEvent) -> Changes | None:
        """Take the next recorded event; the register_history rows that change, or None
        when the event does not simply come last (the rows must be derived again)."""
        if self.amends(event) or self.fold.stale:
            return None
        start = max(0, self.settled - 1)
        tail = self.periods[start:]
        self.fold.append(event)
        if self.fold.stale:
            return None
        if not self.advanced(event):
            return NO_CHANGES
        before, after = self.history(tail), self.history(self.periods[start:])
        if before == after:
            return NO_CHANGES
        old, new = keyed_history(before), keyed_history(after)
        return (
            {k: r for k, r in old.items() if k not in new},
            {k: r for k, r in new.items() if k not in old},
        )

    def amends(self, event: ev.ProposalEvent) -> bool:
        """Whether `event` corrects, retracts or cites another (a citation adds a source to
        the rows of the event it cites), or another corrects or retracts it."""
        return isinstance(event, ev.ABOUT_OTHERS) or event.event_id in self.amended

    def advance(self, event: ev.ProposalEvent) -> None:
        self.fold.append(event)
        self.advanced(event)

    def advanced(self, event: ev.ProposalEvent) -> bool:
        """Follow states_by_date after the fold took `event`; whether the periods changed."""
        state = self.fold.state
        if state is not None and (state.shown_id != self.proposal_id or state.variant):
            self.called[event.event_id] = (state.shown_id, state.variant)
        if state is None or state.last_applied is not event:
            return False
        day = effective_date(event.on)
        facts = facts_of(state)
        if self.dated is not None and self.dated[0] == day:
            del self.periods[self.settled :]
        elif self.dated is None or self.dated[1] != facts:
            self.settled = len(self.periods)
        else:
            return False
        self.dated = (day, facts)
        row = facts_row(self.proposal_id, Snapshot(*facts))
        values = tuple(row[c] for c in REGISTER[1:])
        if not self.periods or self.periods[-1][1] != values:
            self.periods.append((day, values))
        return True

    def history(self, periods: Sequence[tuple[date, Row]]) -> list[Row]:
        """register_history rows of the last `periods`."""
        rows = []
        for number, (day, values) in enumerate(periods):
            until = periods[number + 1][0].isoformat() if number + 1 < len(periods) else None
            shown, *facts = values
            rows.append((self.code, shown, day.isoformat(), until, *facts))
        return rows

    def register(self) -> Row | None:
        """The register's row now: the open period."""
        if not self.periods:
            return None
        return (self.code, *self.periods[-1][1])

    def decision(self, event: ev.ProposalEvent, decision: Decision | None = None) -> Row:
        shown, variant = self.called_at(event)
        return decision_row(self.code, shown, event, variant, self.source_of(event), decision)

    def milestone(self, event: ev.ProposalEvent) -> Row:
        return milestone_row(self.code, self.called_at(event)[0], event, self.source_of(event))

    def source_of(self, event: ev.ProposalEvent) -> str | None:
        """Every source of `event` in one cell: its own, and those a citation confirms."""
        return self.sources.get(event.event_id, event.source)

    def called_at(self, event: ev.ProposalEvent) -> Called:
        """The id and variant of the proposal as `event` found it, whichever way the rows
        are made (step by step, or derived again from every event)."""
        return self.called.get(event.event_id, (self.proposal_id, None))


def cited_sources(events: Sequence[ev.ProposalEvent]) -> dict[UUID, str | None]:
    """Every source of each event a citation among `events` cites."""
    cited = {e.cites for e in events if isinstance(e, ev.CITATIONS)}
    return {
        e.event_id: "; ".join(sources_of(e, events)) or None for e in events if e.event_id in cited
    }


def keyed_history(rows: Sequence[Row]) -> dict[str, Row]:
    return {history_digest(row): row for row in rows}
