"""What the Python API's tests share: the command line's JSON answer to compare with, and
a copy of the committed seed ledger opened through the API."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from click.testing import CliRunner, Result

import govledger
from cli.main import main
from tests.conftest import ROOT


def invoke(db: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", db, *args], env={"GOVLEDGER_ACTOR": "SECAS"})


def cli_json(db: str, *args: str) -> Any:
    result = invoke(db, *args, "--format", "json")
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return orjson.loads(result.stdout)


def cli_refusal(db: str, *args: str) -> str:
    result = invoke(db, *args)
    assert result.exit_code == 2, result.output
    return result.stderr.removeprefix("govledger: ").strip()


def seed_copy(tmp_path: Path) -> Iterator[tuple[str, govledger.Ledger]]:
    """A copy of the committed seed ledger, opened through the API (closed afterwards)."""
    copy = str(tmp_path / "seed.db")
    shutil.copy(ROOT / "events.db", copy)
    with govledger.open(copy, actor="SECAS") as ledger:
        yield copy, ledger


def without_ids(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    gone = ("event_id", "recorded_at", "position")
    return [{k: v for k, v in r.items() if k not in gone} for r in rows]
