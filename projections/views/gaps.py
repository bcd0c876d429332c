"""What the record lacks, proposal by proposal: the stages a recorded step implies and the
facts no source gave. Implied is never recorded: these rows say what to look for."""

from __future__ import annotations

from typing import Any

from ledger.domain.processes import process_for
from ledger.domain.state import ProposalState

BEFORE_A_PATH = frozenset({"development", "raised", "assessment"})  # stages with no path yet


def gap_rows(states: list[ProposalState]) -> list[dict[str, Any]]:
    return [row for state in states for row in _gaps(state)]


def _gaps(state: ProposalState) -> list[dict[str, Any]]:
    found: list[tuple[str, str, str | None]] = [
        ("implied stage", entry.text, entry.on) for entry in state.timeline if entry.implied
    ]
    for fact, value in (
        ("title", state.title),
        ("proposer", state.proposer),
        ("date raised", state.raised_on),
    ):
        if value is None:
            found.append(("missing fact", f"{fact} not recorded", None))
    stage = process_for(state.code).stage_of(state.status)
    if state.path is None and stage is not None and stage not in BEFORE_A_PATH:
        implied = f" (implied: {state.path_implied})" if state.path_implied else ""
        vote = state.unresolved_vote
        if vote is not None:
            implied = f" (the effect of the vote of {vote.on} depends on it)"
        found.append(("missing fact", f"path not recorded{implied}", vote.on if vote else None))
    if not state.is_open and state.decided_on is None:
        found.append(("missing fact", "decision date not recorded", None))
    return [
        {"code": state.code, "id": state.shown_id, "gap": gap, "by": by, "what": what}
        for gap, what, by in found
    ]
