"""`python -m bench.prove`: what the Merkle tree costs an import, and how fast `prove` is.

Imports one synthetic history twice, back to back in one run: with the tree (this
checkout) and without it (`--before DIR`, a checkout of the release before the tree,
put first on PYTHONPATH), then times inclusion and consistency proofs on the ledger
with the tree, in process (the proof's own reads) and as the `prove` command.

    python -m bench.prove --events 100000 --before /tmp/govledger-before
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.child import govledger, run
from bench.synthetic import write


def imported(db: str, source: str, before: str | None) -> float:
    env = dict(os.environ)
    if before is not None:
        env["PYTHONPATH"] = before + os.pathsep + str(Path(__file__).resolve().parent.parent)
    if before is None:  # this release records only into a ledger made with init
        subprocess.run(govledger(db, "init"), check=True, capture_output=True)
    started = time.perf_counter()
    subprocess.run(  # from the ledger's folder: `python -m` puts the cwd first on the path
        govledger(db, "import", source),
        env=env,
        cwd=Path(db).parent,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--before", help="a checkout of the release before the tree")
    parser.add_argument("--proofs", type=int, default=200)
    args = parser.parse_args()
    from ledger import merkle
    from ledger.application import GovLedger

    with tempfile.TemporaryDirectory() as work:
        source = str(Path(work) / "history.jsonl")
        write(source, args.events)
        times = {}
        for name, before in (("without the tree", args.before), ("with the tree", None)):
            if name == "without the tree" and before is None:
                continue
            db = str(Path(work) / f"{name.replace(' ', '-')}.db")
            times[name] = imported(db, source, before)
        db = str(Path(work) / "with-the-tree.db")
        app = GovLedger(db)
        recorder = app.recorder
        size = recorder.tree_size()
        for name, seconds in times.items():
            rate = size / seconds
            print(f"import {size:,} events {name}: {seconds:.1f} s ({rate:,.0f} events/s)")
        rng = random.Random(7)
        inclusion, consistency = [], []
        for _ in range(args.proofs):
            index = rng.randrange(size)
            started = time.perf_counter()
            recorder.tree_compute(
                size, lambda get, i=index: (merkle.inclusion(get, i, size), merkle.root(get, size))
            )
            inclusion.append(time.perf_counter() - started)
            first = rng.randrange(1, size)
            started = time.perf_counter()
            recorder.tree_compute(size, lambda get, m=first: merkle.consistency(get, m, size))
            consistency.append(time.perf_counter() - started)
        ms = lambda xs: f"median {statistics.median(xs) * 1000:.2f} ms, max {max(xs) * 1000:.2f} ms"  # noqa: E731
        print(f"inclusion proof at {size:,} (reads and arithmetic): {ms(inclusion)}")
        print(f"consistency proof at {size:,} (reads and arithmetic): {ms(consistency)}")
        from bench.trust_costs import sample_ids

        ids = sample_ids(db, args.proofs)
        lookups, prefixes = [], []
        for event_id in ids:
            started = time.perf_counter()
            assert recorder.linked_event_with_id(event_id) is not None
            lookups.append(time.perf_counter() - started)
            started = time.perf_counter()
            assert app.resolve_event_id(event_id[:8]) == event_id
            prefixes.append(time.perf_counter() - started)
        print(f"an event found by id at {size:,} (in process): {ms(lookups)}")
        print(f"an event found by an 8-character prefix at {size:,} (in process): {ms(prefixes)}")
        app.close()
        for event_id in (ids[0], ids[0][:8]):
            command = run(govledger(db, "prove", event_id, "--format", "json"))
            print(f"govledger prove {event_id} at {size:,} (whole command, lookup included): "
                  f"{command.seconds * 1000:.0f} ms")  # fmt: skip
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        print(f"python -c pass: {(time.perf_counter() - started) * 1000:.0f} ms")


if __name__ == "__main__":
    sys.exit(main())
