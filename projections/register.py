"""The register: one row per proposal, as the SEC's register page shows it."""

from __future__ import annotations

from typing import Any

from ledger.domain.state import ProposalState

REGISTER_COLUMNS = (
    "id",
    "title",
    "status",
    "status_since",
    "path",
    "proposer",
    "raised",
    "decided",
    "implemented_in",
)


def register_row(state: ProposalState) -> dict[str, Any]:
    path = state.path or (f"{state.path_implied} (implied)" if state.path_implied else None)
    return {
        "id": state.proposal_id,
        "title": state.title,
        "status": state.status,
        "status_since": state.status_since,
        "path": path,
        "proposer": state.proposer,
        "raised": state.raised_on,
        "decided": state.decided_on,
        "implemented_in": state.implemented_in,
    }


def register_rows(states: list[ProposalState], open_only: bool = False) -> list[dict[str, Any]]:
    return [register_row(s) for s in states if s.is_open or not open_only]
