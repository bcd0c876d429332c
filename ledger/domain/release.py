"""A release of a code (the November 2019 SEC Release): announced with a planned go-live,
its scope baselined, its go-live moved by dated decisions, its version number published,
and its going live. Each command checks the release's history before anything changes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from ledger.domain import events as ev
from ledger.domain import ids
from ledger.domain.aggregate import LedgerAggregate, required
from ledger.domain.corrections import as_corrected, is_retracted
from ledger.domain.dates import parse_event_date
from ledger.domain.errors import InvalidInput, NotFound, ProcessViolation
from ledger.domain.facts import corrected_copy, inconsistency
from ledger.domain.processes import process_for
from ledger.domain.release_history import ReleaseState, fold_release, refusal_of


def release_key(code: str, name: str) -> str:
    process_for(code)  # an unknown code is refused before anything is found or made
    return ids.release_key(code, required("the release's name", name))


class Release(LedgerAggregate):
    events: list[ev.ReleaseEvent]

    @property
    def state(self) -> ReleaseState | None:
        return fold_release(self.events)

    @property
    def name(self) -> str:
        """Its name as announced (as first given, before then)."""
        state = self.state
        if state is not None:
            return state.name
        return self.events[0].release if self.events else ids.split_id(self.id)[1]

    def plan(self, *, go_live: str | None = None, **facts: Any) -> None:
        if go_live:
            parse_event_date(go_live, "go-live")
        self._record(ev.ReleasePlanned, go_live=go_live or None, **facts)

    def scope(self, *, proposals: Sequence[str], **facts: Any) -> None:
        process = process_for(facts["code"])
        spelled = [process.check_proposal_id(p.strip()) for p in proposals]
        self._record(ev.ReleaseScoped, proposals=spelled, **facts)

    def move(self, *, go_live: str, decided_by: str | None = None, **facts: Any) -> None:
        parse_event_date(required("the new go-live", go_live), "go-live")
        self._record(ev.ReleaseMoved, go_live=go_live, decided_by=decided_by or None, **facts)

    def number(self, *, version: str, **facts: Any) -> None:
        process_for(facts["code"]).check_version_number(required("version", version))
        self._record(ev.ReleaseNumbered, version=version, **facts)

    def go_live(self, **facts: Any) -> None:
        self._record(ev.ReleaseWentLive, **facts)

    def correct(
        self, *, corrects: UUID, changes: dict[str, Any], reason: str, **facts: Any
    ) -> None:
        target = self._target(corrects, "correct")
        corrected_copy(process_for(target.code), as_corrected(target, self.events), changes)
        self._record(
            ev.ReleaseCorrected,
            corrects=corrects,
            changes=dict(changes),
            reason=required("reason", reason),
            **facts,
        )

    def retract(self, *, retracts: UUID, reason: str, **facts: Any) -> None:
        self._target(retracts, "retract")
        self._record(
            ev.ReleaseRetracted, retracts=retracts, reason=required("reason", reason), **facts
        )

    def _target(self, event_id: UUID, verb: str) -> ev.ReleaseEvent:
        target = next((e for e in self.events if e.event_id == event_id), None)
        if target is None:
            raise NotFound(f"{self.name}: no event {event_id} to {verb}")
        if isinstance(target, ev.ReleaseRetracted):
            raise InvalidInput(f"{self.name}: event {event_id} is a retraction; it stands")
        if isinstance(target, ev.ReleaseCorrected):
            raise InvalidInput(
                f"{self.name}: event {event_id} is a correction; "
                f"correct event {target.corrects} again instead"
            )
        if is_retracted(event_id, self.events):
            raise InvalidInput(f"{self.name}: event {event_id} is already retracted")
        return target

    def _record(self, cls: type[ev.ReleaseEvent], **fields: Any) -> None:
        event = self._new_event(cls, **fields)
        name = self.name if self.events else event.release
        problem = inconsistency(event)
        if problem:
            raise InvalidInput(f"{name}: {problem}")
        reason = refusal_of(self.events, event)
        if reason:
            raise ProcessViolation(f"{name}: cannot record {cls.label} on {event.on}: {reason}")
        self._append(event)
