"""A code as it stood on a date: the version in force, its chain, the sections amended."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ledger.domain import events as ev

_SECTION = re.compile(r"^(Section\s+[A-Z][A-Z0-9]*)\b\s*(.*)$", re.IGNORECASE)


def split_section(amended: str) -> tuple[str, str]:
    """'Section G 7.6-7.12' -> ('Section G', '7.6-7.12'); anything else is its own section."""
    match = _SECTION.match(amended.strip())
    return (match[1], match[2]) if match else (amended.strip(), "")


def version_row(version: ev.VersionEffective) -> dict[str, Any]:
    """A version (or a direction or designation with no number): where its basis is not
    recorded, what it implements and amends is not either, unless a source gave it."""
    unknown = version.basis is None
    return {
        "version": version.number,
        "effective": version.on,
        "basis": version.basis,
        "implements": list(version.implements) or (None if unknown else []),
        "amends": list(version.amends) or (None if unknown else []),
        "release": version.release,
    }


UNKNOWN_COLUMNS = ("basis", "implements", "amends")  # None: not recorded


def code_view(
    code: str,
    as_of: date,
    in_force: list[ev.VersionEffective],
    pending: list[ev.VersionEffective],
) -> dict[str, Any]:
    numbered = [v for v in in_force if v.number]
    current = numbered[-1] if numbered else None
    sections: dict[str, list[dict[str, Any]]] = {}
    for version in in_force:
        for amended in version.amends:
            section, clauses = split_section(amended)
            sections.setdefault(section, []).append(
                {
                    "section": section,
                    "clauses": clauses,
                    "version": version.number,
                    "effective": version.on,
                    "modifications": list(version.implements)
                    or [version.basis or "basis not recorded"],
                }
            )
    return {
        "code": code,
        "as_of": as_of.isoformat(),
        "in_force": current.number if current else None,
        "since": current.on if current else None,
        "chain": [version_row(v) for v in in_force],
        "sections": [row for key in sorted(sections) for row in sections[key]],
        "pending": [version_row(v) for v in pending],
    }


def headline(view: dict[str, Any], earliest: ev.VersionEffective | None) -> str:
    if view["in_force"]:
        return (
            f"{view['code']} {view['in_force']} in force on {view['as_of']}, since {view['since']}"
        )
    if view["chain"]:
        return f"No numbered version of {view['code']} is recorded as in force on {view['as_of']}"
    known = (
        f" (the earliest recorded is {earliest.subject.removeprefix(earliest.code + ' ')}, "
        f"effective {earliest.on})"
        if earliest
        else ""
    )
    return f"No version of {view['code']} is recorded as in force on {view['as_of']}{known}"
