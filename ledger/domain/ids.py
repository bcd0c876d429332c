"""The stored names of aggregates, written once: `proposal:CODE:KEY`, `version:CODE:NUMBER`
(a change with no number: `version:CODE:unnumbered-EVENT_ID`) and `release:CODE:NAME` (its
name in lower case, single-spaced, so that any spelling of it finds it)."""

from __future__ import annotations

from uuid import UUID

PROPOSAL = "proposal:"
VERSION = "version:"
RELEASE = "release:"
UNNUMBERED = "unnumbered-"


def proposal_key(code: str, key: str) -> str:
    return f"{PROPOSAL}{code}:{key}"


def version_key(code: str, number: str) -> str:
    return f"{VERSION}{code}:{number}"


def unnumbered(event_id: UUID) -> str:
    """The key of a direction or designation that came with no number: its first event."""
    return f"{UNNUMBERED}{event_id}"


def is_unnumbered(key: str) -> bool:
    return key.startswith(UNNUMBERED)


def release_key(code: str, name: str) -> str:
    return f"{RELEASE}{code}:{' '.join(name.split()).casefold()}"


def proposals_of(code: str) -> str:
    """The prefix every stored name of `code`'s proposals starts with."""
    return f"{PROPOSAL}{code}:"


def split_id(originator_id: str) -> tuple[str, str]:
    """'proposal:SEC:SECMP0034' -> ('SEC', 'SECMP0034'); the same for versions."""
    _, code, key = originator_id.split(":", 2)
    return code, key


def is_proposal(originator_id: str) -> bool:
    return originator_id.startswith(PROPOSAL)


def is_version(originator_id: str) -> bool:
    return originator_id.startswith(VERSION)


def is_release(originator_id: str) -> bool:
    return originator_id.startswith(RELEASE)
