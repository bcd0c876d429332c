"""What the record lacks, proposal by proposal: the stages a recorded step implies and the
facts no source gave. Implied is never recorded: these rows say what to look for."""

from __future__ import annotations

from typing import Any

from ledger.domain.citations import Dispute, described
from ledger.domain.ids import proposal_key
from ledger.domain.processes import process_for
from ledger.domain.state import ProposalState
from projections.views.disputes import against

BEFORE_A_PATH = frozenset({"development", "raised", "assessment"})  # stages with no path yet


def gap_rows(
    states: list[ProposalState], disputed: dict[str, list[Dispute]] | None = None
) -> list[dict[str, Any]]:
    """Each proposal's gaps; with the disputes of proposals (by stored key), its open
    disputes too: a fact two sources give differently is not settled by the record."""
    disputed = disputed or {}
    return [row for state in states for row in _gaps(state, disputed.get(_key(state), []))]


def _key(state: ProposalState) -> str:
    return proposal_key(state.code, state.proposal_id)


def _gaps(state: ProposalState, disputes: list[Dispute]) -> list[dict[str, Any]]:
    found: list[tuple[str, str, str | None]] = [
        ("implied stage", entry.text, entry.on) for entry in state.timeline if entry.implied
    ]
    found += [
        ("disputed fact", f"{described(d.event)}: {d.fact} {against([d])}", d.event.on)
        for d in disputes
        if not d.settled
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
