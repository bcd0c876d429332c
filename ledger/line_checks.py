"""Checks on imported lines beyond their shape: text a ledger should never hold, fields a
step cannot do without, and event ids that would name two different events."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any
from uuid import UUID

from ledger.commands import COMMANDS
from ledger.domain.errors import InvalidInput
from ledger.domain.events import VersionEffective
from ledger.domain.proposal import proposal_key
from ledger.domain.version import CodeVersion, version_key

if TYPE_CHECKING:
    from ledger.interchange import Line

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ASCII_ONLY = ("kind", "code", "proposal", "number", "on", "deadline", "event_id")


def check_text(name: str, value: Any) -> None:
    """No control characters anywhere; identifiers and dates in plain ASCII."""
    for text in value if isinstance(value, list) else [value]:
        if not isinstance(text, str):
            continue
        if CONTROL.search(text):
            raise InvalidInput(f"{name!r} contains a control character")
        if name in ASCII_ONLY and not text.isascii():
            raise InvalidInput(f"{name!r} {text!r} must be plain ASCII")


def _required(run: Callable[..., Any]) -> tuple[str, ...]:
    return tuple(
        p.name
        for p in inspect.signature(run).parameters.values()
        if p.kind is p.KEYWORD_ONLY and p.default is p.empty
    )


REQUIRED = {
    VersionEffective.kind: ("on", *_required(CodeVersion.come_into_effect)),
    **{kind: ("on", *_required(c.run)) for kind, c in COMMANDS.items()},
}


def check_required(kind: str, record: Mapping[str, Any]) -> None:
    for name in REQUIRED.get(kind, ()):
        if record.get(name) is None:
            raise InvalidInput(f"{kind}: missing {name!r}")


def refuse_reused_ids(lines: list[Line]) -> None:
    """The same event id on two lines is allowed only if they record the same thing."""
    seen: dict[UUID, Line] = {}
    for line in lines:
        first = seen.setdefault(line.fields["event_id"], line)
        if first is not line and (first.kind, first.subject, first.fields) != (
            line.kind,
            line.subject,
            line.fields,
        ):
            raise InvalidInput(
                f"line {line.number}: event_id {line.fields['event_id']} is also the id "
                f"of line {first.number}, which records something else"
            )


def refuse_ids_held_elsewhere(lines: list[Line], held: Mapping[UUID, str]) -> None:
    """An event id the ledger already holds must belong to the same proposal or version."""
    for line in lines:
        owner = held.get(line.fields["event_id"])
        if owner is None:
            continue
        try:
            key = (
                proposal_key(line.code, line.subject)
                if line.kind in COMMANDS
                else version_key(line.code, line.subject)
            )
        except InvalidInput as error:
            raise InvalidInput(f"line {line.number}: {error}") from None
        if key != owner:
            raise InvalidInput(
                f"line {line.number}: event_id {line.fields['event_id']} is already "
                f"the id of an event of {owner}"
            )
