"""The register: one row per proposal, as the SEC's register page shows it."""

from __future__ import annotations

from typing import Any, Protocol

from ledger.domain.state import ProposalState


class Facts(Protocol):
    """What a register row shows: a proposal's state, or a snapshot of it."""

    @property
    def title(self) -> str | None: ...
    @property
    def status(self) -> str | None: ...
    @property
    def status_since(self) -> str | None: ...
    @property
    def path(self) -> str | None: ...
    @property
    def path_implied(self) -> str | None: ...
    @property
    def proposer(self) -> str | None: ...
    @property
    def raised_on(self) -> str | None: ...
    @property
    def decided_on(self) -> str | None: ...
    @property
    def implemented_in(self) -> str | None: ...
    @property
    def reference(self) -> str | None: ...


def facts_row(proposal_id: str, facts: Facts) -> dict[str, Any]:
    path = facts.path or (f"{facts.path_implied} (implied)" if facts.path_implied else None)
    return {
        "id": facts.reference or proposal_id,
        "title": facts.title,
        "status": facts.status,
        "status_since": facts.status_since,
        "path": path,
        "proposer": facts.proposer,
        "raised": facts.raised_on,
        "decided": facts.decided_on,
        "implemented_in": facts.implemented_in,
    }


def register_row(state: ProposalState) -> dict[str, Any]:
    return facts_row(state.proposal_id, state)


def register_rows(states: list[ProposalState], open_only: bool = False) -> list[dict[str, Any]]:
    return [register_row(s) for s in states if s.is_open or not open_only]
