"""The ledger's own "SEC Update" for a Panel, from the projection tables.

What came into effect, what was raised, decided and consulted on in a period,
and the open proposals as of its last day, laid out like the paper's Table one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from projections.tables.read import Tables
from projections.tables.schema import MILESTONES

Row = dict[str, Any]


@dataclass
class Report:
    code: str
    as_of: str
    since: str
    complete_to: str | None
    events: int
    versions: list[Row] = field(default_factory=list)
    new_proposals: list[Row] = field(default_factory=list)
    decisions: list[Row] = field(default_factory=list)
    consultations: list[Row] = field(default_factory=list)
    pending: list[Row] = field(default_factory=list)
    open_proposals: list[Row] = field(default_factory=list)
    stages: dict[str, list[Row]] = field(default_factory=dict)


def rows(tables: Tables, sql: str, params: list[Any]) -> list[Row]:
    return tables.dicts(sql, params)


def build(tables: Tables, code: str, as_of: date, since: date) -> Report:
    from ledger.domain.processes import process_for

    process = process_for(code)
    paths = process.paths
    day, start = as_of.isoformat(), since.isoformat()
    count, _, complete_to, _ = tables.events_seen(None)
    register = {r["id"]: r for r in tables.register(day, None, code)}
    title = lambda pid: (register.get(pid) or {}).get("title")  # noqa: E731
    report = Report(code, day, start, complete_to, count)
    for version in rows(
        tables,
        "SELECT number, happened_on, effective, basis, implements, amends, note, source "
        "FROM {p}versions "
        "WHERE recorded_to IS NULL AND code = ? AND effective >= ? AND effective <= ? "
        "ORDER BY effective, number",
        [code, start, day],
    ):
        amends = version.pop("amends") or ""  # a direction with no number: its own list
        version["sections"] = [
            r["section"]
            for r in rows(
                tables,
                "SELECT section FROM {p}amendments WHERE recorded_to IS NULL AND code = ? "
                "AND number = ? ORDER BY section",
                [code, version["number"]],
            )
        ] or sorted({s for s in amends.split("; ") if s})
        version["modifications"] = []
        for pid in [p for p in version["implements"].split("; ") if p]:
            row = register.get(pid, {})
            path = row.get("path") or ""
            version["modifications"].append(
                {
                    "id": pid,
                    "title": title(pid),
                    "path": row.get("path"),
                    "path_name": paths.get(path),
                    "decisions": decisions(tables, code, pid, day),
                }
            )
        report.versions.append(version)
    report.new_proposals = [
        {**r, "pending": pending(tables, code, r["id"], day)}
        for r in register.values()
        if r["raised"] and start <= effective(r["raised"]) <= day
    ]
    report.decisions = [
        {**d, "title": title(d["proposal"])} for d in decisions(tables, code, None, day, start)
    ]
    report.consultations = [
        {**m, "title": title(m["proposal"])}
        for m in rows(
            tables,
            "SELECT proposal, happened_on, deadline, what, note, source FROM {p}milestones "
            "WHERE recorded_to IS NULL AND code = ? AND kind = 'consultation_issued' "
            "AND effective >= ? AND effective <= ? ORDER BY effective, proposal",
            [code, start, day],
        )
    ]
    report.pending = pending(tables, code, None, day)
    report.open_proposals = [r for r in register.values() if process.is_open(r["status"])]
    for row in report.open_proposals:
        report.stages[row["id"]] = rows(
            tables,
            "SELECT status, status_since, valid_from, valid_to FROM {p}register_history "
            "WHERE recorded_to IS NULL AND code = ? AND id = ? AND valid_from <= ? "
            "ORDER BY valid_from",
            [code, row["id"], day],
        )
    return report


def effective(on: str) -> str:
    """A recorded date as the day it counts from (a month: its last day)."""
    from ledger.domain.dates import effective_date

    return effective_date(on).isoformat()


def decisions(
    tables: Tables, code: str, pid: str | None, until: str, since: str | None = None
) -> list[Row]:
    clauses = ["d.recorded_to IS NULL", "m.recorded_to IS NULL", "d.code = ?", "d.effective <= ?"]
    params: list[Any] = [code, until]
    if pid:
        clauses.append("d.proposal = ?")
        params.append(pid)
    if since:
        clauses.append("d.effective >= ?")
        params.append(since)
    return rows(
        tables,
        "SELECT d.proposal proposal, d.happened_on happened_on, d.body body, d.outcome outcome, "
        "d.detail detail, m.note note, d.source source FROM {p}decisions d JOIN {p}milestones m "
        f"ON m.event_id = d.event_id WHERE {' AND '.join(clauses)} "
        "ORDER BY d.effective, d.proposal",
        params,
    )


def pending(tables: Tables, code: str, pid: str | None, after: str) -> list[Row]:
    """What is scheduled after the date `after`, among what had been announced by then."""
    from ledger.domain.schedules import is_pending

    clauses = ["recorded_to IS NULL", "code = ?", "kind = 'scheduled'", "effective > ?"]
    params: list[Any] = [code, after]
    if pid:
        clauses.append("proposal = ?")
        params.append(pid)
    columns = tables.select_list(
        MILESTONES, ("proposal", "happened_on", "what", "announced", "note")
    )
    found = rows(
        tables,
        f"SELECT {columns} FROM {{p}}milestones "
        f"WHERE {' AND '.join(clauses)} ORDER BY effective, proposal",
        params,
    )
    day = date.fromisoformat(after)
    return [r for r in found if is_pending(r["happened_on"], r["announced"], day)]
