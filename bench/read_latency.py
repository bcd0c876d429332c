"""Read latency at a random date on histories of several sizes: flat is the goal.

`python -m bench.read_latency [--sizes 10000 100000] [--queries 50] [--work DIR]`
generates and imports each history (kept in --work and reused when there),
then times in one process, through the CLI, at random dates of the history:
`register --open --code SEC --as-of`, `show ID --as-of` of a random proposal,
`code SEC --as-of` and `diff` over 90 days. Prints median and 99th percentile
milliseconds per command and size, the ratio of the largest size to the
smallest, and the read start-up against `python -c pass` on the seed ledger.
"""

from __future__ import annotations

import argparse
import bisect
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from bench.child import govledger, run
from bench.endtoend import SEED, govledger_script
from bench.synthetic import START, write
from ledger.domain.ids import is_proposal, split_id

Ask = Callable[[random.Random, date], list[str]]


def prepared(size: int, work: Path) -> str:
    """A ledger of `size` synthetic events, imported (and its tables caught up) once."""
    db = work / f"ledger-{size}.db"
    if not db.exists():
        source = work / f"history-{size}.jsonl"
        write(str(source), size)
        began = time.perf_counter()
        run(govledger(str(db), "init"))
        run(govledger(str(db), "import", str(source)))
        print(f"  imported {size:,} events in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    return str(db)


def span(db: str) -> tuple[date, date, list[tuple[str, str, str]]]:
    """The valid dates the history covers, and when each proposal (code, id) began."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        query = "SELECT MIN(effective), MAX(effective) FROM ledger_events"
        first, last = conn.execute(query).fetchone()
        proposals = sorted(
            (began, *split_id(entity))
            for entity, began in conn.execute(
                "SELECT entity, MIN(effective) FROM ledger_events GROUP BY entity"
            )
            if is_proposal(entity)
        )
    return date.fromisoformat(first), min(date.fromisoformat(last), date.today()), proposals


def asks(proposals: list[tuple[str, str, str]]) -> dict[str, Ask]:
    def register(_: random.Random, on: date) -> list[str]:
        return ["register", "--open", "--code", "SEC", "--as-of", on.isoformat()]

    def show(rng: random.Random, on: date) -> list[str]:
        begun = bisect.bisect_right(proposals, (on.isoformat(), "~"))
        _, code, subject = proposals[rng.randrange(max(begun, 1))]
        return ["show", subject, "--code", code, "--as-of", on.isoformat()]

    def code(_: random.Random, on: date) -> list[str]:
        return ["code", "SEC", "--as-of", on.isoformat()]

    def diff(_: random.Random, on: date) -> list[str]:
        return ["diff", "--from", (on - timedelta(days=90)).isoformat(), "--to", on.isoformat()]

    return {
        "register --open --as-of": register,
        "show ID --as-of": show,
        "code SEC --as-of": code,
        "diff (90 days)": diff,
    }


def latencies(db: str, queries: int) -> dict[str, list[float]]:
    """Seconds per command; the first of each (imports, caches) is not counted."""
    from click.testing import CliRunner

    from bench.synthetic import register_synthetic_codes
    from cli.main import main as cli

    register_synthetic_codes()
    first, last, proposals = span(db)
    first = max(first, START) + timedelta(days=91)
    runner = CliRunner()
    result: dict[str, list[float]] = {}
    for name, ask in asks(proposals).items():
        rng = random.Random(11)
        times = []
        for i in range(queries + 1):
            on = first + timedelta(days=rng.randint(0, (last - first).days))
            args = ["--db", db, *ask(rng, on), "--format", "jsonl"]
            began = time.perf_counter()
            answer = runner.invoke(cli, args)
            took = time.perf_counter() - began
            if answer.exit_code not in (0, 1) or answer.output.startswith("govledger:"):
                raise SystemExit(f"{' '.join(args)}: {answer.output.strip()}")
            if i:
                times.append(took)
        result[name] = sorted(times)
    return result


def startup(runs: int = 15) -> tuple[float, float]:
    """Median seconds of `python -c pass` and of `register --open` on the seed ledger."""
    command = [*govledger_script(), "--db", str(SEED), "register", "--open"]
    python = [run([sys.executable, "-c", "pass"]).seconds for _ in range(runs)]
    read = [run(command).seconds for _ in range(runs)]
    return statistics.median(python), statistics.median(read)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.read_latency")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--work", type=Path, default=None)
    options = parser.parse_args()
    work = options.work or Path(tempfile.mkdtemp(prefix="govledger-read-"))
    work.mkdir(parents=True, exist_ok=True)
    measured = {size: latencies(prepared(size, work), options.queries) for size in options.sizes}
    smallest, largest = min(measured), max(measured)
    print("| command | " + " | ".join(f"{s:,} events median / p99 ms" for s in measured)
          + f" | median {largest:,} / {smallest:,} |")  # fmt: skip
    print("|---|" + "---:|" * (len(measured) + 1))
    for name in measured[smallest]:
        cells = []
        for times in (m[name] for m in measured.values()):
            p99 = times[min(len(times) - 1, round(0.99 * len(times)))]
            cells.append(f"{ms(statistics.median(times))} / {ms(p99)}")
        ratio = statistics.median(measured[largest][name]) / statistics.median(
            measured[smallest][name]
        )
        print(f"| {name} | {' | '.join(cells)} | {ratio:.2f}x |")
    python, read = startup()
    print(
        f"\n`python -c pass` {ms(python)} ms; `govledger register --open` on the seed "
        f"{ms(read)} ms ({read / python:.1f}x)"
    )


if __name__ == "__main__":
    main()
