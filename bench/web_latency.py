"""The web view's register page against the CLI's answer to the same question.

`python -m bench.web_latency [--events 100000] [--dates 50] [--work DIR]` generates and
imports a synthetic history (kept in --work and reused when there), serves it with
`govledger serve`'s application in this process (uvicorn, on a free port of 127.0.0.1),
and at the same random dates times: the register page over HTTP
(`/SEC/register/DATE?open=1`, HTML), its CSV download, the CLI's answer in process
(`register --open --code SEC --as-of DATE`, as bench.asof_query runs it) and the CLI as a
user runs it (a new process each time). Prints median and 99th percentile milliseconds
and each against the CLI (target: the page within 3x of the CLI's answer).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from bench.child import govledger, run
from bench.read_latency import prepared, span
from bench.synthetic import START

TARGET = 3.0


def dates(db: str, count: int) -> list[date]:
    first, last, _ = span(db)
    first = max(first, START) + timedelta(days=91)
    rng = random.Random(11)
    return [first + timedelta(days=rng.randint(0, (last - first).days)) for _ in range(count)]


def timed(ask: Callable[[date], object], days: list[date]) -> list[float]:
    """Seconds of each answer; one answer first, not counted (imports, caches)."""
    ask(days[0])
    seconds = []
    for day in days:
        began = time.perf_counter()
        ask(day)
        seconds.append(time.perf_counter() - began)
    return sorted(seconds)


def page(site: str, suffix: str = "") -> Callable[[date], object]:
    def ask(day: date) -> bytes:
        with urllib.request.urlopen(f"{site}/SEC/register/{day}{suffix}?open=1") as answer:
            body: bytes = answer.read()
            if answer.status != 200:
                raise SystemExit(f"the register page of {day} answered {answer.status}")
            return body

    return ask


def in_process(db: str) -> Callable[[date], object]:
    from click.testing import CliRunner

    from cli.main import main as cli

    runner = CliRunner()

    def ask(day: date) -> str:
        args = ["--db", db, "register", "--open", "--code", "SEC", "--as-of", day.isoformat()]
        result = runner.invoke(cli, [*args, "--format", "csv"])
        if result.exit_code:
            raise SystemExit(f"register --as-of {day}: {result.output.strip()}")
        return result.output

    return ask


def child(db: str) -> Callable[[date], object]:
    def ask(day: date) -> bytes:
        args = ["register", "--open", "--code", "SEC", "--as-of", day.isoformat()]
        return run(govledger(db, *args, "--format", "csv")).stdout

    return ask


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def p99(times: list[float]) -> float:
    return times[min(len(times) - 1, round(0.99 * len(times)))]


def main() -> None:
    from bench.synthetic import register_synthetic_codes
    from govledger.web.server import served

    parser = argparse.ArgumentParser(prog="python -m bench.web_latency")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--dates", type=int, default=50)
    parser.add_argument("--work", type=Path, default=None)
    options = parser.parse_args()
    work = options.work or Path(tempfile.mkdtemp(prefix="govledger-web-"))
    work.mkdir(parents=True, exist_ok=True)
    db = prepared(options.events, work)
    register_synthetic_codes()
    days = dates(db, options.dates)
    with served(Path(db)) as site:
        measured = {
            "register page (HTML)": timed(page(site), days),
            "register download (.csv)": timed(page(site, ".csv"), days),
        }
    cli = timed(in_process(db), days)
    user = timed(child(db), days)
    measured |= {"CLI answer, in process": cli, "CLI, a new process each time": user}
    print(f"{options.events:,} events, {len(days)} dates, SQLite {sqlite_version()}")
    print("| answer | median ms | p99 ms | median / CLI in process | median / CLI process |")
    print("|---|---:|---:|---:|---:|")
    for name, times in measured.items():
        median = statistics.median(times)
        against = median / statistics.median(cli)
        against_user = median / statistics.median(user)
        print(
            f"| {name} | {ms(median)} | {ms(p99(times))} | {against:.2f}x | {against_user:.2f}x |"
        )
    ratio = statistics.median(measured["register page (HTML)"]) / statistics.median(cli)
    verdict = "meets" if ratio <= TARGET else "misses"
    print(
        f"\nThe page is {ratio:.2f}x the CLI's answer in process: {verdict} the {TARGET:g}x target."
    )


def sqlite_version() -> str:
    import sqlite3

    return sqlite3.sqlite_version


if __name__ == "__main__":
    sys.exit(main())
