"""Checks of facts, shared by commands and corrections: each fact alone, and the
facts of one event together."""

from __future__ import annotations

import types
from typing import Any, Union, get_args, get_origin

from pydantic.fields import FieldInfo

from ledger.domain import events as ev
from ledger.domain.corrections import PROTECTED, as_corrected, is_retracted
from ledger.domain.dates import first_day, parse_event_date
from ledger.domain.errors import InvalidInput
from ledger.domain.ids import split_id
from ledger.domain.process import VERSION_BASES, Process
from ledger.domain.processes import key_of
from ledger.domain.schedules import announcement_problem

DATES = ("on", "deadline", "go_live", "announced")  # facts that are dates
NOT_CORRECTABLE = ("corrects", "retracts", "code", "number", "version", "written_as")
LIST_FIELDS = frozenset(
    name
    for model in ev.EVENT_KINDS.values()
    for name, field in model.model_fields.items()
    if get_origin(field.annotation) is list
)  # facts that hold a list (a correction gives the whole list)


def subject_of(event: ev.LedgerEvent) -> str:
    """The proposal (`SECMP0040`), version (`SEC 5.6`) or release an event is about."""
    if isinstance(event, ev.VersionEffective):
        return event.subject
    if isinstance(event, ev.ReleaseEvent):
        return event.release
    code, name = split_id(event.originator_id)
    return f"{code} {name}" if isinstance(event, ev.VersionEvent) else name


def corrected_copy(
    process: Process, current: ev.LedgerEvent, changes: dict[str, Any]
) -> ev.LedgerEvent:
    """`current` (an event as its earlier corrections left it) with `changes` applied:
    each change checked like new input, then the event's facts checked together."""
    subject = subject_of(current)
    if not changes:
        raise InvalidInput(
            f"{subject}: a correction needs at least one changed field (--set FIELD=VALUE)"
        )
    fields = type(current).model_fields
    fixed = PROTECTED | set(NOT_CORRECTABLE) | type(current).fixed
    allowed = ", ".join(sorted(set(fields) - fixed))
    what = f"the {current.kind.replace('_', ' ')} of {current.on}"
    for name, value in changes.items():
        if name not in fields:
            raise InvalidInput(
                f"{subject}: {what} has no field {name!r} (its correctable fields: {allowed})"
            )
        if name in fixed:
            raise InvalidInput(
                f"{subject}: {name} cannot be corrected "
                f"(the correctable fields of {what}: {allowed})"
            )
        try:
            check_fact(process, current.kind, name, value, fields[name])
        except InvalidInput as error:
            raise InvalidInput(f"{subject}: {error}") from None
    corrected = current.model_copy(update=changes)
    problem = inconsistency(corrected)
    if problem:
        raise InvalidInput(f"{subject}: {problem}")
    return corrected


def check_retraction(correction: ev.Corrected, events: list[ev.ProposalEvent]) -> None:
    """Refuse to retract `correction` if the corrections left would give its event facts
    that cannot hold together."""
    target = next(e for e in events if e.event_id == correction.corrects)
    if is_retracted(target.event_id, events):
        return
    left = as_corrected(target, [e for e in events if e.event_id != correction.event_id])
    problem = inconsistency(left)
    if problem:
        raise InvalidInput(
            f"{subject_of(target)}: cannot retract correction {correction.event_id}: "
            f"without it, {problem}"
        )


def check_fact(process: Process, kind: str, name: str, value: Any, field: FieldInfo) -> None:
    if name in LIST_FIELDS:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidInput(f"{name} must be a list of text (an empty list for none)")
        return
    if value is None or (isinstance(value, str) and not value.strip()):
        if not _may_be_empty(field):
            raise InvalidInput(f"{name} cannot be empty")
        return
    if not isinstance(value, str):
        raise InvalidInput(f"{name} must be text")
    if name in DATES:
        parse_event_date(value, name)
    elif name == "path":
        process.check_path(value)
    elif name == "status":
        process.check_status(value)
    elif (kind, name) == ("version_effective", "basis") and value not in VERSION_BASES:
        raise InvalidInput(f"basis {value!r} is not one of: {', '.join(VERSION_BASES)}")
    elif kind in process.by_key:
        process.by_key[kind].check_choice(name, value)


def inconsistency(event: ev.LedgerEvent) -> str | None:
    """Why the facts of `event` cannot all hold together, or None."""
    if isinstance(event, ev.ReleasePlanned | ev.ReleaseMoved) and event.go_live:
        return go_live_problem(event)
    if isinstance(event, ev.ReleaseScoped):
        return scope_problem(event.code, event.proposals)
    if isinstance(event, ev.ConsultationIssued):
        return deadline_problem(event.on, event.deadline) if event.deadline else None
    if isinstance(event, ev.Scheduled):
        return announcement_problem(event.on, event.announced) if event.announced else None
    if isinstance(event, ev.VersionEffective):
        return basis_problem(event.basis, event.implements)
    referred = isinstance(event, ev.ImrConsidered) and event.outcome != "accepted"
    if referred and not getattr(event, "referred_to", None):
        return "referred_to cannot be empty when the IMR was referred"
    return None


def deadline_problem(on: str, deadline: str) -> str | None:
    ends = parse_event_date(deadline, "deadline")
    issued = parse_event_date(on, "issue date")
    if ends.effective < issued.effective:
        return f"consultation deadline {deadline} precedes its issue date {issued}"
    return None


def go_live_problem(event: ev.ReleasePlanned | ev.ReleaseMoved) -> str | None:
    """A go-live planned for a day that had passed when it was planned (or moved to)."""
    go_live = parse_event_date(event.go_live or "", "go-live")
    decided = parse_event_date(event.on, "date")
    if go_live.effective < first_day(decided):
        when = "its announcement" if isinstance(event, ev.ReleasePlanned) else "the decision"
        return f"go-live {go_live} precedes {when} of {decided}"
    return None


def scope_problem(code: str, proposals: list[str]) -> str | None:
    """A scope names at least one proposal, and each once (in whichever of its ids)."""
    if not proposals:
        return "a scope names the proposals in it"
    seen: set[str] = set()
    for proposal_id in proposals:
        try:
            key = key_of(code, proposal_id)
        except InvalidInput as error:
            return str(error)
        if key in seen:
            return f"{proposal_id} is named twice in the scope"
        seen.add(key)
    return None


def basis_problem(basis: str | None, implements: list[str]) -> str | None:
    if basis is None:
        return None  # known only by its number and date: nothing to hold together
    if basis == "modification" and not implements:
        return (
            "a version made by modification names the proposals it implements "
            "(--implements), or say --basis designation"
        )
    if basis != "modification" and implements:
        return f"a version by {basis} implements no proposal"
    return None


def _may_be_empty(field: FieldInfo) -> bool:
    """Whether the model lets the fact be left out (None)."""
    annotation = field.annotation
    return get_origin(annotation) in (Union, types.UnionType) and type(None) in get_args(annotation)
