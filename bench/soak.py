"""Soak: several writer processes recording thousands of commands on one ledger, then verify.

    python bench/soak.py [--db PATH_OR_URL] [--workers 8] [--commands 1000]

Each writer runs bench/workload.py (see there for the mix of commands). Prints
what was recorded and refused, throughput, per-command latency and how long
`verify` took over the whole chain; exits 1 if anything was lost or the chain
does not verify.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import workload  # noqa: E402

from ledger.application import GovLedger  # noqa: E402
from ledger.store.audit import audit  # noqa: E402

GAVE_UP = "nothing recorded: other writers"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a SQLite file or postgresql:// URL (default: a new file)")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--commands", type=int, default=1000)
    args = parser.parse_args()
    db = args.db or str(Path(tempfile.mkdtemp(prefix="govledger-soak-")) / "events.db")

    prepared = workload.prepare(db)
    started = time.perf_counter()
    writers = [
        subprocess.Popen(
            [sys.executable, str(HERE / "workload.py"), db, str(w), str(args.commands)],
            stdout=subprocess.PIPE,
        )
        for w in range(args.workers)
    ]
    results = [orjson.loads(w.communicate()[0]) for w in writers]
    elapsed = time.perf_counter() - started

    recorded = sum(r["recorded"] for r in results)
    refusals = [m for r in results for m in r["refusals"]]
    gave_up = sum(GAVE_UP in m for m in refusals)
    latencies = [x for r in results for x in r["latencies"]]
    app = GovLedger(db)
    events = sum(1 for _ in app.read_events())
    checked = time.perf_counter()
    verdict = audit(app.recorder)  # type: ignore[arg-type]
    verify_seconds = time.perf_counter() - checked
    app.close()

    total = args.workers * args.commands
    print(f"store:                {db}")
    print(f"writers x commands:   {args.workers} x {args.commands} = {total}")
    print(f"recorded:             {recorded}")
    print(f"refused by the rules: {len(refusals) - gave_up}")
    print(f"refused after retries:{gave_up:>6}")
    print(f"wall time:            {elapsed:.1f} s ({total / elapsed:.0f} commands/s)")
    print(
        "latency per command:  "
        f"p50 {percentile(latencies, 0.5) * 1000:.1f} ms, "
        f"p95 {percentile(latencies, 0.95) * 1000:.1f} ms, "
        f"p99 {percentile(latencies, 0.99) * 1000:.1f} ms, "
        f"max {max(latencies) * 1000:.0f} ms, mean {statistics.mean(latencies) * 1000:.1f} ms"
    )
    print(f"events in the ledger: {events} (expected {prepared + recorded})")
    print(
        f"verify:               {'intact' if verdict.intact else verdict.found}, "
        f"{verdict.count} links in {verify_seconds:.2f} s"
    )
    return 0 if verdict.intact and events == prepared + recorded == verdict.count else 1


if __name__ == "__main__":
    sys.exit(main())
