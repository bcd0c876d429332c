"""`python -m bench`: govledger against the raw-sqlite3 limit of this machine, in one run.

Default sizes run in a few minutes; `--full` adds 1,000,000 events. `--json FILE` keeps
the figures, and `--compare OLD.json NEW.json` prints two runs side by side.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import orjson

from bench import limits, postgres_run, trust_costs
from bench.child import govledger, run
from bench.endtoend import command_times
from bench.report import Row, as_json, compare, table
from bench.synthetic import START, write

DEFAULT_SIZES = (10_000, 100_000)
FULL_SIZES = (10_000, 100_000, 1_000_000)
QUERIES = 50
TREE_COST_SIZES = 100_000  # up to this size, also import without the tree, to compare


def measure(size: int, work: Path, postgres: str | None = None) -> Row:
    source, db = work / f"history-{size}.jsonl", str(work / f"ledger-{size}.db")
    began = time.perf_counter()
    lines, codes = write(str(source), size)
    print(
        f"  {size:>9,} events: {lines:,} lines over {len(codes)} code(s), generated in "
        f"{time.perf_counter() - began:.1f} s",
        file=sys.stderr,
    )
    run(govledger(db, "init"))
    imported = run(govledger(db, "import", str(source)))
    raw = orjson.loads(run([sys.executable, "-m", "bench.limits", db, str(work / "raw.db")]).stdout)
    events, raw_insert, last = raw["events"], raw["seconds"], raw["last_on"]
    raw_events_only = raw["events_only_seconds"]
    print(f"    import {imported.seconds:.1f} s", file=sys.stderr)
    rebuilt = run(govledger(db, *rebuild_command()))
    raw_read = min(limits.raw_read_seconds(db) for _ in range(3))
    raw_rows = [sys.executable, "-m", "bench.limits", "--rebuilt", db, str(work / "raw-rows.db")]
    rebuilt_rows = orjson.loads(run(raw_rows).stdout)
    print(
        f"    rebuild {rebuilt.seconds:.1f} s ({rebuilt_rows['rows']:,} rows; raw insert "
        f"{rebuilt_rows['seconds']:.2f} s)",
        file=sys.stderr,
    )
    answer = orjson.loads(
        run(
            [
                sys.executable,
                "-m",
                "bench.asof_query",
                db,
                START.isoformat(),
                last[:10],
                str(QUERIES),
            ]
        ).stdout
    )
    seconds = sorted(answer["seconds"])
    typical_rows = int(statistics.median(answer["rows"]))
    raw_select = statistics.median(
        limits.raw_select_seconds(db, typical_rows) for _ in range(QUERIES)
    )
    known = known_at(source, work, size)
    trust = trust_costs.measure(db, source, work, compare_import=size <= TREE_COST_SIZES)
    on_postgres = None
    if postgres:
        on_postgres = postgres_run.measure(postgres, source, START.isoformat(), last[:10], QUERIES)
        print(f"    PostgreSQL import {on_postgres.import_seconds:.1f} s", file=sys.stderr)
    return Row(
        events=events,
        import_seconds=imported.seconds,
        raw_insert_seconds=raw_insert,
        raw_insert_events_only_seconds=raw_events_only,
        rebuild_seconds=rebuilt.seconds,
        raw_read_seconds=raw_read,
        query_median=statistics.median(seconds),
        query_p99=seconds[min(len(seconds) - 1, round(0.99 * len(seconds)))],
        query_rows=typical_rows,
        raw_select_seconds=raw_select,
        import_peak_mb=imported.peak_rss_mb,
        rebuild_peak_mb=rebuilt.peak_rss_mb,
        prove_seconds=trust.prove_seconds,
        prove_prefix_seconds=trust.prove_prefix_seconds,
        import_without_tree_seconds=trust.import_without_seconds,
        pg_import_seconds=on_postgres.import_seconds if on_postgres else None,
        pg_import_peak_mb=on_postgres.import_peak_mb if on_postgres else None,
        pg_query_median=on_postgres.query_median if on_postgres else None,
        known_at_median=known[0],
        known_at_rows=known[1],
        known_at_raw_select_seconds=known[2],
        raw_rebuild_insert_seconds=rebuilt_rows["seconds"],
    )


def known_at(source: Path, work: Path, size: int) -> tuple[float, int, float]:
    """`register --open --known-at` a year after the first event, on the same history
    recorded as it happened: its median seconds, its rows, and a raw SELECT of as many."""
    db = str(work / f"as-recorded-{size}.db")
    made = orjson.loads(run([sys.executable, "-m", "bench.as_recorded", str(source), db]).stdout)
    moment = datetime.fromisoformat(made["first_recorded"]) + timedelta(days=365)
    answer = orjson.loads(
        run(
            [sys.executable, "-m", "bench.asof_query", "--known-at", db, moment.isoformat(),
             str(QUERIES)]
        ).stdout
    )["known_at"]  # fmt: skip
    rows = int(statistics.median(answer["rows"]))
    raw = statistics.median(limits.raw_select_seconds(db, rows) for _ in range(QUERIES))
    print(f"    known-at {statistics.median(answer['seconds']) * 1000:.1f} ms", file=sys.stderr)
    return statistics.median(answer["seconds"]), rows, raw


def rebuild_command() -> list[str]:
    """`rebuild` when the ledger has projection tables; else a full replay to the register."""
    from cli.main import main

    if "rebuild" in main.commands:
        return ["rebuild"]
    return ["register", "--format", "jsonl"]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--full", action="store_true", help="include 1,000,000 events")
    parser.add_argument("--sizes", type=int, nargs="+", help="event counts to measure")
    parser.add_argument("--keep", metavar="DIR", help="keep the histories and ledgers in DIR")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="also import and query each history on this PostgreSQL server (a schema of "
        "its own, dropped afterwards), e.g. postgresql://postgres@127.0.0.1:5432/test",
    )
    parser.add_argument(
        "--compare", nargs=2, metavar=("OLD", "NEW"), help="print two --json runs side by side"
    )
    options = parser.parse_args()
    if options.compare:
        old, new = (orjson.loads(Path(p).read_bytes()) for p in options.compare)
        print(compare(old, new))
        return
    sizes = options.sizes or (FULL_SIZES if options.full else DEFAULT_SIZES)
    work = Path(options.keep or tempfile.mkdtemp(prefix="govledger-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(
        f"govledger bench: {', '.join(f'{s:,}' for s in sizes)} events in {work}", file=sys.stderr
    )
    try:
        rows = [measure(size, work, options.postgres) for size in sizes]
        cli = command_times(work)
    finally:
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(table(rows, cli, rebuild_command()[0], sqlite3.sqlite_version))
    if options.json:
        about = {"sqlite": sqlite3.sqlite_version, "commit": commit(), "when": time.time()}
        Path(options.json).write_bytes(
            orjson.dumps(as_json(rows, cli, about), option=orjson.OPT_INDENT_2)
        )


def commit() -> str | None:
    import subprocess

    found = subprocess.run(
        ["git", "-C", str(Path(__file__).parent), "rev-parse", "HEAD"], capture_output=True
    )
    return found.stdout.decode().strip() or None


if __name__ == "__main__":
    main()
