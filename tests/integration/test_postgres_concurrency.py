"""Several administrators recording at once from their own processes: on either store,
every command is either recorded or refused in one line, and nothing is lost."""

from __future__ import annotations

import subprocess
import sys

import orjson
from click.testing import CliRunner

from cli.main import main
from tests.conftest import ROOT, SEED

WORKERS = 6
ROUNDS = 3

# Each worker runs govledger's commands one after another, each opening the ledger afresh.
WORKER = """
import sys, orjson
from click.testing import CliRunner
from cli.main import main
results = []
for args in orjson.loads(sys.argv[1]):
    result = CliRunner().invoke(main, args)
    results.append({"args": args, "exit": result.exit_code, "output": result.output})
print(orjson.dumps(results).decode())
"""


def commands(db: str, worker: int) -> list[list[str]]:
    own = [
        ["--db", db, "--actor", f"clerk {worker}", "submit", f"SECMP09{worker}{r}",
         "--title", f"Proposal {worker}.{r}", "--proposer", "DCC", "--on", "2017-05-01"]
        for r in range(ROUNDS)
    ]  # fmt: skip
    shared = [
        ["--db", db, "--actor", f"clerk {worker}", "schedule", "SECMP0006",
         "--what", f"Panel item {worker}.{r}", "--on", "2017-05-02"]
        for r in range(ROUNDS)
    ]  # fmt: skip
    once = [
        ["--db", db, "--actor", f"clerk {worker}", "withdraw", "SECMP0033", "--on", "2017-05-03"]
    ]
    return [c for pair in zip(own, shared, strict=True) for c in pair] + once


def events(db: str) -> list[dict[str, object]]:
    out = CliRunner().invoke(main, ["--db", db, "events"]).output
    return [orjson.loads(line) for line in out.splitlines()]


def test_concurrent_writers_lose_nothing_and_refuse_in_one_line(db: str) -> None:
    CliRunner().invoke(main, ["--db", db, "import", str(SEED)])
    before = len(events(db))
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, orjson.dumps(commands(db, w)).decode()],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
        )
        for w in range(WORKERS)
    ]
    results = []
    for worker in workers:
        out, err = worker.communicate()
        assert worker.returncode == 0, err.decode()
        results.extend(orjson.loads(out))

    recorded = [r for r in results if r["exit"] == 0]
    refused = [r for r in results if r["exit"] != 0]
    for r in refused:
        assert r["exit"] == 2, r
        assert r["output"].startswith("govledger: ") and r["output"].count("\n") == 1, r
    after = events(db)
    assert len(after) == before + len(recorded), [r["output"] for r in refused]
    withdrawals = [r for r in recorded if r["args"][4] == "withdraw"]
    assert len(withdrawals) == 1
    for r in refused:
        if r["args"][4] == "withdraw":
            assert r["output"].startswith("govledger: SECMP0033"), r
    held = {(e["kind"], e.get("what"), e.get("proposal"), e["actor"]) for e in after}
    for r in recorded:
        args = r["args"]
        if args[4] == "schedule":
            assert ("scheduled", args[7], "SECMP0006", args[3]) in held
        if args[4] == "submit":
            assert ("submitted", None, args[5], args[3]) in held
    verified = CliRunner().invoke(main, ["--db", db, "verify"]).stdout
    assert verified.startswith(f"{len(after)} events, chain intact")
