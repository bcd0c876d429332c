"""The benchmark's table: every measure beside its target, "meets" or "misses", its growth
from the smallest size to the largest, and the same as JSON to compare runs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, fields, replace
from typing import Any


@dataclass(frozen=True)
class Row:
    events: int
    import_seconds: float
    raw_insert_seconds: float
    rebuild_seconds: float
    raw_read_seconds: float
    query_median: float
    query_p99: float
    query_rows: int
    raw_select_seconds: float
    import_peak_mb: float
    rebuild_peak_mb: float
    prove_seconds: float = 0.0
    prove_prefix_seconds: float = 0.0
    import_without_tree_seconds: float | None = None
    # Runs before the raw insert held the proof rows measured it with the events alone.
    raw_insert_events_only_seconds: float | None = None
    pg_import_seconds: float | None = None  # the same history on PostgreSQL (--postgres)
    pg_import_peak_mb: float | None = None
    pg_query_median: float | None = None
    # `register --open --known-at` a year after the first event, on a ledger recorded as
    # its history happened (`bench.as_recorded`); None in runs from before it
    known_at_median: float | None = None
    known_at_rows: int | None = None
    known_at_raw_select_seconds: float | None = None
    raw_rebuild_insert_seconds: float | None = None  # the rows the rebuild wrote, raw


@dataclass(frozen=True)
class Measure:
    """One figure at each size: `value` of a row, better when higher or lower, and its
    target (None: measured, no target)."""

    name: str
    value: Callable[[Row], float | None]
    unit: str
    higher_is_better: bool
    target: float | None
    only_at_largest: bool = False

    def meets(self, value: float) -> bool:
        assert self.target is not None
        return value >= self.target if self.higher_is_better else value <= self.target


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def _events_alone(r: Row) -> float | None:
    if r.raw_insert_events_only_seconds is None:
        return None
    return _ratio(r.raw_insert_events_only_seconds, r.import_seconds)


def _vs_sqlite(postgres: float | None, sqlite: float) -> float | None:
    return None if postgres is None else _ratio(postgres, sqlite)


def _known_at_vs_raw(r: Row) -> float | None:
    if r.known_at_median is None or r.known_at_raw_select_seconds is None:
        return None
    return _ratio(r.known_at_median, r.known_at_raw_select_seconds)


def _rebuild_limit(r: Row) -> float | None:
    """Rebuild against raw read+decode of the events plus raw insert of the rows it wrote."""
    if r.raw_rebuild_insert_seconds is None:
        return None
    return _ratio(r.raw_read_seconds + r.raw_rebuild_insert_seconds, r.rebuild_seconds)


def _tree_cost(r: Row) -> float | None:
    if r.import_without_tree_seconds is None:
        return None
    return 1 - r.import_without_tree_seconds / r.import_seconds


MEASURES = [
    Measure("import vs raw insert (events and proof rows)",
            lambda r: _ratio(r.raw_insert_seconds, r.import_seconds), "x", True, 0.25),
    Measure("import vs raw insert of the events alone", _events_alone, "x", True, None),
    Measure("rebuild vs raw read+decode+insert of its rows", _rebuild_limit, "x", True, 0.5),
    Measure("rebuild vs raw read+decode (events only)",
            lambda r: _ratio(r.raw_read_seconds, r.rebuild_seconds), "x", True, None),
    Measure("as-of median vs raw SELECT", lambda r: _ratio(r.query_median, r.raw_select_seconds),
            "x", False, 3.0),
    Measure("as-of median", lambda r: r.query_median * 1000, "ms", False, None),
    Measure("as-of p99", lambda r: r.query_p99 * 1000, "ms", False, None),
    Measure("known-at median vs raw SELECT", _known_at_vs_raw, "x", False, None),
    Measure("known-at median", lambda r: r.known_at_median and r.known_at_median * 1000, "ms",
            False, None),
    Measure("`prove ID` (whole command)", lambda r: r.prove_seconds * 1000, "ms", False, None),
    Measure("`prove PREFIX` (whole command)", lambda r: r.prove_prefix_seconds * 1000, "ms",
            False, None),
    Measure("tree and id index share of import time", _tree_cost, "", False, 0.25),
    Measure("PostgreSQL import vs SQLite", lambda r: _vs_sqlite(r.pg_import_seconds,
            r.import_seconds), "x", False, 3.0),
    Measure("PostgreSQL as-of median vs SQLite", lambda r: _vs_sqlite(r.pg_query_median,
            r.query_median), "x", False, 3.0),
    Measure("import peak RSS", lambda r: r.import_peak_mb, "MB", False, 150.0, True),
    Measure("PostgreSQL import peak RSS", lambda r: r.pg_import_peak_mb, "MB", False, 150.0, True),
    Measure("rebuild peak RSS", lambda r: r.rebuild_peak_mb, "MB", False, 150.0, True),
]  # fmt: skip
GROWTH = {"as-of median": 1.5, "known-at median": 1.5, "`prove ID` (whole command)": 1.5}
COMMANDS = {"read": ("`register --open` (seed) vs `python -c pass`", 3.0),
            "record": ("one recording command vs `python -c pass`", 6.0)}  # fmt: skip


def _shown(value: float | None, unit: str) -> str:
    if value is None or value != value:
        return "not measured"
    if unit == "":
        return f"{value:.0%}"
    if unit == "x":
        return f"{value:.3f}" if value < 1 else f"{value:.1f}x"
    return f"{value:,.1f} {unit}" if value < 100 else f"{value:,.0f} {unit}"


def _verdict(measure: Measure, value: float | None) -> str:
    if measure.target is None or value is None or value != value:
        return ""
    return "meets" if measure.meets(value) else "misses"


def table(rows: list[Row], cli: dict[str, float], rebuild: str, sqlite_version: str) -> str:
    sizes = [f"{r.events:,}" for r in rows]
    lines = [
        "| measure | " + " | ".join(sizes) + " | target | verdict | growth |",
        "|---|" + "---:|" * len(rows) + "---|---|---:|",
    ]
    for m in MEASURES:
        values = [m.value(r) for r in rows]
        judged = values[-1:] if m.only_at_largest else values
        verdicts = {_verdict(m, v) for v in judged} - {""}
        verdict = "misses" if "misses" in verdicts else ("meets" if verdicts else "")
        target = "" if m.target is None else ("<= " if not m.higher_is_better else ">= ")
        target += "" if m.target is None else _shown(m.target, m.unit)
        first, last = values[0], values[-1]
        growth = "" if not first or first is None or last is None else f"{last / first:.2f}x"
        cells = " | ".join(_shown(v, m.unit) for v in values)
        lines.append(f"| {m.name} | {cells} | {target} | {verdict} | {growth} |")
    small, large = rows[0], rows[-1]
    lines.append("")
    for name, limit in GROWTH.items():
        m = next(m for m in MEASURES if m.name == name)
        a, b = m.value(small), m.value(large)
        if a and b:
            growth = b / a
            lines.append(
                f"{name} at {large.events:,} / at {small.events:,} events: {growth:.2f}x "
                f"(target <= {limit}x: {'meets' if growth <= limit else 'misses'})"
            )
    lines.append(f"`python -c pass` {cli['python'] * 1000:.0f} ms")
    for key, (name, limit) in COMMANDS.items():
        ratio = cli[key] / cli["python"]
        lines.append(
            f"{name}: {cli[key] * 1000:.0f} ms = {ratio:.1f}x "
            f"(target <= {limit:.0f}x: {'meets' if ratio <= limit else 'misses'})"
        )
    lines.append(f"rebuild measured with `govledger {rebuild}`; SQLite {sqlite_version}.")
    return "\n".join(lines)


def as_json(rows: list[Row], cli: dict[str, float], about: dict[str, Any]) -> dict[str, Any]:
    return {"about": about, "rows": [asdict(r) for r in rows], "commands": cli}


def from_json(data: dict[str, Any]) -> tuple[list[Row], dict[str, float]]:
    known = {f.name for f in fields(Row)}
    rows = [Row(**{k: v for k, v in r.items() if k in known}) for r in data["rows"]]
    return [_raw_as_measured(r, data) for r in rows], data["commands"]


def _raw_as_measured(row: Row, data: dict[str, Any]) -> Row:
    """A run from before the raw insert held the proof rows measured the events alone."""
    if any("raw_insert_events_only_seconds" in r for r in data["rows"]):
        return row
    return replace(
        row, raw_insert_seconds=float("nan"), raw_insert_events_only_seconds=row.raw_insert_seconds
    )


def compare(old: dict[str, Any], new: dict[str, Any]) -> str:
    """Each measure of two runs side by side, size by size, with new / old."""
    old_rows, old_cli = from_json(old)
    new_rows, new_cli = from_json(new)
    by_size = {r.events: r for r in old_rows}
    lines = ["| measure | events | old | new | new / old |", "|---|---:|---:|---:|---:|"]
    for m in MEASURES:
        for r in new_rows:
            before = by_size.get(r.events)
            a = m.value(before) if before else None
            b = m.value(r)
            ratio = f"{b / a:.2f}" if a and b else ""
            lines.append(
                f"| {m.name} | {r.events:,} | {_shown(a, m.unit)} | {_shown(b, m.unit)} | {ratio} |"
            )
    for key in ("python", "read", "record"):
        a, b = old_cli.get(key), new_cli.get(key)
        ratio = f"{b / a:.2f}" if a and b else ""
        lines.append(f"| command {key} | | {a * 1000:.0f} ms | {b * 1000:.0f} ms | {ratio} |")
    return "\n".join(lines)
