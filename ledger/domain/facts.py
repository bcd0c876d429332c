"""Checks of single facts, shared by commands and corrections."""

from __future__ import annotations

from typing import Any

from ledger.domain import events as ev
from ledger.domain.corrections import PROTECTED
from ledger.domain.dates import parse_event_date
from ledger.domain.errors import InvalidInput
from ledger.domain.process import Process

CHOICES: dict[str, dict[str, tuple[str, ...]]] = {
    "outcome": {
        "imr_considered": ("accepted", "referred"),
        "change_board_voted": ("approve", "reject"),
        "authority_determined": ("approve", "reject"),
    },
    "route": {"imr_considered": ("refinement", "report")},
    "basis": {"version_effective": ("modification", "designation", "direction")},
}
REQUIRED_TEXT = ("title", "proposer", "authority", "directed_by", "what", "referred_to")
NOT_CORRECTABLE = ("corrects", "retracts", "implements", "code", "number", "version")


def corrected_copy(
    process: Process, target: ev.LedgerEvent, changes: dict[str, Any]
) -> ev.LedgerEvent:
    """The target event with `changes` applied, each change checked like new input."""
    if not changes:
        raise InvalidInput("a correction needs at least one changed field (--set FIELD=VALUE)")
    allowed = set(type(target).model_fields) - PROTECTED - set(NOT_CORRECTABLE)
    for name, value in changes.items():
        if name not in allowed:
            raise InvalidInput(
                f"{target.kind} has no correctable field {name!r} "
                f"(fields: {', '.join(sorted(allowed))})"
            )
        check_fact(process, target.kind, name, value)
    return target.model_copy(update=changes)


def check_fact(process: Process, kind: str, name: str, value: Any) -> None:
    if name in ("on", "deadline"):
        parse_event_date(str(value), name)
    elif name == "path" and value is not None:
        process.check_path(str(value))
    elif name == "status" and value is not None:
        process.check_status(str(value))
    elif name in CHOICES and kind in CHOICES[name]:
        allowed = CHOICES[name][kind]
        if value not in allowed:
            raise InvalidInput(f"{name} {value!r} is not one of: {', '.join(allowed)}")
    elif name == "amends":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidInput("amends must be a list of section names")
    elif name in REQUIRED_TEXT and (not isinstance(value, str) or not value.strip()):
        raise InvalidInput(f"{name} cannot be empty")
