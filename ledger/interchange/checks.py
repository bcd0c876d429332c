"""Checks on imported lines beyond their shape: text the ledger does not accept, and
fields a step cannot do without."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ledger.commands import COMMANDS, RELEASE_COMMANDS, required
from ledger.domain.errors import InvalidInput
from ledger.domain.events import VersionEffective
from ledger.domain.text import check_text as accepted_text
from ledger.domain.version import CodeVersion

if TYPE_CHECKING:
    pass

ASCII_ONLY = (
    "kind",
    "code",
    "proposal",
    "number",
    "on",
    "deadline",
    "announced",
    "go_live",
    "event_id",
)


def check_text(name: str, value: Any) -> None:
    """Text the ledger accepts (the rule recording commands follow too); identifiers and
    dates in plain ASCII."""
    accepted_text(name, value)
    for text in value if isinstance(value, list) else [value]:
        if name in ASCII_ONLY and isinstance(text, str) and not text.isascii():
            raise InvalidInput(f"{name!r} {text!r} must be plain ASCII")


REQUIRED = {
    VersionEffective.kind: ("on", *required(CodeVersion.come_into_effect)),
    **{kind: ("on", *required(c.run)) for kind, c in COMMANDS.items()},
    **{kind: ("on", *required(c.run)) for kind, c in RELEASE_COMMANDS.items()},
}


def check_required(kind: str, record: Mapping[str, Any]) -> None:
    for name in REQUIRED.get(kind, ()):
        if record.get(name) is None:
            raise InvalidInput(f"{kind}: missing {name!r}")
