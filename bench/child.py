"""Running a command in a child process: its wall time and its own peak memory."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss_mb: float
    stdout: bytes


# A child runs as an installed govledger does, from bytecode compiled once, even where the
# environment says not to write it (PYTHONDONTWRITEBYTECODE): kept in a folder of the
# bench's own, never beside the sources.
BYTECODE = tempfile.mkdtemp(prefix="govledger-bench-bytecode-")
CHILD_ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "PYTHONPYCACHEPREFIX": BYTECODE,
}
atexit.register(shutil.rmtree, BYTECODE, True)


def run(argv: list[str]) -> Run:
    """Run argv to completion; a failure stops the benchmark (timing a refusal proves nothing)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=CHILD_ENV
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            sys.stderr.write(err.read().decode(errors="replace"))
            raise SystemExit(f"bench: {' '.join(argv[2:8])} ... failed")
        return Run(seconds, usage.ru_maxrss / 1024, out.read())


def govledger(db: str, *args: str) -> list[str]:
    """The command line of `govledger --db DB ARGS` on a synthetic history."""
    return [sys.executable, "-m", "bench.ledger_cli", "--db", db, *args]
