"""One writer of a concurrent workload: `python bench/workload.py DB WORKER COMMANDS [WORKERS]`.

Run several at once on the same ledger (after `prepare`). Each records COMMANDS
decisions through the application: a quarter submit its own proposals, a
quarter schedule steps on those, a quarter schedule steps on one proposal all
writers share (SECMP0900), and a quarter suspend or resume another shared
proposal (SECMP0901), whichever its status allows when the writer looks, so
writers race and some steps become illegal by the time they are saved.
Prints a JSON summary: how many were recorded, how many refused and why.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import orjson

from ledger.application import GovLedger
from ledger.domain.errors import LedgerError

SHARED, TOGGLED = "SECMP0900", "SECMP0901"
ON = "2017-06"


def prepare(db: str) -> int:
    """The shared proposals; returns how many events that recorded."""
    app = GovLedger(db)
    for pid in (SHARED, TOGGLED):
        app.record("submitted", "SEC", pid, title=f"Shared {pid}", proposer="P", on=ON, actor="a")
    app.close()
    return 2


def own_id(worker: int, commands: int, k: int) -> str:
    return f"SECMP{1000 + worker * (commands // 4 + 1) + k}"


def run(db: str, worker: int, commands: int) -> dict[str, Any]:
    app = GovLedger(db)
    actor = f"writer {worker}"
    recorded = refused = shared = 0
    refusals: list[str] = []
    latencies: list[float] = []
    own = ""
    for i in range(commands):
        started = time.perf_counter()
        try:
            if i % 4 == 0:
                own = own_id(worker, commands, i // 4)
                app.record("submitted", "SEC", own, title="T", proposer="P", on=ON, actor=actor)
            elif i % 4 == 1:
                app.record("scheduled", "SEC", SHARED, what=f"{actor} {i}", on=ON, actor=actor)
                shared += 1
            elif i % 4 == 2:
                status = app.proposal("SEC", TOGGLED).state.status
                if status == "Suspended":
                    app.record("resumed", "SEC", TOGGLED, on=ON, actor=actor)
                else:
                    app.record("suspended", "SEC", TOGGLED, directed_by="BEIS", on=ON, actor=actor)
            else:
                app.record("scheduled", "SEC", own, what=f"{actor} {i}", on=ON, actor=actor)
            recorded += 1
        except LedgerError as error:
            refused += 1
            refusals.append(str(error))
        latencies.append(time.perf_counter() - started)
    app.close()
    return {
        "worker": worker,
        "recorded": recorded,
        "refused": refused,
        "shared_scheduled": shared,
        "refusals": refusals,
        "latencies": latencies,
    }


if __name__ == "__main__":
    db, worker, commands = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    sys.stdout.write(orjson.dumps(run(db, worker, commands)).decode() + "\n")
