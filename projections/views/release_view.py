"""Releases as they stood on a date: each one's go-live, version and scope, and one
release in full (its dated history, and what went live in it)."""

from __future__ import annotations

from typing import Any

from ledger.domain import events as ev
from ledger.domain.ids import release_key
from ledger.domain.processes import key_of
from ledger.domain.release_history import ReleaseState
from ledger.domain.state import ProposalState

NOT_RECORDED = "not recorded"


def release_row(state: ReleaseState) -> dict[str, Any]:
    return {
        "code": state.code,
        "release": state.name,
        "announced": state.announced,
        "go_live": state.went_live or state.go_live,
        "state": "went live" if state.went_live else "planned" if state.announced else "known",
        "version": state.version,
        "scope": list(state.scope) if state.scoped_on else None,  # None: none baselined
    }


def release_facts(state: ReleaseState) -> dict[str, Any]:
    """Every fact of one release: its row, how its go-live moved, its scope's date."""
    return {
        **release_row(state),
        "first_planned": state.planned,
        "went_live": state.went_live,
        "moves": [
            {"on": on, "from": before, "to": to, "decided_by": by}
            for on, before, to, by in state.moves
        ],
        "scope_baselined": state.scoped_on,
        "version_published": state.numbered_on,
    }


def fact_lines(state: ReleaseState, versions: list[str]) -> list[tuple[str, str]]:
    """The release's facts as `show` prints them, one a line, unknown ones said so."""
    go_live = shown(state.go_live)
    if state.moves:
        moves = "; ".join(
            f"moved on {on} from {before or 'a date not recorded'} to {to}, {ev.decided(by)}"
            for on, before, to, by in state.moves
        )
        go_live += f" (first planned for {shown(state.planned)}; {moves})"
    scope = shown(list(state.scope) or None)
    if state.scoped_on:
        scope += f" (baselined {state.scoped_on})"
    return [
        ("release", state.name),
        ("code", state.code),
        ("announced", shown(state.announced)),
        ("go-live", go_live),
        ("went live", state.went_live or "not yet"),
        ("version", shown(state.version)),
        ("scope", scope),
        ("versions recorded with it", ", ".join(versions) or "none"),
    ]


def history_rows(state: ReleaseState) -> list[dict[str, Any]]:
    return [
        {
            "on": entry.on,
            "what": entry.text,
            "source": entry.event.source,
            "event_id": str(entry.event.event_id),
        }
        for entry in state.history
    ]


def proposal_rows(state: ReleaseState, proposals: list[ProposalState]) -> list[dict[str, Any]]:
    """The proposals in its scope, and any other implemented in it: each one's status
    on the date asked and what of it went live in this release."""
    key = release_key(state.code, state.name)
    rows = []
    for proposal in proposals:
        here = [
            entry
            for entry in proposal.timeline
            if isinstance(entry.event, ev.Implemented)
            and entry.event.release
            and release_key(state.code, entry.event.release) == key
        ]
        in_scope = any(proposal.proposal_id == scoped for scoped in _keys(state))
        if not here and not in_scope:
            continue
        rows.append(
            {
                "id": proposal.shown_id,
                "title": proposal.title,
                "in_scope": in_scope,
                "status": proposal.status,
                "implemented_in_it": "; ".join(_implemented(e.event) for e in here) or None,
            }
        )
    return rows


def _implemented(event: Any) -> str:
    what = f"{event.part}{', its last part' if event.last_part else ' (a part)'}"
    return f"{event.on}: {what}" if event.part else event.on


def _keys(state: ReleaseState) -> list[str]:
    return [key_of(state.code, proposal_id) for proposal_id in state.scope]


def shown(value: Any) -> str:
    """A fact as a line shows it: unknown is said so, never left blank."""
    if value is None or value == []:
        return NOT_RECORDED
    return ", ".join(value) if isinstance(value, list) else str(value)
