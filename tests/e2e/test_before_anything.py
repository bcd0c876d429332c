"""A question about a time before anything was recorded, or before anything happened, is
answered: an empty view, exit status 0, and a banner that says why it is empty."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner, Result

from cli.main import main
from ledger.domain.clock import clock
from tests.conftest import ROOT, SEED, new_ledger, without_progress

TABLE_ONE = ROOT / "data" / "sec-update-2017-04-10-table-one.md"
SEEDED = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)  # when the seed was recorded
LATER = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # when SECMP0035 was
NOTHING = (
    "as of 2017-04-10, as known at 2000-01-01T23:59:59+00:00: nothing had been recorded by then"
)
BEFORE = "2000-01-01"


def invoke(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args], env={"COLUMNS": "200"})


def answer(db: Path, *args: str) -> str:
    result = invoke(db, *args)
    assert (result.exit_code, without_progress(result.stderr)) == (0, ""), result.output
    return result.stdout


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed, recorded on 20 November 2026, and SECMP0035 recorded five days later."""
    db = Path(new_ledger(tmp_path_factory.mktemp("before") / "events.db"))
    with clock(lambda: SEEDED):
        answer(db, "--actor", "seed", "import", str(SEED))
    with clock(lambda: LATER):
        answer(
            db, "--actor", "SECAS", "submit", "SECMP0035", "--title", "Section D analysis",
            "--proposer", "British Gas", "--on", "2017-05-02",
        )  # fmt: skip
    return db


def test_the_register_before_anything_was_recorded_is_empty_and_says_so(ledger: Path) -> None:
    out = answer(
        ledger, "register", "--as-of", "2017-04-10", "--known-at", BEFORE, "--format", "table"
    )
    assert out.splitlines()[0] == f"Register {NOTHING}"
    assert out.endswith("(no rows)\n")
    assert answer(ledger, "register", "--as-of", "2017-04-10", "--known-at", BEFORE) == ""


def test_the_open_register_before_anything_was_recorded_is_empty(ledger: Path) -> None:
    out = answer(
        ledger,
        "register",
        "--open",
        "--as-of",
        "2017-04-10",
        "--known-at",
        BEFORE,
        "--format",
        "md",
    )
    assert out == (
        f"Register {NOTHING}\n"
        "| id | title | status | status_since | path | proposer | raised | decided "
        "| implemented_in |\n|---|---|---|---|---|---|---|---|---|\n"
    )


@pytest.mark.parametrize("command", ["show", "history"])
def test_a_proposal_before_anything_was_recorded_was_not_yet_recorded(
    ledger: Path, command: str
) -> None:
    out = answer(
        ledger,
        command,
        "SECMP0006",
        "--as-of",
        "2017-04-10",
        "--known-at",
        BEFORE,
        "--format",
        "table",
    )
    assert out == (
        f"SECMP0006 {NOTHING}\nSECMP0006: not yet recorded as known at 2000-01-01T23:59:59+00:00\n"
    )
    assert answer(ledger, command, "SECMP0006", "--known-at", BEFORE, "--format", "jsonl") == ""
    assert answer(ledger, command, "SECMP0006", "--known-at", BEFORE, "--format", "json") == "[]\n"


@pytest.mark.parametrize("command", ["show", "history"])
def test_a_proposal_recorded_later_was_not_yet_recorded_at_an_earlier_known_at(
    ledger: Path, command: str
) -> None:
    out = answer(
        ledger,
        command,
        "SECMP0035",
        "--as-of",
        "2017-06-01",
        "--known-at",
        "2026-11-21",
        "--format",
        "table",
    )
    assert out == (
        "SECMP0035 as of 2017-06-01, as known at 2026-11-21T23:59:59+00:00: complete to "
        "everything recorded up to 2026-11-20T10:00:00+00:00 (through event 39)\n"
        "SECMP0035: not yet recorded as known at 2026-11-21T23:59:59+00:00\n"
    )


def test_a_proposal_on_a_date_before_its_first_event_had_nothing_happen_to_it(
    ledger: Path,
) -> None:
    out = answer(ledger, "show", "SECMP0034", "--as-of", "2017-03-01", "--format", "table")
    assert out == (
        "SECMP0034 as of 2017-03-01: complete to everything recorded up to "
        "2026-11-25T10:00:00+00:00 (through event 40)\n"
        "SECMP0034: nothing had happened to it by 2017-03-01\n"
    )


