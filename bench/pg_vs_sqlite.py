"""Recording and reading on PostgreSQL next to SQLite, on the same generated history.

For each store: an import of a generated file (events per second, through the
application), the first read after it (which brings the read model up to
date), one recording command's latency and an as-of register query (both
through the CLI in this process, so without Python's start-up), and reading
every event back. The PostgreSQL ledger lives in a schema of its own, dropped
afterwards.

    python -m bench.pg_vs_sqlite [--events 3000] [--runs 15]
        [--postgres postgresql://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import orjson
from click.testing import CliRunner

from bench.postgres_run import fresh_schema
from bench.synthetic import register_synthetic_codes, write
from cli.main import main as govledger
from ledger.application import GovLedger
from ledger.interchange.lines import parse_lines


def cli(*args: str) -> str:
    result = CliRunner().invoke(govledger, list(args))
    if result.exit_code != 0:
        raise SystemExit(f"govledger {' '.join(args)}: {result.output}")
    return result.output


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def timed_cli(*args: str) -> float:
    return timed(lambda: cli(*args))


def median_ms(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def measure(db: str, data: bytes, runs: int) -> dict[str, str]:
    lines = parse_lines(data)
    app = GovLedger(db)
    seconds = timed(lambda: app.import_lines(lines, "bench"))
    count = len(list(app.read_events()))
    app.close()
    figures = {
        "import": f"{len(lines)} lines, {count} events in {seconds:.2f} s: "
        f"{count / seconds:.0f} events/s"
    }

    first = timed(lambda: cli("--db", db, "register", "--open", "--format", "jsonl"))
    figures["first read (read model caught up)"] = f"{first * 1000:.0f} ms"
    rows = cli("--db", db, "register", "--open", "--code", "SEC", "--format", "jsonl")
    open_ids = [orjson.loads(row)["id"] for row in rows.splitlines()]
    if not open_ids:
        raise SystemExit("the generated history leaves no SEC proposal open")

    def pick(i: int) -> str:
        return open_ids[i % len(open_ids)]

    record = [
        timed_cli("--db", db, "--actor", "bench", "schedule", pick(i), "--what", f"Panel item {i}",
                  "--on", "2030-01-01")
        for i in range(runs)
    ]  # fmt: skip
    figures["one recording command (schedule)"] = median_ms(record)
    years = [1995 + (i * 7) % 25 for i in range(runs)]
    as_of = [
        timed_cli("--db", db, "register", "--open", "--as-of", f"{y}-06-30", "--format", "jsonl")
        for y in years
    ]
    figures["as-of register query"] = median_ms(as_of)
    show = [timed_cli("--db", db, "show", pick(i)) for i in range(runs)]
    figures["show one proposal"] = median_ms(show)
    app = GovLedger(db)
    reading = timed(lambda: sum(1 for _ in app.read_events()))
    app.close()
    figures["read every event"] = f"{count / reading:.0f} events/s"
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    options = parser.parse_args()
    register_synthetic_codes()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "history.jsonl"
        write(str(source), options.events)
        data = source.read_bytes()
        results = {"SQLite": measure(str(Path(tmp) / "events.db"), data, options.runs)}
        with fresh_schema(options.postgres) as url:
            results["PostgreSQL"] = measure(url, data, options.runs)
    for what in results["SQLite"]:
        print(what)
        for store, figures in results.items():
            print(f"  {store:<11} {figures[what]}")


if __name__ == "__main__":
    main()
