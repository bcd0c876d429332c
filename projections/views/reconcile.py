"""A published register (CSV, TSV or Markdown table) against the ledger's, row by row."""

from __future__ import annotations

import csv
import io
import shlex
from typing import Any

from ledger.domain.errors import InvalidInput
from ledger.domain.ids import proposal_key
from ledger.domain.processes import key_of, process_on
from ledger.domain.state import ProposalState

COLUMN_WORDS = {
    "id": ("id", "#", "reference", "ref", "number"),
    "title": ("title", "name"),
    "status": ("status", "stage"),
}


def read_published(text: str, name: str) -> list[dict[str, str]]:
    """Rows of id, title and status from a CSV/TSV file or a Markdown table."""
    lines = [line for line in text.splitlines() if line.strip()]
    if lines and lines[0].lstrip().startswith("|"):
        rows = [_cells(line) for line in lines if not _is_rule(line)]
    else:
        dialect = "excel-tab" if lines and "\t" in lines[0] else "excel"
        rows = list(csv.reader(io.StringIO("\n".join(lines)), dialect=dialect))
    if not rows:
        raise InvalidInput(f"{name}: no table found")
    header, body = rows[0], rows[1:]
    index = {key: _find(header, words) for key, words in COLUMN_WORDS.items()}
    missing = [key for key, position in index.items() if position is None]
    if missing:
        raise InvalidInput(
            f"{name}: no {' or '.join(missing)} column in the header "
            f"({', '.join(h.strip() for h in header)})"
        )
    published = []
    for row in body:
        if not any(cell.strip() for cell in row):
            continue
        published.append(
            {
                key: row[position].strip() if position is not None and position < len(row) else ""
                for key, position in index.items()
            }
        )
    return published


def reconcile(
    published: list[dict[str, str]], states: list[ProposalState], code: str
) -> list[dict[str, Any]]:
    """Differences between a published register of `code` and the ledger's: missing on
    either side, status and title that differ. A published id finds its proposal in
    whichever of the code's forms it is written (`MP071` finds `SECMP0071`)."""
    ledger = {s.proposal_id: s for s in states if s.code == code}
    differences = []
    listed = set()
    for row in published:
        key = _key(code, row["id"])
        listed.add(key)
        state = ledger.get(key)
        if state is None:
            differences.append(
                _difference(row["id"], "missing from the ledger", row["status"], None)
            )
            continue
        if row["status"] != state.status:
            differences.append(
                _difference(
                    row["id"], "status differs", row["status"], state.status, state.status_since
                )
            )
        if row["title"] and row["title"] != state.title:
            differences.append(_difference(row["id"], "title differs", row["title"], state.title))
    for state in ledger.values():
        if state.is_open and state.proposal_id not in listed:
            differences.append(
                _difference(
                    state.shown_id,
                    "missing from the published register",
                    None,
                    state.status,
                    state.status_since,
                )
            )
    return sorted(differences, key=lambda d: (d["id"], d["difference"]))


DISPUTED = {"status differs": "status", "title differs": "title"}  # the fact each disputes


def disputed_keys(differences: list[dict[str, Any]], code: str) -> list[str]:
    """The proposals whose facts the published register gives otherwise."""
    return [
        proposal_key(code, _key(code, d["id"])) for d in differences if d["difference"] in DISPUTED
    ]


def with_disputes(
    differences: list[dict[str, Any]],
    folded: dict[str, ProposalState | None],
    code: str,
    source: str,
) -> list[dict[str, Any]]:
    """Each difference with the command that records it as a dispute, citing `source` (the
    published register) against the event that gives the ledger's value; None where no
    recorded fact differs (a row missing on either side) or the register's value is not
    one the ledger could hold."""
    return [
        {**d, "dispute": _dispute(d, folded.get(proposal_key(code, _key(code, d["id"]))), source)}
        for d in differences
    ]


def _dispute(difference: dict[str, Any], state: ProposalState | None, source: str) -> str | None:
    fact = DISPUTED.get(difference["difference"])
    event = state.given_by.get(fact) if state is not None and fact else None
    if event is None or fact is None:
        return None
    given = difference["published"]
    if fact == "status":
        try:
            process_on(state.code, event.on).check_status(given)  # type: ignore[union-attr]
        except InvalidInput:
            return None
    return shlex.join(
        [
            "govledger",
            "cite",
            str(event.event_id),
            "--source",
            source,
            "--disputes",
            f"{fact}={given}",
        ]
    )


def _key(code: str, written: str) -> str:
    try:
        return key_of(code, written)
    except InvalidInput:
        return written  # not an id of this code: it can only be missing from the ledger


def _difference(
    proposal_id: str, what: str, published: str | None, ledger: str | None, since: str | None = None
) -> dict[str, Any]:
    return {
        "id": proposal_id,
        "difference": what,
        "published": published,
        "ledger": ledger,
        "ledger_since": since,
    }


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _is_rule(line: str) -> bool:
    return set(line.strip()) <= set("|-: ")


WHOLE_ID_HEADINGS = ("modification", "modification proposal", "mod", "mod no.", "proposal")
"""Headings the UNC and BSC registers give their id column; only ever matched whole, as
"Modification Proposal Title" is the title."""


def _find(header: list[str], words: tuple[str, ...]) -> int | None:
    lowered = [h.strip().lower() for h in header]
    whole = (*words, *WHOLE_ID_HEADINGS) if words == COLUMN_WORDS["id"] else words
    for position, cell in enumerate(lowered):
        if cell in whole:
            return position
    for position, cell in enumerate(lowered):
        if any(word in cell.split() or cell.endswith(word) for word in words):
            return position
    return None
