"""How long recording one decision from the command line takes, end to end.

Builds a ledger of a few hundred events in a temporary directory (the seed
history, then proposals in the Report Phase), then runs `govledger vote ...`
as a subprocess, a different proposal each time, and prints the median and
95th percentile wall time.

    python bench/record_latency.py [--proposals 100] [--runs 20] [--db postgresql://...]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "sec-update-2017-04-10.jsonl"
FIRST = 100  # SECMP0100 onwards: ids the seed does not use


def govledger() -> list[str]:
    script = Path(sys.executable).with_name("govledger")
    if script.exists():
        return [str(script)]
    found = shutil.which("govledger")
    return [found] if found else [sys.executable, "-m", "cli"]


def proposals_in_report_phase(count: int) -> bytes:
    lines = []
    for n in range(FIRST, FIRST + count):
        pid = f"SECMP{n:04d}"
        common = {"code": "SEC", "proposal": pid, "actor": "bench"}
        lines += [
            {
                **common,
                "kind": "submitted",
                "title": f"Change {n}",
                "proposer": "DCC",
                "on": "2017-05-02",
            },
            {
                **common,
                "kind": "imr_considered",
                "outcome": "accepted",
                "path": "3",
                "route": "report",
                "on": "2017-05-19",
            },
            {**common, "kind": "consultation_issued", "deadline": "2017-07-24", "on": "2017-07-03"},
        ]
    return b"\n".join(orjson.dumps(line) for line in lines) + b"\n"


def run(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.strip()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--proposals", type=int, default=100, help="proposals to add (3 events each)"
    )
    parser.add_argument("--runs", type=int, default=20, help="votes to time")
    parser.add_argument("--db", help="a postgresql:// URL with an empty ?schema= (default: SQLite)")
    args = parser.parse_args()
    if args.runs > args.proposals:
        parser.error("--runs cannot exceed --proposals: each run votes on its own proposal")

    with tempfile.TemporaryDirectory() as work:
        db = args.db or str(Path(work) / "events.db")
        env = {**os.environ, "GOVLEDGER_DB": db, "GOVLEDGER_ACTOR": "bench"}
        extra = Path(work) / "proposals.jsonl"
        extra.write_bytes(proposals_in_report_phase(args.proposals))
        cli = govledger()
        run([*cli, "init"], env)
        run([*cli, "import", str(SEED)], env)
        run([*cli, "import", str(extra)], env)
        events = subprocess.run(
            [*cli, "events"], env=env, capture_output=True, check=True
        ).stdout.count(b"\n")

        times = []
        for n in range(FIRST, FIRST + args.runs):
            vote = [*cli, "vote", f"SECMP{n:04d}", "--outcome", "approve", "--on", "2017-08-23"]
            times.append(run(vote, env))

    modules = "cli.main, ledger.application" + (", eventsourcing.postgres" if args.db else "")
    imports = [sys.executable, "-c", f"import {modules}"]
    floor = [run(imports, env) for _ in range(args.runs)]

    store = "PostgreSQL" if args.db else "SQLite file"
    print(f"govledger vote, end to end as a subprocess, {store}, ledger of {events} events:")
    print(f"  {summary(times)}")
    print(
        f"of which starting Python and importing govledger (no ledger opened):\n  {summary(floor)}"
    )
    print(f"load average while measuring: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    ms = lambda t: f"{t * 1000:.0f} ms"  # noqa: E731
    return (
        f"runs {len(ordered)}  median {ms(statistics.median(ordered))}  p95 {ms(p95)}  "
        f"min {ms(ordered[0])}  max {ms(ordered[-1])}"
    )


if __name__ == "__main__":
    main()
