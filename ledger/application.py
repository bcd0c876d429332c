"""The ledger's use cases, on eventsourcing's Application: each one saves atomically."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast
from uuid import uuid5

from eventsourcing.application import AggregateNotFoundError, Application

from ledger.commands import COMMANDS
from ledger.conflicts import retried
from ledger.domain import events as ev
from ledger.domain.aggregate import LedgerAggregate
from ledger.domain.errors import InvalidInput, LedgerError, NotFound, ProcessViolation
from ledger.domain.proposal import Proposal, proposal_key
from ledger.domain.version import CodeVersion, version_key
from ledger.interchange import Line
from ledger.stores import store_env

PAGE = 500


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
        return retried(lambda: self._record_once(kind, code, subject, fields))

    def _record_once(self, kind: str, code: str, subject: str, fields: dict[str, Any]) -> bool:
        uow = UnitOfWork(self)
        recorded = self.apply(uow, kind, code, subject, fields)
        uow.commit()
        return recorded

    def apply(
        self,
        uow: UnitOfWork,
        kind: str,
        code: str,
        subject: str,
        fields: dict[str, Any],
    ) -> bool:
        if kind == ev.VersionEffective.kind:
            return self._version(uow, code, subject, fields)
        command = COMMANDS.get(kind)
        if command is None:
            known = ", ".join([*COMMANDS, ev.VersionEffective.kind])
            raise InvalidInput(f"unknown event kind {kind!r} (known: {known})")
        key = proposal_key(code, subject)
        proposal: Proposal | None = uow.get(key)
        if proposal is not None and fields.get("event_id") in proposal.event_ids:
            return False
        if command.creates:
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

    def _version(self, uow: UnitOfWork, code: str, number: str, fields: dict[str, Any]) -> bool:
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
            proposal.implement(
                version=number,
                on=made.on,
                actor=made.actor,
                source=made.source,
                event_id=uuid5(made.event_id, proposal_id),
            )
        uow.add(version)
        return True

    def import_lines(self, lines: list[Line], actor: str) -> tuple[int, int]:
        """Record every line or none; returns (recorded, already held)."""
        return retried(lambda: self._import_once(lines, actor))

    def _import_once(self, lines: list[Line], actor: str) -> tuple[int, int]:
        uow = UnitOfWork(self)
        recorded = held = 0
        for line in lines:
            fields = {"actor": actor, **line.fields}
            try:
                if self.apply(uow, line.kind, line.code, line.subject, fields):
                    recorded += 1
                else:
                    held += 1
            except LedgerError as error:
                raise type(error)(f"line {line.number}: {error}") from None
        uow.commit()
        return recorded, held

    def read_events(self, after: int = 0) -> Iterator[tuple[int, ev.LedgerEvent]]:
        """Every event in record order, with its position in the ledger."""
        position = after
        while True:
            page = self.recorder.select_notifications(
                start=position, limit=PAGE, inclusive_of_start=False
            )
            for notification in page:
                yield (
                    notification.id,
                    cast(ev.LedgerEvent, self.mapper.to_domain_event(notification)),
                )
            if len(page) < PAGE:
                return
            position = page[-1].id

    def proposal(self, code: str, proposal_id: str) -> Proposal:
        try:
            return self.repository.get(proposal_key(code, proposal_id))
        except AggregateNotFoundError:
            raise NotFound(f"{proposal_id}: not in the ledger") from None
