"""The time-travel register queries, timed in one process, the first query (imports,
caches) not counted:

- `python -m bench.asof_query DB FIRST LAST COUNT`: `register --open --code SEC --as-of
  DATE` for COUNT random dates from FIRST to LAST;
- `python -m bench.asof_query --known-at DB MOMENT COUNT`: `register --open --code SEC
  --known-at MOMENT`, and the same `--as-of` the day of MOMENT, COUNT times each.

Each prints JSON with each query's seconds and rows (`known_at` and `both` for the second).
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

import orjson

REGISTER = ["register", "--open", "--code", "SEC", "--format", "jsonl"]


def timed(db: str, queries: Iterable[list[str]]) -> dict[str, Any]:
    """Each query's seconds and rows, but the first's."""
    from click.testing import CliRunner

    from bench.synthetic import register_synthetic_codes
    from cli.main import main as govledger

    register_synthetic_codes()
    runner = CliRunner()
    seconds: list[float] = []
    rows: list[int] = []
    for i, asked in enumerate(queries):
        began = time.perf_counter()
        result = runner.invoke(govledger, ["--db", db, *REGISTER, *asked])
        took = time.perf_counter() - began
        if result.exit_code != 0:
            raise SystemExit(f"register {' '.join(asked)} failed: {result.output.strip()}")
        if i:
            seconds.append(took)
            rows.append(result.output.count("\n"))
    return {"seconds": seconds, "rows": rows}


def as_of(db: str, first: str, last: str, count: int) -> dict[str, Any]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    rng = random.Random(11)
    days = (start + timedelta(days=rng.randint(0, (end - start).days)) for _ in range(count + 1))
    return timed(db, (["--as-of", on.isoformat()] for on in days))


def known_at(db: str, moment: str, count: int) -> dict[str, Any]:
    day = datetime.fromisoformat(moment).date().isoformat()
    return {
        "known_at": timed(db, (["--known-at", moment] for _ in range(count + 1))),
        "both": timed(db, (["--as-of", day, "--known-at", moment] for _ in range(count + 1))),
    }


if __name__ == "__main__":
    if sys.argv[1] == "--known-at":
        answer = known_at(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        answer = as_of(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
    sys.stdout.write(orjson.dumps(answer).decode())
