"""What changed between two dates: proposals that appeared or moved, versions that came."""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.domain.dates import effective_date
from ledger.domain.fold import told
from ledger.domain.process import IMPLEMENTATION_STAGES
from ledger.domain.processes import process_for
from ledger.domain.state import ProposalState
from projections.views.ledger_view import LedgerView


def change_kind(code: str, to_status: str) -> str:
    process = process_for(code)
    stage = process.stage_of(to_status)
    if stage in IMPLEMENTATION_STAGES:
        return "implemented" if stage == "implemented" else "partly implemented"
    return "decided" if to_status in process.decided else "status"


def diff_rows(
    view: LedgerView, start: date, end: date, code: str | None = None
) -> list[dict[str, Any]]:
    """What changed after `start` up to `end` (of one code, or of every code)."""
    rows: list[dict[str, Any]] = []
    for key in view.proposals:
        after = view.state(key, end)
        if after is None or (code is not None and after.code != code):
            continue
        appeared = view.state(key, start) is None
        for step in after.transitions:
            if not start < effective_date(step.on) <= end:
                continue
            kind = (
                "appeared"
                if appeared and step.from_status is None
                else change_kind(after.code, step.to_status)
            )
            rows.append(
                _row(
                    kind,
                    _called(after, step.on),
                    step.from_status,
                    step.on,
                    step.to_status,
                    told(after.code, step.event),
                )
            )
    for version in view.versions:
        if code is not None and version.code != code:
            continue
        if start < effective_date(version.on) <= end:
            rows.append(
                _row(
                    "version",
                    version.subject,
                    None,
                    version.on,
                    "in force",
                    version.summary(),
                )
            )
    return sorted(rows, key=lambda r: (effective_date(r["on"]), r["id"], r["change"] != "appeared"))


def _called(state: ProposalState, on: str) -> str:
    """The id the proposal went by on `on` (a converted proposal changes its id)."""
    called = [ref for ref, since in state.references if effective_date(since) <= effective_date(on)]
    return called[-1] if called else state.shown_id


def _row(
    change: str, subject: str, before: str | None, on: str | None, after: str | None, by: str | None
) -> dict[str, Any]:
    return {"on": on, "change": change, "id": subject, "from": before, "to": after, "by": by}
