"""The benchmark's report: a run from before a measure was added still loads and compares."""

from __future__ import annotations

from dataclasses import asdict, replace

from bench.report import Row, as_json, compare, from_json, table

COMMANDS = {"python": 0.02, "read": 0.1, "record": 0.3}
OLD = Row(
    events=10_000, import_seconds=2.0, raw_insert_seconds=0.05, rebuild_seconds=1.0,
    raw_read_seconds=0.02, query_median=0.003, query_p99=0.004, query_rows=160,
    raw_select_seconds=0.0004, import_peak_mb=80.0, rebuild_peak_mb=80.0,
)  # fmt: skip


def run_before_known_at() -> dict:
    data = as_json([OLD], COMMANDS, {})
    for row in data["rows"]:
        for name in ("known_at_median", "known_at_rows", "known_at_raw_select_seconds"):
            del row[name]
    return data


def test_a_run_from_before_the_known_at_measure_loads_with_it_not_measured() -> None:
    rows, _ = from_json(run_before_known_at())
    assert rows == [OLD] and rows[0].known_at_median is None
    assert "| known-at median | not measured |" in table(rows, COMMANDS, "rebuild", "3")


def test_the_known_at_median_grows_against_its_target_from_the_smallest_size() -> None:
    small = replace(
        OLD, known_at_median=0.002, known_at_rows=100, known_at_raw_select_seconds=0.001
    )
    large = replace(small, events=100_000, known_at_median=0.0026)
    shown = table([small, large], COMMANDS, "rebuild", "3")
    assert "| known-at median vs raw SELECT | 2.0x | 2.6x |" in shown
    assert "known-at median at 100,000 / at 10,000 events: 1.30x (target <= 1.5x: meets)" in shown


def test_an_old_run_compares_with_a_new_one() -> None:
    new = as_json([replace(OLD, known_at_median=0.002)], COMMANDS, {})
    assert "| known-at median | 10,000 | not measured | 2.0 ms |" in compare(
        run_before_known_at(), new
    )
    assert asdict(from_json(new)[0][0])["known_at_median"] == 0.002
