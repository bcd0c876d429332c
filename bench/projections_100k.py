"""Rebuild time and an as-of register query on a synthetic history of 100,000 events.

python -m bench.projections_100k [EVENTS]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic import register_synthetic_codes, write


def main(events: int = 100_000) -> None:
    register_synthetic_codes()
    from ledger.application import GovLedger
    from projections.projector.catchup import rebuild
    from projections.tables.read import connect

    with tempfile.TemporaryDirectory() as folder:
        source, db = str(Path(folder) / "h.jsonl"), str(Path(folder) / "events.db")
        count, _ = write(source, events)
        made = [sys.executable, "-m", "bench.import_synthetic", "--db", db, "init"]
        subprocess.run(made, check=True)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bench.import_synthetic", "--db", db, "import", source],
            check=True,
        )
        print(f"import of {count} events (with catch-up): {time.perf_counter() - started:.1f} s")
        app = GovLedger(db)
        started = time.perf_counter()
        rebuilt = rebuild(app)
        seconds = time.perf_counter() - started
        print(f"rebuild: {rebuilt} events in {seconds:.1f} s ({rebuilt / seconds:,.0f} events/s)")
        app.close()
        tables = connect(db)
        timings, rows = [], 0
        for year in range(1992, 2020):
            started = time.perf_counter()
            rows = len(tables.register(f"{year}-06-30", None))
            timings.append(time.perf_counter() - started)
        print(
            f"as-of register query: median {statistics.median(timings) * 1000:.1f} ms, "
            f"max {max(timings) * 1000:.1f} ms ({rows} rows on the last date)"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
