"""What the Merkle tree and the index over event ids cost an import, and how long
`prove` (an event found by its id, or a prefix of it) takes as the ledger grows.

The import without them is this repository at the commit before the tree
(`BEFORE_TREE`), taken with `git archive` and put first on PYTHONPATH, importing the
same history into a new file in the same run.
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.child import govledger, run

BEFORE_TREE = "9ce4635de41fe3379b08eccb399c854ad0c5ebd3"
ROOT = Path(__file__).resolve().parent.parent
PROVES = 5


@dataclass(frozen=True)
class TrustCosts:
    prove_seconds: float  # median of the whole `prove ID --format json` command
    prove_prefix_seconds: float  # the same, given an 8-character prefix of the id
    import_without_seconds: float | None  # the same import at BEFORE_TREE (None: not run)


def checkout_before(work: Path) -> Path | None:
    """The repository at BEFORE_TREE, unpacked in `work` (None without git's history)."""
    target = work / "before-tree"
    if target.exists():
        return target
    archive = work / "before-tree.tar"
    made = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "-o", str(archive), BEFORE_TREE],
        capture_output=True,
    )
    if made.returncode != 0:
        return None
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    return target


def import_without_tree(source: Path, work: Path) -> float | None:
    before = checkout_before(work)
    if before is None:
        return None
    with tempfile.TemporaryDirectory(dir=work) as scratch:
        env = {**os.environ, "PYTHONPATH": f"{before}{os.pathsep}{ROOT}"}
        started = time.perf_counter()
        subprocess.run(  # from a folder of its own: `python -m` puts the cwd first
            govledger(str(Path(scratch) / "before.db"), "import", str(source)),
            env=env,
            cwd=scratch,
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - started


def sample_ids(db: str, count: int) -> list[str]:
    from ledger.store.event_ids import sqlite_expression

    with sqlite3.connect(db) as conn:
        total = conn.execute("SELECT max(rowid) FROM stored_events").fetchone()[0]
        rng = random.Random(6962)
        rows = [rng.randrange(1, total + 1) for _ in range(count)]
        expression = sqlite_expression("state")
        return [
            bytes(
                conn.execute(
                    f"SELECT {expression} FROM stored_events WHERE rowid = ?", (row,)
                ).fetchone()[0]
            ).decode()
            for row in rows
        ]


def measure(db: str, source: Path, work: Path, compare_import: bool) -> TrustCosts:
    ids = sample_ids(db, PROVES)
    whole = [run(govledger(db, "prove", i, "--format", "json")).seconds for i in ids]
    prefix = [run(govledger(db, "prove", i[:8], "--format", "json")).seconds for i in ids]
    without = import_without_tree(source, work) if compare_import else None
    return TrustCosts(statistics.median(whole), statistics.median(prefix), without)
