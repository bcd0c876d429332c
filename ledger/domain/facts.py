"""Checks of facts, shared by commands and corrections: each fact alone, and the
facts of one event together."""

from __future__ import annotations

import types
from typing import Any, Union, get_args, get_origin

from pydantic.fields import FieldInfo

from ledger.domain import events as ev
from ledger.domain.corrections import PROTECTED, as_corrected, is_retracted
from ledger.domain.dates import parse_event_date
from ledger.domain.errors import InvalidInput
from ledger.domain.ids import split_id
from ledger.domain.process import VERSION_BASES, Process
from ledger.domain.schedules import announcement_problem

NOT_CORRECTABLE = (
    "corrects",
    "retracts",
    "implements",
    "code",
    "number",
    "version",
    "written_as",
)
LIST_FIELDS = frozenset(
    name
    for model in ev.EVENT_KINDS.values()
    for name, field in model.model_fields.items()
    if get_origin(field.annotation) is list
)  # facts that hold a list (a correction gives the whole list)


def subject_of(event: ev.LedgerEvent) -> str:
    """The proposal (`SECMP0040`) or version (`SEC 5.6`) an event is about."""
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
    allowed = ", ".join(sorted(set(fields) - PROTECTED - set(NOT_CORRECTABLE)))
    what = f"the {current.kind.replace('_', ' ')} of {current.on}"
    for name, value in changes.items():
        if name not in fields:
            raise InvalidInput(
                f"{subject}: {what} has no field {name!r} (its correctable fields: {allowed})"
            )
        if name in PROTECTED or name in NOT_CORRECTABLE:
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
    if name in ("on", "deadline", "announced"):
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


def basis_problem(basis: str, implements: list[str]) -> str | None:
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
