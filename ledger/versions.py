"""Recording a version, and its proposals' implementations following it: the part of the
one dispatch (`handlers.apply`) that a version's events take.

Every event a version's proposal is given is derived from the version's event that
caused it (`uuid5(cause, proposal)`), so an import of the ledger's own lines, which
holds those events on lines of their own too, records each once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4, uuid5

from ledger.domain import events as ev
from ledger.domain.corrections import standing
from ledger.domain.errors import NotFound, ProcessViolation
from ledger.domain.ids import unnumbered
from ledger.domain.proposal import Proposal, proposal_key
from ledger.domain.version import CodeVersion, version_key
from ledger.releases import named_release, release_number

if TYPE_CHECKING:
    from ledger.aggregates import Aggregates

COMPLETES = "completes a version known only by its number and date"


def record_version(
    uow: Aggregates, code: str, number: str, fields: dict[str, Any], strict: bool = False
) -> bool:
    """A version coming into effect (`number` empty for a direction or designation that
    gave none): recorded, recorded again once retracted, or completed where only its
    number and date were known."""
    facts = {k: v for k, v in fields.items() if k not in ("code", "number")}
    number = (number or "").strip()
    if not number:  # a change with no number is filed under its event's id
        facts["event_id"] = facts.get("event_id") or uuid4()
    existing: CodeVersion | None = uow.get(
        version_key(code, number or unnumbered(facts["event_id"]))
    )
    if existing is not None and facts.get("event_id") in existing.event_ids:
        return False
    subject = f"{code} {number}" if number else None
    facts["release"] = _release_of(uow, code, number, facts, subject)
    if existing is None:
        version = CodeVersion.come_into_effect(code, number or None, **facts)
    elif existing.standing is None:
        version = existing
        version.record(code, number, **facts)
    elif existing.standing.basis is None:
        return complete(uow, existing, facts, strict)
    else:
        raise ProcessViolation(f"{code} {number}: this version is already recorded")
    made = version.effective
    follow(uow, version, made, added=made.implements, strict=strict)
    uow.add(version)  # saved after its proposals' events, as `events` has always listed them
    return True


def _release_of(
    uow: Aggregates, code: str, number: str, facts: dict[str, Any], subject: str | None
) -> str | None:
    """The release a version names, checked: announced before the version came into
    effect, and bringing this number if it has published one."""
    on = facts.get("on") or ""
    who = subject or f"{code} {facts.get('basis')} of {on}"
    name = named_release(uow, code, facts.get("release"), on, who, lambda: "version effective")
    numbered = release_number(uow, code, name)
    if numbered is not None and number and numbered[1] != number:
        release, other, published = numbered
        raise ProcessViolation(
            f"{who}: cannot record version effective on {on}: {release}'s version number "
            f"is {other} (published {published})"
        )
    return name


def complete(uow: Aggregates, version: CodeVersion, facts: dict[str, Any], strict: bool) -> bool:
    """What a fuller record gives of a version known only by its number and date, recorded
    as a correction of it: its basis, what it implements and amends, its release."""
    made = version.standing
    assert made is not None
    if facts.get("on") != made.on:
        raise ProcessViolation(
            f"{made.subject}: recorded as effective on {made.on}, not {facts.get('on')} "
            "(a correction moves its date)"
        )
    given = {
        name: facts[name]
        for name in ("basis", "implements", "amends", "release")
        if facts.get(name) not in (None, "", [])
    }
    if not given:
        raise ProcessViolation(f"{made.subject}: this version is already recorded")
    if given.get("implements"):
        given = {"basis": "modification", **given}  # as a new record's basis would be
    common = {k: facts[k] for k in ("on", "actor", "source", "note", "event_id") if facts.get(k)}
    correct_version(
        uow,
        version,
        {"corrects": made.event_id, "changes": given, "reason": COMPLETES, **common},
        strict,
    )
    return True


def correct_version(
    uow: Aggregates, version: CodeVersion, facts: dict[str, Any], strict: bool = False
) -> None:
    """A correction of a version's facts, and its proposals' implementations following:
    a proposal added is implemented, one removed has its implementation retracted, and
    a date moved moves them."""
    before = _as_it_stands(version, version.target(facts["corrects"]))
    version.correct(**facts)
    after = _as_it_stands(version, before)
    cause = version.events[-1].event_id
    common = {k: facts[k] for k in ("on", "actor", "source", "note") if facts.get(k)}
    removed = [p for p in before.implements if p not in after.implements]
    kept = [p for p in after.implements if p in before.implements]
    for proposal in _proposals(uow, version.effective.code, removed):
        implemented = _implementation(version, proposal)
        if implemented is not None and uuid5(cause, proposal.proposal_id) not in proposal.event_ids:
            proposal.retract(
                retracts=implemented,
                reason=facts["reason"],
                event_id=uuid5(cause, proposal.proposal_id),
                **common,
            )
    if after.on != before.on:
        for proposal in _proposals(uow, after.code, kept):
            implemented = _implementation(version, proposal)
            if implemented is not None:
                proposal.move_implementation(
                    corrects=implemented,
                    to=after.on,
                    reason=facts["reason"],
                    event_id=uuid5(cause, proposal.proposal_id),
                    **common,
                )
    added = [p for p in after.implements if p not in before.implements]
    follow(uow, version, after, added=added, strict=strict, cause=cause)


def retract_version(uow: Aggregates, version: CodeVersion, facts: dict[str, Any]) -> None:
    """A version retracted, and with it every implementation it recorded."""
    made = _as_it_stands(version, version.target(facts["retracts"]))
    version.retract(**facts)
    cause = version.events[-1].event_id
    common = {k: facts[k] for k in ("on", "actor", "source", "note") if facts.get(k)}
    for proposal in _proposals(uow, made.code, made.implements):
        implemented = _implementation(version, proposal)
        if implemented is not None and uuid5(cause, proposal.proposal_id) not in proposal.event_ids:
            proposal.retract(
                retracts=implemented,
                reason=facts["reason"],
                event_id=uuid5(cause, proposal.proposal_id),
                **common,
            )


def follow(
    uow: Aggregates,
    version: CodeVersion,
    made: ev.VersionEffective,
    *,
    added: Iterable[str],
    strict: bool = False,
    cause: UUID | None = None,
) -> None:
    """Implement each proposal `added` to what `made` implements, in its version and
    release, on its date; `cause` is the event that added it (`made` itself by default)."""
    for proposal_id in added:
        proposal: Proposal | None = uow.get(proposal_key(made.code, proposal_id))
        if proposal is None:
            raise NotFound(f"{made.subject}: implements {proposal_id}, which is not in the ledger")
        derived = uuid5(cause or made.event_id, proposal.proposal_id)
        if derived in proposal.event_ids:
            continue  # imported from its own line (as `events` writes it) just before
        proposal.refuse_gaps = strict
        proposal.implement(
            version=made.number,
            release=made.release,
            on=made.on,
            actor=version.events[-1].actor,
            source=version.events[-1].source,
            event_id=derived,
        )


def _as_it_stands(version: CodeVersion, target: ev.VersionEffective) -> ev.VersionEffective:
    found = next((e for e in standing(version.events) if e.event_id == target.event_id), None)
    return found if isinstance(found, ev.VersionEffective) else target


def _implementation(version: CodeVersion, proposal: Proposal) -> UUID | None:
    """The proposal's standing implementation that an event of `version` recorded."""
    causes = {uuid5(e.event_id, proposal.proposal_id) for e in version.events}
    for event in standing(proposal.events):
        if isinstance(event, ev.Implemented) and event.event_id in causes:
            return event.event_id
    return None


def _proposals(uow: Aggregates, code: str, ids: Iterable[str]) -> list[Proposal]:
    found = [uow.get(proposal_key(code, pid)) for pid in ids]
    return [p for p in found if p is not None]
