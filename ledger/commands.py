"""Every recordable action by its kind: one table for the CLI and for imports alike."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ledger.domain.proposal import Proposal


@dataclass(frozen=True)
class Command:
    kind: str
    creates: bool
    run: Callable[..., Any]
    facts: tuple[str, ...]  # the fields of its event beyond the common envelope

    def missing(self, fields: dict[str, Any]) -> list[str]:
        """The required fields that `fields` lacks (or leaves empty)."""
        needed = ("on", "actor", *required(self.run))
        return [name for name in needed if fields.get(name) in (None, "")]


def required(run: Callable[..., Any]) -> tuple[str, ...]:
    """The facts a command (or a version's coming into effect) cannot do without: its
    keyword-only parameters without a default."""
    return tuple(
        p.name
        for p in inspect.signature(run).parameters.values()
        if p.kind is p.KEYWORD_ONLY and p.default is p.empty
    )


COMMON = ("on", "actor", "source", "note", "title_as_given", "event_id")

COMMANDS: dict[str, Command] = {
    c.kind: c
    for c in (
        Command("submitted", True, Proposal.submit, ("title", "proposer")),
        Command(
            "baselined",
            True,
            Proposal.baseline,
            ("title", "proposer", "path", "status"),
        ),
        Command(
            "imr_considered",
            False,
            Proposal.consider_imr,
            ("outcome", "path", "route", "referred_to", "clause"),
        ),
        Command("refinement_started", False, Proposal.start_refinement, ()),
        Command("consultation_issued", False, Proposal.issue_consultation, ("deadline",)),
        Command("consultation_closed", False, Proposal.close_consultation, ()),
        Command("change_board_voted", False, Proposal.vote, ("outcome",)),
        Command("authority_determined", False, Proposal.determine, ("outcome", "authority")),
        Command("withdrawn", False, Proposal.withdraw, ()),
        Command("cancelled", False, Proposal.cancel, ("directed_by", "clause")),
        Command("suspended", False, Proposal.suspend, ("directed_by", "clause")),
        Command("resumed", False, Proposal.resume, ()),
        Command("implemented", False, Proposal.implement, ("version",)),
        Command("scheduled", False, Proposal.schedule, ("what",)),
        Command("corrected", False, Proposal.correct, ("corrects", "reason", "changes")),
        Command("retracted", False, Proposal.retract, ("retracts", "reason")),
    )
}
VERSION_FACTS = ("code", "number", "implements", "amends", "basis")
VERSION_CORRECTION_FACTS = ("code", "number", "corrects", "retracts", "reason", "changes")
