"""The same history on PostgreSQL, in the same run: its import and its as-of register,
measured as on SQLite, in a schema of its own that is dropped afterwards."""

from __future__ import annotations

import statistics
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import orjson

from bench.child import govledger, run


@dataclass(frozen=True)
class OnPostgres:
    import_seconds: float
    import_peak_mb: float
    query_median: float


@contextmanager
def fresh_schema(url: str) -> Iterator[str]:
    import psycopg

    schema = f"govledger_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{url}?schema={schema}"
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def measure(url: str, source: Path, first: str, last: str, queries: int) -> OnPostgres:
    """Import `source` into a fresh schema and time the as-of register there, as
    `bench.asof_query` times it on SQLite."""
    with fresh_schema(url) as db:
        imported = run(govledger(db, "import", str(source)))
        argv = [sys.executable, "-m", "bench.asof_query", db, first, last, str(queries)]
        answer = orjson.loads(run(argv).stdout)
    return OnPostgres(
        import_seconds=imported.seconds,
        import_peak_mb=imported.peak_rss_mb,
        query_median=statistics.median(answer["seconds"]),
    )
