"""Corrections and retractions: new events that point at old ones, resolved on reading.

Nothing recorded is changed. Reading resolves, in record order, which events
stand and with which facts: an event's facts are the recorded ones with the
changes of each of its standing corrections applied in the order they were
recorded, so a later correction of one field keeps an earlier one of another.
A retracted event no longer counts; a retracted correction drops out and the
others still apply.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from itertools import takewhile
from typing import Any, TypeVar
from uuid import UUID

from ledger.domain import events as ev

E = TypeVar("E", bound=ev.LedgerEvent)

PROTECTED = frozenset(
    {"originator_id", "originator_version", "timestamp", "event_id", "actor", "kind"}
)


def visible(events: Iterable[E], known_at: datetime | None) -> list[E]:
    """The events the ledger had recorded by `known_at` (all when None)."""
    return [e for e in events if known_at is None or e.timestamp <= known_at]


def composed_changes(events: Iterable[ev.LedgerEvent]) -> dict[UUID, dict[str, Any]]:
    """For each corrected event, the changes of its standing corrections, later over earlier."""
    recorded = list(events)
    retracted = retracted_ids(recorded)
    changes: dict[UUID, dict[str, Any]] = {}
    for event in recorded:
        if isinstance(event, ev.CORRECTIONS) and event.event_id not in retracted:
            changes.setdefault(event.corrects, {}).update(event.changes)
    return changes


def standing(events: Iterable[E]) -> list[E]:
    """The events that stand, each with its corrected facts, in record order (the events
    about others, corrections, retractions and citations, are none of them)."""
    recorded = list(events)
    retracted = retracted_ids(recorded)
    changes = composed_changes(recorded)
    result = []
    for event in recorded:
        if isinstance(event, ev.ABOUT_OTHERS):
            continue
        if event.event_id in retracted:
            continue
        corrected = changes.get(event.event_id)
        result.append(event.model_copy(update=corrected) if corrected else event)
    return result


def as_corrected(target: E, events: Iterable[ev.LedgerEvent]) -> E:
    """`target` with the facts its standing corrections among `events` give it."""
    corrected = composed_changes(events).get(target.event_id)
    return target.model_copy(update=corrected) if corrected else target


def facts_before(
    correction: ev.Corrected | ev.VersionCorrected, events: Iterable[ev.LedgerEvent]
) -> dict[str, Any]:
    """The facts `correction` changes, as its event had them just before it: as recorded,
    with the standing corrections recorded before it applied."""
    recorded = list(events)
    target = next(e for e in recorded if e.event_id == correction.corrects)
    corrected = as_it_stood(target, correction.event_id, recorded)
    return {name: getattr(corrected, name, None) for name in correction.changes}


def as_it_stood(target: E, until: UUID, events: Iterable[ev.LedgerEvent]) -> E:
    """`target` with the facts its standing corrections recorded before the event `until`
    gave it."""
    recorded = list(events)
    retracted = retracted_ids(recorded)
    earlier = takewhile(lambda e: e.event_id != until, recorded)
    return as_corrected(target, [e for e in earlier if e.event_id not in retracted])


def is_retracted(event_id: UUID, events: Iterable[ev.LedgerEvent]) -> bool:
    return event_id in retracted_ids(events)


def status_of(event_id: UUID, events: Iterable[ev.LedgerEvent]) -> str | None:
    """How an event that no longer stands as recorded came to differ, in record order:
    'corrected by X (on); corrected by Y (deadline)', a retracted correction marked
    '(on; that correction retracted by Z)', and 'retracted by Z'."""
    recorded = list(events)
    retracted_by = {e.retracts: e.event_id for e in recorded if isinstance(e, ev.RETRACTIONS)}
    notes = []
    for e in recorded:
        if isinstance(e, ev.CORRECTIONS) and e.corrects == event_id:
            what = ", ".join(e.changes)
            if e.event_id in retracted_by:
                what += f"; that correction retracted by {retracted_by[e.event_id]}"
            notes.append(f"corrected by {e.event_id} ({what})")
        if isinstance(e, ev.RETRACTIONS) and e.retracts == event_id:
            notes.append(f"retracted by {e.event_id}")
    return "; ".join(notes) or None


def retracted_ids(events: Iterable[ev.LedgerEvent]) -> set[UUID]:
    """The events some retraction among `events` retracts."""
    return {e.retracts for e in events if isinstance(e, ev.RETRACTIONS)}
