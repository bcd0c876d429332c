"""An import killed at any moment leaves nothing or everything of its file, never a part."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson

from tests.conftest import ROOT, SEED, new_ledger
from tests.trust_support import ok

PROPOSALS, STEPS = 2000, 9
SEEDED = 39


def generate(path: Path) -> int:
    with path.open("wb") as file:
        for number in range(2000, 2000 + PROPOSALS):
            pid = f"SECMP{number}"
            file.write(
                orjson.dumps(
                    {
                        "kind": "submitted",
                        "proposal": pid,
                        "title": f"Generated {pid}",
                        "proposer": "P",
                        "on": "2017-05",
                    }
                )
                + b"\n"
            )
            for step in range(STEPS):
                file.write(
                    orjson.dumps(
                        {
                            "kind": "scheduled",
                            "proposal": pid,
                            "what": f"step {step}",
                            "on": "2017-05",
                        }
                    )
                    + b"\n"
                )
    return PROPOSALS * (1 + STEPS)


def event_count(db: str) -> int:
    first = ok("--db", db, "verify").splitlines()[0]
    assert ", chain intact, head " in first, first
    return int(first.split()[0])


def test_an_import_killed_at_random_moments_records_all_or_nothing_and_completes_on_rerun(
    tmp_path: Path,
) -> None:
    db = new_ledger(tmp_path / "events.db")
    ok("--db", db, "import", str(SEED))
    big = tmp_path / "big.jsonl"
    lines = generate(big)
    rng = random.Random(4)
    outcomes = []
    for _ in range(6):
        process = subprocess.Popen(
            [sys.executable, "-m", "cli", "--db", db, "import", str(big)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.2, 2.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        count = event_count(db)
        assert count in (SEEDED, SEEDED + lines)
        outcomes.append((process.returncode, count))
        if count == SEEDED + lines:
            break
    rerun = ok("--db", db, "import", str(big))
    held = event_count(db) - SEEDED
    assert held == lines
    assert rerun in (
        f"Imported {lines:,} events: {lines:,} lines read, 0 of them already in the ledger.\n",
        f"Imported 0 events: {lines:,} lines read, {lines:,} of them already in the ledger.\n",
    )
    events = [orjson.loads(line) for line in ok("--db", db, "events").splitlines()]
    assert len({e["event_id"] for e in events}) == len(events) == SEEDED + lines
    assert any(code == -signal.SIGKILL for code, _ in outcomes)
