"""One CLI command end to end, as a user runs it, against `python -c pass` on the same machine."""

from __future__ import annotations

import shutil
import statistics
import sys
from pathlib import Path

from bench.child import run

SEED = Path(__file__).resolve().parent.parent / "events.db"
RUNS = 9
DECISION = ["imr", "SECMP0031", "--outcome", "accepted", "--path", "3", "--route", "refinement",
            "--on", "2017-04-21"]  # fmt: skip


def govledger_script() -> list[str]:
    script = Path(sys.executable).parent / "govledger"
    return [str(script)] if script.exists() else [sys.executable, "-m", "cli"]


def command_times(work: Path) -> dict[str, float]:
    """Median seconds of `python -c pass`, `register --open` and recording one decision."""
    ledger = work / "seed.db"
    shutil.copyfile(SEED, ledger)
    command = [*govledger_script(), "--db", str(ledger), "--actor", "bench"]
    run([*command, "register", "--open"])  # compiles the bytecode every later run loads
    python = [run([sys.executable, "-c", "pass"]).seconds for _ in range(RUNS)]
    read = [run([*command, "register", "--open"]).seconds for _ in range(RUNS)]
    record = []
    for _ in range(RUNS):
        for suffix in ("-wal", "-shm"):
            Path(f"{ledger}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(SEED, ledger)
        record.append(run([*command, *DECISION]).seconds)
    return {
        "python": statistics.median(python),
        "read": statistics.median(read),
        "record": statistics.median(record),
    }