@pytest.mark.parametrize("command", ["show", "history"])
def test_a_proposal_the_ledger_never_held_is_not_found(ledger: Path, command: str) -> None:
    result = invoke(ledger, command, "SECMP9999", "--known-at", BEFORE)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "govledger: SECMP9999: not in the ledger\n"


def test_the_code_before_anything_was_recorded_has_no_version_in_force(ledger: Path) -> None:
    out = answer(
        ledger, "code", "SEC", "--as-of", "2017-04-10", "--known-at", BEFORE, "--format", "table"
    )
    assert out == f"SEC code {NOTHING}\nNo version of SEC is recorded as in force on 2017-04-10\n"
    view = orjson.loads(
        answer(ledger, "code", "--as-of", "2017-04-10", "--known-at", BEFORE, "--format", "json")
    )
    assert view == [
        {
            "code": "SEC",
            "as_of": "2017-04-10",
            "in_force": None,
            "since": None,
            "chain": [],
            "sections": [],
            "pending": [],
            "complete_to": f"SEC {NOTHING}",
        }
    ]


def test_the_changes_before_anything_was_recorded_are_none(ledger: Path) -> None:
    out = answer(
        ledger, "diff", "--from", "2017-03-01", "--to", "2017-04-10", "--known-at", BEFORE,
        "--format", "table",
    )  # fmt: skip
    assert out == (
        "Changes from 2017-03-01 to 2017-04-10, as known at 2000-01-01T23:59:59+00:00: "
        "nothing had been recorded by then\n\n(no rows)\n"
    )


def test_a_reconciliation_before_anything_was_recorded_finds_every_row_missing(
    ledger: Path,
) -> None:
    result = invoke(
        ledger, "reconcile", str(TABLE_ONE), "--as-of", "2017-04-10", "--known-at", BEFORE,
        "--format", "json",
    )  # fmt: skip
    assert (result.exit_code, result.stderr) == (1, "")  # an answer: the two registers differ
    [report] = orjson.loads(result.stdout)
    assert (report["agrees"], report["published_rows"]) == (False, 25)
    assert {d["difference"] for d in report["differences"]} == {"missing from the ledger"}
    assert len(report["differences"]) == 25


def test_an_export_before_anything_was_recorded_holds_no_rows(ledger: Path, tmp_path: Path) -> None:
    out = tmp_path / "audit"
    assert answer(ledger, "export", "--out", str(out), "--known-at", BEFORE) == (
        f"Exported 7 tables of 0 events to {out} (csv).\n"
    )
    manifest = json.loads((out / "manifest.json").read_text())
    assert (manifest["events_included"], manifest["last_position"]) == (0, 0)
    assert manifest["known_at"] == "2000-01-01T23:59:59.999999+00:00"
    with (out / "register.csv").open() as file:
        assert len(list(csv.reader(file))) == 1  # the header alone


def test_the_register_before_anything_happened_is_empty_and_says_so(ledger: Path) -> None:
    out = answer(ledger, "register", "--as-of", "2016-12-31", "--format", "table")
    assert out.splitlines()[0] == (
        "Register as of 2016-12-31: nothing had happened by then (the earliest event is of "
        "2017-01-17); complete to everything recorded up to 2026-11-25T10:00:00+00:00 "
        "(through event 40)"
    )
    assert out.endswith("(no rows)\n")


def test_the_code_and_the_changes_before_anything_happened_are_empty(ledger: Path) -> None:
    happened = (
        "nothing had happened by then (the earliest event is of 2017-01-17); complete to "
        "everything recorded up to 2026-11-25T10:00:00+00:00 (through event 40)"
    )
    code = answer(ledger, "code", "SEC", "--as-of", "2000-01-01", "--format", "table")
    assert code.splitlines()[:2] == [
        f"SEC code as of 2000-01-01: {happened}",
        "No version of SEC is recorded as in force on 2000-01-01 (the earliest recorded is "
        "5.5, effective 2017-03-15)",
    ]
    changes = answer(
        ledger, "diff", "--from", "1999-01-01", "--to", "2000-01-01", "--format", "table"
    )
    assert changes == f"Changes from 1999-01-01 to 2000-01-01: {happened}\n\n(no rows)\n"


def test_a_panel_report_before_anything_happened_reports_nothing(ledger: Path) -> None:
    out = answer(ledger, "report", "--as-of", "2000-01-01")
    assert out.startswith("# SEC Update, 1 January 2000\n")
    assert (
        "in relation to the SEC from 2 December 1999 to 1 January 2000, as the ledger records "
        "them: complete to everything it had recorded by 25 November 2026" in out
    )
    assert "No version came into effect in the period." in out
