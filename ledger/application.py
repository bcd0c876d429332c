"""The ledger's use cases, on eventsourcing's Application: each one saves atomically."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, Protocol, cast
from uuid import UUID, uuid5

from eventsourcing.application import AggregateNotFoundError, Application

from ledger.commands import COMMANDS
from ledger.conflicts import retried
from ledger.domain import events as ev
from ledger.domain.aggregate import LedgerAggregate
from ledger.domain.errors import InvalidInput, NotFound, ProcessViolation
from ledger.domain.ids import split_id
from ledger.domain.proposal import Proposal, proposal_key
from ledger.domain.version import CodeVersion, version_key
from ledger.interchange.lines import Line
from ledger.store.notifications import notifications
from ledger.store.settings import store_env


class Aggregates(Protocol):
    """Where a use case finds the aggregates it touches, and adds new ones."""

    def get(self, key: str) -> Any | None: ...

    def add(self, aggregate: LedgerAggregate) -> None: ...


class UnitOfWork:
    """The aggregates one use case touches, saved together or not at all."""

    def __init__(self, app: GovLedger) -> None:
        self.app = app
        self.touched: dict[str, LedgerAggregate] = {}

    def get(self, key: str) -> Any | None:
        if key not in self.touched:
            try:
                self.touched[key] = self.app.repository.get(key)
            except AggregateNotFoundError:
                return None
        return self.touched[key]

    def add(self, aggregate: LedgerAggregate) -> None:
        self.touched[aggregate.id] = aggregate

    def commit(self) -> int:
        pending = [a for a in self.touched.values() if a._pending]
        count = sum(len(a._pending) for a in pending)
        if pending:
            self.app.save(*pending)
        return count


class GovLedger(Application[str]):
    name = "govledger"

    def __init__(self, db: str = "events.db", env: dict[str, str] | None = None):
        super().__init__(env={**store_env(db), **(env or {})})

    def record(self, kind: str, code: str, subject: str, **fields: Any) -> bool:
        """Record one action (a proposal step or a version); False if already held."""
        return retried(lambda: self._record_once(kind, code, subject, fields), subject)

    def _record_once(self, kind: str, code: str, subject: str, fields: dict[str, Any]) -> bool:
        uow = UnitOfWork(self)
        recorded = self.apply(uow, kind, code, subject, fields)
        uow.commit()
        return recorded

    def apply(
        self,
        uow: Aggregates,
        kind: str,
        code: str,
        subject: str,
        fields: dict[str, Any],
    ) -> bool:
        if kind == ev.VersionEffective.kind:
            return self._version(uow, code, subject, fields)
        if kind in (ev.VersionCorrected.kind, ev.VersionRetracted.kind):
            return self._version_correction(uow, kind, code, subject, fields)
        command = COMMANDS.get(kind)
        if command is None:
            known = ", ".join([*COMMANDS, *ev.VERSION_EVENTS])
            raise InvalidInput(f"unknown event kind {kind!r} (known: {known})")
        missing = command.missing(fields)
        if missing:
            raise InvalidInput(
                f"{subject}: cannot record {kind.replace('_', ' ')}: {', '.join(missing)} missing"
            )
        key = proposal_key(code, subject)
        proposal: Proposal | None = uow.get(key)
        if proposal is not None and fields.get("event_id") in proposal.event_ids:
            return False
        if command.creates:
            original = fields.get("alternative_of")
            if original and uow.get(proposal_key(code, original)) is None:
                raise NotFound(f"{subject}: its original {original} is not in the ledger")
            if proposal is not None:
                raise ProcessViolation(
                    f"{subject}: cannot record it as {kind.replace('_', ' ')}: "
                    "it is already in the ledger"
                )
            uow.add(command.run(code, subject, **fields))
        else:
            if proposal is None:
                raise NotFound(f"{subject}: not in the ledger (submit or baseline it first)")
            command.run(proposal, **fields)
        return True

    def _version(self, uow: Aggregates, code: str, number: str, fields: dict[str, Any]) -> bool:
        key = version_key(code, number)
        existing: CodeVersion | None = uow.get(key)
        if existing is not None:
            if fields.get("event_id") in existing.event_ids:
                return False
            raise ProcessViolation(f"{code} {number}: this version is already recorded")
        facts = {k: v for k, v in fields.items() if k not in ("code", "number")}
        version = CodeVersion.come_into_effect(code, number, **facts)
        made = version.effective
        for proposal_id in made.implements:
            proposal: Proposal | None = uow.get(proposal_key(code, proposal_id))
            if proposal is None:
                raise NotFound(
                    f"{code} {number}: implements {proposal_id}, which is not in the ledger"
                )
            derived = uuid5(made.event_id, proposal.proposal_id)
            if derived in proposal.event_ids:
                continue  # imported from its own line (as `events` writes it) just before
            proposal.implement(
                version=number,
                release=made.release,
                on=made.on,
                actor=made.actor,
                source=made.source,
                event_id=derived,
            )
        uow.add(version)
        return True

    def import_lines(self, lines: Iterable[Line], actor: str) -> tuple[int, int]:
        """Record every line or none, in one transaction, reading them as they come;
        returns (recorded, already held)."""
        from ledger.importer import import_stream

        return import_stream(self, lines, actor)

    def correct(self, event_id: UUID, changes: dict[str, Any], reason: str, actor: str) -> str:
        """Supersede a recorded event's facts with a new event; returns what was corrected."""
        return self._amend(
            event_id, "corrected", actor, corrects=event_id, changes=changes, reason=reason
        )

    def retract(self, event_id: UUID, reason: str, actor: str) -> str:
        """Withdraw an event recorded in error with a new event; returns what was retracted."""
        return self._amend(event_id, "retracted", actor, retracts=event_id, reason=reason)

    def _amend(self, event_id: UUID, kind: str, actor: str, **fields: Any) -> str:
        target = self.find_event(event_id)
        code, subject = split_id(target.originator_id)
        if isinstance(target, ev.VersionEvent):
            kind = f"version_{kind}"
        facts = {"on": date.today().isoformat(), "actor": actor, **fields}
        retried(lambda: self._record_once(kind, code, subject, facts), subject)
        return f"{subject} {target.kind.replace('_', ' ')} of {target.on}"

    def find_event(self, event_id: UUID) -> ev.LedgerEvent:
        for _, event in self.read_events():
            if event.event_id == event_id:
                return event
        raise NotFound(f"no recorded event {event_id}")

    def _version_correction(
        self, uow: Aggregates, kind: str, code: str, number: str, fields: dict[str, Any]
    ) -> bool:
        version: CodeVersion | None = uow.get(version_key(code, number))
        if version is None:
            raise NotFound(f"{code} {number}: no such version in the ledger")
        if fields.get("event_id") in version.event_ids:
            return False
        made = version.effective
        common = {k: fields[k] for k in ("on", "actor", "source", "note") if fields.get(k)}
        facts = {k: v for k, v in fields.items() if k not in ("code", "number")}
        if kind == ev.VersionCorrected.kind:
            version.correct(**facts)
            moved = fields.get("changes", {}).get("on")
            for proposal in self._implemented_by(uow, code, made) if moved else []:
                proposal.move_implementation(
                    corrects=uuid5(made.event_id, proposal.proposal_id),
                    to=moved,
                    reason=fields["reason"],
                    event_id=uuid5(version.events[-1].event_id, proposal.proposal_id),
                    **common,
                )
        else:
            version.retract(**facts)
            for proposal in self._implemented_by(uow, code, made):
                proposal.retract(
                    retracts=uuid5(made.event_id, proposal.proposal_id),
                    reason=fields["reason"],
                    event_id=uuid5(version.events[-1].event_id, proposal.proposal_id),
                    **common,
                )
        return True

    def _implemented_by(
        self, uow: Aggregates, code: str, made: ev.VersionEffective
    ) -> list[Proposal]:
        found = [uow.get(proposal_key(code, pid)) for pid in made.implements]
        return [p for p in found if p is not None]

    def read_events(self, after: int = 0) -> Iterator[tuple[int, ev.LedgerEvent]]:
        """Every event in record order, with its position in the ledger."""
        for notification in notifications(self.recorder, after):
            yield notification.id, cast(ev.LedgerEvent, self.mapper.to_domain_event(notification))

    def proposal(self, code: str, proposal_id: str) -> Proposal:
        try:
            return self.repository.get(proposal_key(code, proposal_id))
        except AggregateNotFoundError:
            raise NotFound(f"{proposal_id}: not in the ledger") from None
