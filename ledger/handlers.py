"""Recording one action on the aggregates it touches: the one dispatch that a use case of
`GovLedger` and a line of an import share. The caller gives the unit of work (where
the aggregates are found and new ones added) and saves it."""

from __future__ import annotations

from typing import Any

from ledger.aggregates import Aggregates
from ledger.commands import COMMANDS, RELEASE_COMMANDS, Command
from ledger.domain import events as ev
from ledger.domain import processes
from ledger.domain.errors import InvalidInput, NotFound, ProcessViolation
from ledger.domain.proposal import Proposal, proposal_key
from ledger.domain.version import CodeVersion, version_key
from ledger.releases import named_release, record_release
from ledger.versions import correct_version, record_version, retract_version


def apply(
    uow: Aggregates,
    kind: str,
    code: str,
    subject: str,
    fields: dict[str, Any],
) -> bool:
    """Record one action of `kind` on `subject` (a proposal, a version's number, or a
    release's name) in the aggregates of `uow`; False when its event is already held
    there. With `strict` in `fields`, a step whose earlier steps are not recorded is
    refused, not recorded as a gap."""
    fields = dict(fields)
    strict = bool(fields.pop("strict", False))
    written_as = fields.pop("written_as", None) or subject  # an imported line says it
    if kind == ev.VersionEffective.kind:
        return record_version(uow, code, subject, fields, strict)
    if kind in (ev.VersionCorrected.kind, ev.VersionRetracted.kind):
        return _version_correction(uow, kind, code, subject, fields)
    if kind in RELEASE_COMMANDS:
        _check_missing(RELEASE_COMMANDS[kind], kind, subject, fields)
        return record_release(uow, kind, code, subject, fields)
    command = COMMANDS.get(kind)
    if command is None:
        known = ", ".join([*COMMANDS, *ev.VERSION_EVENTS, *RELEASE_COMMANDS])
        raise InvalidInput(f"unknown event kind {kind!r} (known: {known})")
    _check_missing(command, kind, subject, fields)
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
        if kind == ev.Implemented.kind:
            fields["release"] = named_release(
                uow,
                code,
                fields.get("release"),
                fields["on"],
                proposal.shown_id,
                lambda: processes.process_on(code, fields["on"]).step(kind).label,
            )
        proposal.refuse_gaps = strict
        proposal.written_as = written_as
        command.run(proposal, **fields)
    return True


def _check_missing(command: Command, kind: str, subject: str, fields: dict[str, Any]) -> None:
    missing = command.missing(fields)
    if missing:
        raise InvalidInput(
            f"{subject}: cannot record {kind.replace('_', ' ')}: {', '.join(missing)} missing"
        )


def _version_correction(
    uow: Aggregates, kind: str, code: str, number: str, fields: dict[str, Any]
) -> bool:
    version: CodeVersion | None = uow.get(version_key(code, number))
    if version is None:
        raise NotFound(f"{code} {number}: no such version in the ledger")
    if fields.get("event_id") in version.event_ids:
        return False
    facts = {k: v for k, v in fields.items() if k not in ("code", "number")}
    if kind == ev.VersionCorrected.kind:
        correct_version(uow, version, facts)
    else:
        retract_version(uow, version, facts)
    return True
