"""Shell completion of what the ledger holds: proposal ids, and event ids by prefix."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from cli.completion import EVENT_IDS_SHOWN
from cli.main import main
from tests.conftest import ROOT, new_ledger


def completed(*words: str, env: dict[str, str] | None = None) -> list[str]:
    """What bash is offered for the last of `words` (an empty one: a fresh word)."""
    line = ["govledger", *words]
    result = CliRunner().invoke(
        main,
        [],
        prog_name="govledger",
        env={
            "_GOVLEDGER_COMPLETE": "bash_complete",
            "COMP_WORDS": " ".join(line),
            "COMP_CWORD": str(len(line) - 1),
            **(env or {}),
        },
    )
    assert result.exit_code == 0, result.output
    return [row.split(",", 1)[1] for row in result.stdout.splitlines() if row]


@pytest.fixture
def seed(tmp_path: Path) -> str:
    copy = tmp_path / "seed.db"
    shutil.copy(ROOT / "events.db", copy)
    return str(copy)


def event_ids(db: str) -> list[str]:
    result = CliRunner().invoke(main, ["--db", db, "events"])
    return [orjson.loads(line)["event_id"] for line in result.stdout.splitlines()]


def test_a_proposal_id_is_completed_from_the_proposals_the_ledger_holds(seed: str) -> None:
    offered = completed("--db", seed, "show", "SECMP003")
    assert offered == ["SECMP0030", "SECMP0031", "SECMP0032", "SECMP0033", "SECMP0034"]


def test_a_proposal_id_is_completed_in_any_case_for_a_recording_command(seed: str) -> None:
    assert completed("--db", seed, "withdraw", "secmp0006") == ["SECMP0006"]


def test_the_ledger_named_by_the_environment_is_the_one_completed_from(
    seed: str, tmp_path: Path
) -> None:
    other = new_ledger(tmp_path / "other.db")
    CliRunner().invoke(main, ["--db", other, "submit", "SECMP0999", "--on", "2017-05"])
    assert completed("show", "SECMP", env={"GOVLEDGER_DB": other}) == ["SECMP0999"]


def test_an_event_id_is_completed_from_its_first_characters(seed: str) -> None:
    wanted = event_ids(seed)[5]
    assert completed("--db", seed, "correct", wanted[:6]) == [
        event for event in event_ids(seed) if event.startswith(wanted[:6])
    ]
    assert wanted in completed("--db", seed, "cite", wanted[:6])


def test_event_ids_are_offered_latest_first_and_capped(seed: str, tmp_path: Path) -> None:
    db = new_ledger(tmp_path / "many.db")
    for number in range(EVENT_IDS_SHOWN + 5):
        CliRunner().invoke(main, ["--db", db, "submit", f"SECMP{1000 + number}", "--on", "2017-05"])
    offered = completed("--db", db, "retract", "")
    assert offered == list(reversed(event_ids(db)))[:EVENT_IDS_SHOWN]


def test_a_ledger_that_does_not_exist_completes_nothing_and_is_not_created(
    tmp_path: Path,
) -> None:
    assert completed("--db", str(tmp_path / "none.db"), "show", "SEC") == []
    assert not (tmp_path / "none.db").exists()


def test_a_path_is_completed_with_the_paths_of_the_code_given() -> None:
    assert completed("imr", "0678", "--code", "UNC", "--path", "") == [
        "self-governance",
        "fast-track",
        "authority",
    ]
    assert completed("imr", "SECMP0035", "--path", "") == ["1", "2", "3"]


def test_a_code_is_completed_from_the_codes_govledger_knows() -> None:
    assert completed("register", "--code", "") == ["BSC", "SEC", "UNC"]
