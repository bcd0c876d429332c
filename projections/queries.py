"""The questions read commands ask, each answered for a valid date and a record time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from ledger.domain import events as ev
from ledger.domain.corrections import standing, visible
from ledger.domain.dates import effective_date
from ledger.domain.errors import InvalidInput
from ledger.domain.state import ProposalState
from projections.ledger_view import LedgerView


class EventSource(Protocol):
    def read_events(self, after: int = 0) -> Any: ...


@dataclass(frozen=True)
class Horizon:
    """What a point-in-time answer covers: the valid date and the record time."""

    as_of: date
    known_at: datetime | None
    events_seen: int
    complete_to: datetime | None  # record time of the last event it includes

    def banner(self, subject: str, dated: bool = True) -> str:
        last = self.complete_to.isoformat(timespec="seconds") if self.complete_to else None
        known = f"complete to everything recorded up to {last}" if last else "nothing recorded yet"
        asked = (
            f", as known at {self.known_at.isoformat(timespec='seconds')}" if self.known_at else ""
        )
        when = f" as of {self.as_of.isoformat()}" if dated else ""
        return f"{subject}{when}{asked}: {known} ({self.events_seen} events)"


def load(source: EventSource, known_at: datetime | None) -> tuple[LedgerView, datetime | None]:
    """The events recorded by `known_at`, and the record time of the last of them."""
    seen = [
        (pos, e) for pos, e in source.read_events() if known_at is None or e.timestamp <= known_at
    ]
    complete_to = max((e.timestamp for _, e in seen), default=None)
    return LedgerView.of(seen), complete_to


def horizon(
    view: LedgerView, as_of: date, known_at: datetime | None, complete_to: datetime | None
) -> Horizon:
    if view.event_count == 0:
        raise InvalidInput(
            "the ledger holds no events"
            + (f" recorded by {known_at.isoformat(timespec='seconds')}" if known_at else "")
        )
    earliest = view.earliest_date()
    if earliest is not None and as_of < earliest:
        raise InvalidInput(
            f"--as-of {as_of.isoformat()} is before anything in the ledger happened "
            f"(the earliest event is of {earliest.isoformat()})"
        )
    return Horizon(as_of, known_at, view.event_count, complete_to)


def register(
    source: EventSource,
    *,
    as_of: date,
    known_at: datetime | None = None,
    open_only: bool = False,
    code: str | None = None,
) -> tuple[list[dict[str, Any]], Horizon]:
    from projections.tables.answers import register as from_tables

    rows, seen, complete_to, earliest = from_tables(source, as_of, known_at, open_only, code)
    check(as_of, known_at, seen, earliest)
    return rows, Horizon(as_of, known_at, seen, complete_to)


def check(as_of: date, known_at: datetime | None, seen: int, earliest: date | None) -> None:
    """Refuse a view of nothing: an empty ledger, or a date before anything happened."""
    if seen == 0:
        raise InvalidInput(
            "the ledger holds no events"
            + (f" recorded by {known_at.isoformat(timespec='seconds')}" if known_at else "")
        )
    if earliest is not None and as_of < earliest:
        raise InvalidInput(
            f"--as-of {as_of.isoformat()} is before anything in the ledger happened "
            f"(the earliest event is of {earliest.isoformat()})"
        )


def proposal(
    source: EventSource, key: str, *, as_of: date, known_at: datetime | None = None
) -> tuple[ProposalState | None, list[ev.ProposalEvent], Horizon]:
    """A proposal's state on `as_of`, and all its recorded events (for history)."""
    view, complete_to = load(source, known_at)
    answer = horizon(view, as_of, known_at, complete_to)
    return view.state(key, as_of), view.proposals.get(key, []), answer


def versions(
    source: EventSource, code: str, *, as_of: date, known_at: datetime | None = None
) -> tuple[list[ev.VersionEffective], list[ev.VersionEffective], Horizon]:
    """The chain of versions in force by `as_of`, and those pending after it."""
    view, complete_to = load(source, known_at)
    answer = horizon(view, as_of, known_at, complete_to)
    chain = view.versions_in_force(code)
    in_force = [v for v in chain if effective_date(v.on) <= as_of]
    pending = [v for v in chain if effective_date(v.on) > as_of]
    return in_force, pending, answer


def states_between(
    source: EventSource, start: date, end: date, known_at: datetime | None = None
) -> tuple[LedgerView, Horizon]:
    view, complete_to = load(source, known_at)
    return view, horizon(view, end, known_at, complete_to)


__all__ = ["Horizon", "proposal", "register", "standing", "states_between", "versions", "visible"]
