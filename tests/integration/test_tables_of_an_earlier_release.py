"""A ledger whose projection tables an earlier release made (no releases table, no release
column on versions): read as they are by the questions they answer, made again by the
next catch-up or by a question that needs what they lack, and named by verify."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cli.main import main
from tests.conftest import SEED, new_ledger


def cli(db: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", db, *args], env={"GOVLEDGER_ACTOR": "SECAS"})


@pytest.fixture
def earlier(tmp_path: Path) -> str:
    db = new_ledger(tmp_path / "events.db")
    assert cli(db, "import", str(SEED)).exit_code == 0
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE releases")
        conn.execute("ALTER TABLE versions DROP COLUMN release")
    conn.close()
    return db


def test_a_question_the_earlier_tables_answer_leaves_the_file_as_it_was(earlier: str) -> None:
    before = Path(earlier).read_bytes()
    result = cli(earlier, "register", "--open", "--format", "jsonl")
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 26
    assert cli(earlier, "code", "SEC", "--format", "jsonl").exit_code == 0
    assert Path(earlier).read_bytes() == before


def test_verify_names_what_the_earlier_tables_lack(earlier: str) -> None:
    result = cli(earlier, "verify", "--projections")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == (
        "projection tables differ from the events: they were made by an earlier release of "
        "govledger, without the versions table's column release (govledger rebuild makes "
        "them again)"
    )


def test_a_question_that_needs_what_they_lack_has_them_made_again(earlier: str) -> None:
    result = cli(earlier, "releases", "--format", "jsonl")
    assert (result.exit_code, result.stdout) == (0, "")
    assert cli(earlier, "verify", "--projections").exit_code == 0


def test_project_makes_them_again_and_says_so(earlier: str) -> None:
    result = cli(earlier, "project")
    assert (result.exit_code, result.stdout) == (
        0,
        "The tables were made by an earlier release of govledger: made again.\n"
        "Projected 39 events: the tables are up to date at event 39.\n",
    )
    assert cli(earlier, "project").stdout == (
        "Nothing to project: the tables are up to date at event 39.\n"
    )
