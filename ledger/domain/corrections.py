"""Corrections and retractions: new events that point at old ones, resolved on reading.

Nothing recorded is changed. Reading resolves, in record order, which events
stand and with which facts: an event's latest standing correction supplies its
facts; a retracted event (or retracted correction) no longer counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
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


def standing(events: Iterable[E]) -> list[E]:
    """The events that stand, each with its corrected facts, in record order."""
    recorded = list(events)
    retracted = {e.retracts for e in recorded if isinstance(e, ev.RETRACTIONS)}
    latest: dict[UUID, Any] = {}
    for event in recorded:
        if isinstance(event, ev.CORRECTIONS) and event.event_id not in retracted:
            latest[event.corrects] = event
    result = []
    for event in recorded:
        if isinstance(event, (*ev.CORRECTIONS, *ev.RETRACTIONS)):
            continue
        if event.event_id in retracted:
            continue
        correction = latest.get(event.event_id)
        result.append(event.model_copy(update=correction.changes) if correction else event)
    return result


def status_of(event_id: UUID, events: Iterable[ev.LedgerEvent]) -> str | None:
    """'corrected by …' / 'retracted by …' for an event that no longer stands as recorded."""
    notes = []
    for e in events:
        if isinstance(e, ev.CORRECTIONS) and e.corrects == event_id:
            notes.append(f"corrected by {e.event_id}")
        if isinstance(e, ev.RETRACTIONS) and e.retracts == event_id:
            notes.append(f"retracted by {e.event_id}")
    return "; ".join(notes) or None
