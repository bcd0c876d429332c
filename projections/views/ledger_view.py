"""The ledger's events folded into proposals and versions: the base of every read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from ledger.domain import events as ev
from ledger.domain.corrections import standing
from ledger.domain.dates import effective_date
from ledger.domain.fold import fold
from ledger.domain.state import ProposalState


@dataclass
class LedgerView:
    """What a set of events says about each proposal and version."""

    proposals: dict[str, list[ev.ProposalEvent]] = field(default_factory=dict)
    version_events: dict[str, list[ev.VersionEvent]] = field(default_factory=dict)
    event_count: int = 0
    last_position: int = 0

    @classmethod
    def of(cls, positioned: Iterable[tuple[int, ev.LedgerEvent]]) -> LedgerView:
        view = cls()
        for position, event in positioned:
            view.event_count += 1
            view.last_position = position
            if isinstance(event, ev.ProposalEvent):
                view.proposals.setdefault(event.originator_id, []).append(event)
            elif isinstance(event, ev.VersionEvent):
                view.version_events.setdefault(event.originator_id, []).append(event)
        return view

    @property
    def versions(self) -> list[ev.VersionEffective]:
        """Every version as it stands after corrections; retracted ones left out."""
        result = []
        for events in self.version_events.values():
            result += [e for e in standing(events) if isinstance(e, ev.VersionEffective)]
        return result

    def states(self, as_of: date | None = None) -> list[ProposalState]:
        folded = (fold(events, as_of) for events in self.proposals.values())
        return sorted((s for s in folded if s is not None), key=lambda s: (s.code, s.proposal_id))

    def state(self, key: str, as_of: date | None = None) -> ProposalState | None:
        return fold(self.proposals.get(key, []), as_of)

    def versions_in_force(self, code: str, as_of: date | None = None) -> list[ev.VersionEffective]:
        chain = [
            v
            for v in self.versions
            if v.code == code and (as_of is None or effective_date(v.on) <= as_of)
        ]
        return sorted(chain, key=lambda v: (effective_date(v.on), v.timestamp))

    def earliest_date(self) -> date | None:
        dates = [
            effective_date(e.on) for events in self.proposals.values() for e in standing(events)
        ]
        dates += [
            effective_date(e.on)
            for events in self.version_events.values()
            for e in standing(events)
        ]
        return min(dates, default=None)
