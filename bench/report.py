"""The benchmark's table, with each figure's ratio to the limit and the issue's target."""

from __future__ import annotations

from dataclasses import dataclass

TARGETS = {
    "import": 0.25,  # at least this share of the raw insert rate
    "rebuild": 0.25,  # at least this share of the raw read-and-decode rate
    "flat": 1.5,  # as-of median at the largest size within this many times the smallest
    "select": 3.0,  # as-of median within this many times a raw SELECT of as many rows
    "read": 8.0,  # `register --open` within this many times `python -c pass`
    "record": 25.0,  # recording one decision within this many times `python -c pass`
    "memory": 300.0,  # MB of peak RSS at 1,000,000 events
    "tree": 0.25,  # the tree and the id index cost at most this share of import throughput
    "prove": 1.5,  # `prove ID` at the largest size within this many times the smallest
}


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


def _rate(events: int, seconds: float) -> str:
    return f"{events / seconds:,.0f}"


def _mark(ok: bool) -> str:
    return "meets" if ok else "misses"


def _trust_line(r: Row) -> str:
    line = (
        f"at {r.events:,} events: `prove ID` {r.prove_seconds * 1000:.0f} ms, "
        f"`prove PREFIX` {r.prove_prefix_seconds * 1000:.0f} ms (whole commands)"
    )
    if r.import_without_tree_seconds is None:
        return line + "; import without the tree not measured"
    cost = 1 - r.import_without_tree_seconds / r.import_seconds
    return line + (
        f"; import without the tree and id index {_rate(r.events, r.import_without_tree_seconds)}"
        f" ev/s, with {_rate(r.events, r.import_seconds)} ev/s: they cost {cost:.0%} of "
        f"throughput (target <= {TARGETS['tree']:.0%}: {_mark(cost <= TARGETS['tree'])})"
    )


def table(rows: list[Row], cli: dict[str, float], rebuild: str, sqlite_version: str) -> str:
    lines = [
        "| events | import ev/s | raw insert ev/s | ratio | rebuild ev/s | raw read+decode ev/s "
        "| ratio | as-of median ms | as-of p99 ms | rows | raw SELECT ms | ratio "
        "| import peak MB | rebuild peak MB |",
        "|" + "---:|" * 14,
    ]
    for r in rows:
        lines.append(
            f"| {r.events:,} | {_rate(r.events, r.import_seconds)} "
            f"| {_rate(r.events, r.raw_insert_seconds)} "
            f"| {r.raw_insert_seconds / r.import_seconds:.3f} "
            f"| {_rate(r.events, r.rebuild_seconds)} | {_rate(r.events, r.raw_read_seconds)} "
            f"| {r.raw_read_seconds / r.rebuild_seconds:.3f} "
            f"| {r.query_median * 1000:.1f} | {r.query_p99 * 1000:.1f} | {r.query_rows:,} "
            f"| {r.raw_select_seconds * 1000:.2f} "
            f"| {r.query_median / r.raw_select_seconds:.1f}x "
            f"| {r.import_peak_mb:,.0f} | {r.rebuild_peak_mb:,.0f} |"
        )
    small, large = rows[0], rows[-1]
    flat = large.query_median / small.query_median
    read, record = cli["read"] / cli["python"], cli["record"] / cli["python"]
    lines += [
        "",
        f"rebuild measured with `govledger {rebuild}`; SQLite {sqlite_version}.",
        f"as-of median at {large.events:,} / at {small.events:,} events: {flat:.2f}x "
        f"(target <= {TARGETS['flat']}x: {_mark(flat <= TARGETS['flat'])})",
        f"`python -c pass` {cli['python'] * 1000:.0f} ms; `govledger register --open` (seed) "
        f"{cli['read'] * 1000:.0f} ms = {read:.1f}x "
        f"(target <= {TARGETS['read']:.0f}x: {_mark(read <= TARGETS['read'])}); "
        f"recording one decision {cli['record'] * 1000:.0f} ms = {record:.1f}x "
        f"(target <= {TARGETS['record']:.0f}x: {_mark(record <= TARGETS['record'])})",
    ]
    for r in rows:
        lines.append(_trust_line(r))
    growth = large.prove_seconds / small.prove_seconds
    lines.append(
        f"prove ID at {large.events:,} / at {small.events:,} events: {growth:.2f}x "
        f"(target <= {TARGETS['prove']}x: {_mark(growth <= TARGETS['prove'])})"
    )
    for r in rows:
        checks = [
            ("import", r.raw_insert_seconds / r.import_seconds >= TARGETS["import"]),
            ("rebuild", r.raw_read_seconds / r.rebuild_seconds >= TARGETS["rebuild"]),
            ("as-of vs SELECT", r.query_median / r.raw_select_seconds <= TARGETS["select"]),
        ]
        if r.events >= 1_000_000:
            peak = max(r.import_peak_mb, r.rebuild_peak_mb)
            checks.append(("memory", peak < TARGETS["memory"]))
        lines.append(
            f"at {r.events:,} events: " + ", ".join(f"{name} {_mark(ok)}" for name, ok in checks)
        )
    return "\n".join(lines)
