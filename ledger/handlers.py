"""Recording one action on the aggregates it touches: the one dispatch that a use case of
`GovLedger` and a line of an import share. The caller gives the unit of work (where
the aggregates are found and new ones added) and saves it."""

from __future__ import annotations

from typing import Any, Protocol
from uuid import uuid5

from ledger.commands import COMMANDS
from ledger.domain import events as ev
from ledger.domain.aggregate import LedgerAggregate
from ledger.domain.errors import InvalidInput, NotFound, ProcessViolation
from ledger.domain.proposal import Proposal, proposal_key
from ledger.domain.version import CodeVersion, version_key


class Aggregates(Protocol):
    """Where a use case finds the aggregates it touches, and adds new ones."""

    def get(self, key: str) -> Any | None: ...

    def add(self, aggregate: LedgerAggregate) -> None: ...


def apply(
    uow: Aggregates,
    kind: str,
    code: str,
    subject: str,
    fields: dict[str, Any],
) -> bool:
    """Record one action of `kind` on `subject` (a proposal, or a version's number) in the
    aggregates of `uow`; False when its event is already held there. With `strict` in
    `fields`, a step whose earlier steps are not recorded is refused, not recorded as a gap."""
    fields = dict(fields)
    strict = bool(fields.pop("strict", False))
    if kind == ev.VersionEffective.kind:
        return _version(uow, code, subject, fields, strict)
    if kind in (ev.VersionCorrected.kind, ev.VersionRetracted.kind):
        return _version_correction(uow, kind, code, subject, fields)
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
        if proposal is not None and kind == ev.Submitted.kind:
            proposal.submit_earlier(**fields)
            return True
        if proposal is not None:
            raise ProcessViolation(
                f"{subject}: cannot record it as {kind.replace('_', ' ')}: "
                "it is already in the ledger"
            )
        uow.add(command.run(code, subject, **fields))
    else:
        if proposal is None:
            raise NotFound(f"{subject}: not in the ledger (submit or baseline it first)")
        proposal.refuse_gaps = strict
        proposal.written_as = subject
        command.run(proposal, **fields)
    return True


def _version(
    uow: Aggregates, code: str, number: str, fields: dict[str, Any], strict: bool = False
) -> bool:
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
            raise NotFound(f"{code} {number}: implements {proposal_id}, which is not in the ledger")
        derived = uuid5(made.event_id, proposal.proposal_id)
        if derived in proposal.event_ids:
            continue  # imported from its own line (as `events` writes it) just before
        proposal.refuse_gaps = strict
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


def _version_correction(
    uow: Aggregates, kind: str, code: str, number: str, fields: dict[str, Any]
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
        for proposal in _implemented_by(uow, code, made) if moved else []:
            proposal.move_implementation(
                corrects=uuid5(made.event_id, proposal.proposal_id),
                to=moved,
                reason=fields["reason"],
                event_id=uuid5(version.events[-1].event_id, proposal.proposal_id),
                **common,
            )
    else:
        version.retract(**facts)
        for proposal in _implemented_by(uow, code, made):
            proposal.retract(
                retracts=uuid5(made.event_id, proposal.proposal_id),
                reason=fields["reason"],
                event_id=uuid5(version.events[-1].event_id, proposal.proposal_id),
                **common,
            )
    return True


def _implemented_by(uow: Aggregates, code: str, made: ev.VersionEffective) -> list[Proposal]:
    found = [uow.get(proposal_key(code, pid)) for pid in made.implements]
    return [p for p in found if p is not None]
