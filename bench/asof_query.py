"""The as-of register query, timed in one process: `register --open --code SEC --as-of DATE`.

Run as a child: `python -m bench.asof_query DB FIRST LAST COUNT`; prints JSON with
each query's seconds and rows. The first query (imports, caches) is not counted.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta

import orjson


def main(db: str, first: str, last: str, count: int) -> None:
    from click.testing import CliRunner

    from bench.synthetic import register_synthetic_codes
    from cli.main import main as govledger

    register_synthetic_codes()
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    rng = random.Random(11)
    runner = CliRunner()
    seconds, rows = [], []
    for i in range(count + 1):
        on = start + timedelta(days=rng.randint(0, (end - start).days))
        args = ["--db", db, "register", "--open", "--code", "SEC"]
        args += ["--as-of", on.isoformat(), "--format", "jsonl"]
        began = time.perf_counter()
        result = runner.invoke(govledger, args)
        took = time.perf_counter() - began
        if result.exit_code != 0:
            raise SystemExit(f"register --as-of {on} failed: {result.output.strip()}")
        if i:
            seconds.append(took)
            rows.append(result.output.count("\n"))
    sys.stdout.write(orjson.dumps({"seconds": seconds, "rows": rows}).decode())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
