"""The stored names of aggregates: `proposal:CODE:KEY` and `version:CODE:NUMBER`, written once."""

from __future__ import annotations

PROPOSAL = "proposal:"
VERSION = "version:"


def proposal_key(code: str, key: str) -> str:
    return f"{PROPOSAL}{code}:{key}"


def version_key(code: str, number: str) -> str:
    return f"{VERSION}{code}:{number}"


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
