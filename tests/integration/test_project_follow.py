"""`govledger project`: the tables caught up once, or following the events as they are
recorded until stopped; here on a SQLite file (PostgreSQL: test_postgres_roles.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main
from ledger.application import GovLedger
from projections.projector.keeper import keep_up
from tests.conftest import ROOT, without_progress


@pytest.fixture
def seed(tmp_path: Path) -> str:
    """A copy of the committed ledger, its tables those of this release."""
    copy = tmp_path / "seed.db"
    shutil.copy(ROOT / "events.db", copy)
    app = GovLedger(str(copy))
    keep_up(app)
    app.close()
    return str(copy)


def record_without_projecting(db: str) -> None:
    app = GovLedger(db)
    app.record("scheduled", "SEC", "SECMP0006", on="2017-05-02", what="Panel", actor="c")
    app.close()


def project(db: str, *options: str) -> str:
    result = CliRunner().invoke(main, ["--db", db, "project", *options])
    assert (result.exit_code, without_progress(result.stderr)) == (0, ""), result.output
    return result.stdout


def test_project_catches_the_tables_up_once(seed: str) -> None:
    record_without_projecting(seed)
    assert project(seed) == "Projected 1 event: the tables are up to date at event 40.\n"
    assert project(seed) == "Nothing to project: the tables are up to date at event 40.\n"


def test_following_stops_after_its_timeout(seed: str) -> None:
    assert project(seed, "--follow", "--timeout", "0.2", "--interval", "0.05") == (
        "Nothing to project: the tables are up to date at event 39.\n"
        "Stopped following: the tables are up to date at event 39.\n"
    )


def test_following_projects_an_event_recorded_meanwhile(seed: str) -> None:
    options = ["--follow", "--interval", "0.05", "--stop-after", "1", "--timeout", "60"]
    keeper = subprocess.Popen(
        [sys.executable, "-m", "cli", "--db", seed, "project", *options],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert keeper.stdout is not None
    first = keeper.stdout.readline()
    assert first == "Nothing to project: the tables are up to date at event 39.\n"
    record_without_projecting(seed)
    out, err = keeper.communicate(timeout=60)
    assert (keeper.returncode, err) == (0, "")
    assert out == (
        "Projected 1 event: the tables are up to date at event 40.\n"
        "Stopped following: the tables are up to date at event 40.\n"
    )
