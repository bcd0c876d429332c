"""`govledger schedule --announced` through the command line: what is recorded, refused and
corrected, what `show`, `report` and `export` show on dates before and after the
announcement, and the committed ledger, whose tables predate the announced column."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner, Result

from cli.main import main
from tests.conftest import ROOT, SEED, new_ledger, without_progress
from tests.said import untagged

ACTOR = {"GOVLEDGER_ACTOR": "SECAS"}
VOTE = ("--what", "Change Board vote", "--on", "2017-05-24")
ANNOUNCED = ("--announced", "2017-04-25")
SEED_MEETING = "Initial Modification Report presented to the SEC Panel meeting"


def invoke(db: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", db, *args], env=ACTOR, prog_name="govledger")


def run(db: str, *args: str) -> str:
    result = invoke(db, *args)
    assert (result.exit_code, without_progress(result.stderr)) == (0, ""), result.output
    return untagged(result.stdout)


@pytest.fixture
def seeded(tmp_path: Path) -> str:
    db = new_ledger(tmp_path / "events.db")
    run(db, "import", str(SEED))
    return db


def pending(db: str, proposal: str, as_of: str) -> list[str]:
    shown = orjson.loads(run(db, "show", proposal, "--as-of", as_of, "--format", "json"))[0]
    return [t["what"] for t in shown["timeline"] if t["what"].startswith("pending")]


def coming_up(db: str, as_of: str) -> str:
    report = run(db, "report", "--as-of", as_of, "--since", "2017-04-01")
    return report.split("## 4. Coming Up\n\n", 1)[1].rstrip("\n")


def count(db: str) -> int:
    return len(run(db, "events").splitlines())


def test_a_schedule_is_recorded_with_its_announcement_date(seeded: str) -> None:
    out = run(seeded, "schedule", "SECMP0006", *VOTE, "--announced", "2017-04-28")
    assert out == "Recorded SECMP0006 scheduled on 2017-05-24; status still Report Phase.\n"
    last = orjson.loads(run(seeded, "events").splitlines()[-1])
    assert (last["on"], last["announced"]) == ("2017-05-24", "2017-04-28")


def test_show_before_the_announcement_has_nothing_pending_and_after_it_the_schedule(
    seeded: str,
) -> None:
    run(seeded, "schedule", "SECMP0006", *VOTE, "--announced", "2017-04-28")
    assert pending(seeded, "SECMP0006", "2017-04-27") == []
    assert pending(seeded, "SECMP0006", "2017-04-28") == [
        "pending: scheduled: Change Board vote (announced 2017-04-28)"
    ]
    assert pending(seeded, "SECMP0006", "2017-05-24") == []


def test_the_seeds_meeting_whose_announcement_no_source_gives_is_pending_and_says_so(
    seeded: str,
) -> None:
    assert pending(seeded, "SECMP0034", "2017-04-10") == [
        f"pending: scheduled: {SEED_MEETING} (announcement date not recorded)"
    ]


def test_the_reports_coming_up_lists_only_what_had_been_announced_by_its_date(
    seeded: str,
) -> None:
    run(seeded, "schedule", "SECMP0006", *VOTE, "--announced", "2017-04")
    assert coming_up(seeded, "2017-04-29") == (
        "Nothing announced by the report's date is scheduled after it."
    )
    assert coming_up(seeded, "2017-04-30") == (
        "- SECMP0006: Change Board vote, 24 May 2017; announced April 2017."
    )
    assert coming_up(seeded, "2017-04-10") == (
        f"- SECMP0034: {SEED_MEETING}, 21 April 2017; announcement date not recorded."
    )


def test_a_new_proposals_pending_schedule_in_the_report_says_when_it_was_announced(
    seeded: str,
) -> None:
    run(seeded, "submit", "SECMP0035", "--title", "T", "--proposer", "EDF", "--on", "2017-04-20")
    run(seeded, "schedule", "SECMP0035", "--what", "IMR", "--on", "2017-05-19", *ANNOUNCED)
    report = run(seeded, "report", "--as-of", "2017-04-25", "--since", "2017-04-01")
    assert "- Pending: IMR on 19 May 2017; announced 25 April 2017.\n" in report
    before = run(seeded, "report", "--as-of", "2017-04-24", "--since", "2017-04-01")
    assert "Pending: IMR" not in before


NOT_A_DATE = "is not a date: use YYYY-MM-DD, or YYYY-MM for a month"


@pytest.mark.parametrize(
    ("announced", "message"),
    [
        ("2017-05-25", "announcement date 2017-05-25 is after the date scheduled, 2017-05-24"),
        ("2017-06", "announcement date 2017-06 is after the date scheduled, 2017-05-24"),
        ("soon", f"cannot record scheduled: announcement date 'soon' {NOT_A_DATE}"),
        ("2017-02-30", f"cannot record scheduled: announcement date '2017-02-30' {NOT_A_DATE}"),
    ],
)
def test_an_announcement_after_the_date_or_not_a_date_is_refused_in_one_line(
    seeded: str, announced: str, message: str
) -> None:
    before = count(seeded)
    result = invoke(seeded, "schedule", "SECMP0006", *VOTE, "--announced", announced)
    refusal = f"govledger: SECMP0006: {message}\n"
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", refusal)
    assert count(seeded) == before


def scheduled_id(db: str) -> str:
    return str(orjson.loads(run(db, "events").splitlines()[-1])["event_id"])


def test_correcting_the_announcement_date_moves_the_schedule_in_views_of_earlier_dates(
    seeded: str,
) -> None:
    run(seeded, "schedule", "SECMP0006", *VOTE, "--announced", "2017-04-28")
    event = scheduled_id(seeded)
    out = run(seeded, "correct", event, "--set", "announced=2017-05-02", "--reason", "the notice")
    assert out == "Recorded a correction of SECMP0006 scheduled of 2017-05-24.\n"
    assert pending(seeded, "SECMP0006", "2017-05-01") == []
    assert pending(seeded, "SECMP0006", "2017-05-02") == [
        "pending: scheduled: Change Board vote (announced 2017-05-02)"
    ]
    history = run(seeded, "history", "SECMP0006", "--format", "json")
    assert (
        f"correction of event {event}: announced from '2017-04-28' to '2017-05-02' (the notice)"
        in [row["what"] for row in orjson.loads(history)]
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            "announced=2017-06-01",
            "announcement date 2017-06-01 is after the date scheduled, 2017-05-24",
        ),
        ("on=2017-04-27", "announcement date 2017-04-28 is after the date scheduled, 2017-04-27"),
        ("announced=soon", f"announced 'soon' {NOT_A_DATE}"),
    ],
)
def test_a_correction_that_would_announce_a_schedule_after_its_date_is_refused(
    seeded: str, change: str, message: str
) -> None:
    run(seeded, "schedule", "SECMP0006", *VOTE, "--announced", "2017-04-28")
    before = count(seeded)
    result = invoke(seeded, "correct", scheduled_id(seeded), "--set", change, "--reason", "r")
    assert (result.exit_code, result.stderr) == (2, f"govledger: SECMP0006: {message}\n")
    assert count(seeded) == before


def test_a_correction_can_leave_the_announcement_date_unknown(seeded: str) -> None:
    run(seeded, "schedule", "SECMP0006", *VOTE, "--announced", "2017-04-28")
    run(seeded, "correct", scheduled_id(seeded), "--set", "announced=", "--reason", "no source")
    assert pending(seeded, "SECMP0006", "2017-04-10") == [
        "pending: scheduled: Change Board vote (announcement date not recorded)"
    ]


def test_the_exported_milestones_have_an_announced_column(seeded: str, tmp_path: Path) -> None:
    run(seeded, "schedule", "SECMP0006", *VOTE, "--announced", "2017-04-28")
    run(seeded, "export", "--out", str(tmp_path / "audit"), "--format", "csv")
    lines = (tmp_path / "audit" / "milestones.csv").read_text().splitlines()
    assert lines[0] == (
        "code,proposal,happened_on,happened_on_as_given,effective,kind,what,deadline,"
        "deadline_as_given,announced,announced_as_given,source,note,event_id,recorded_from,"
        "recorded_to"
    )
    row = next(line for line in lines if ",scheduled: Change Board vote," in line).split(",")
    assert row[:11] == [
        "SEC",
        "SECMP0006",
        "2017-05-24",
        "2017-05-24",
        "2017-05-24",
        "scheduled",
        "scheduled: Change Board vote",
        "",
        "",
        "2017-04-28",
        "2017-04-28",
    ]
    manifest = orjson.loads((tmp_path / "audit" / "manifest.json").read_bytes())
    assert manifest["projection_schema"] == "3"


def test_the_help_says_what_an_unknown_announcement_date_means() -> None:
    result = CliRunner().invoke(main, ["schedule", "--help"])
    words = " ".join(result.output.split())
    assert "--announced DATE When it was announced" in words
    assert (
        "Leave it out if no source gives it: the announcement date is then not recorded, and "
        "views of every date before --on show the schedule as pending, marked 'announcement "
        "date not recorded'." in words
    )


def digest_of(db: Path) -> str:
    return hashlib.sha256(db.read_bytes()).hexdigest()


def test_the_committed_ledger_made_before_the_column_answers_unchanged_then_gains_it(
    tmp_path: Path,
) -> None:
    copy = tmp_path / "committed.db"
    shutil.copy(ROOT / "events.db", copy)
    with sqlite3.connect(copy) as conn:  # its tables as a release before the column made them
        conn.execute("ALTER TABLE milestones DROP COLUMN announced")
    conn.close()
    db, before = str(copy), digest_of(copy)
    assert pending(db, "SECMP0034", "2017-04-10") == [
        f"pending: scheduled: {SEED_MEETING} (announcement date not recorded)"
    ]
    assert "announcement date not recorded" in coming_up(db, "2017-04-10")
    assert run(db, "verify", "--projections").endswith(
        "projection tables match the events: 152 rows in 9 tables\n"
    )
    assert digest_of(copy) == before  # reads leave the file as it was
    run(db, "export", "--out", str(tmp_path / "audit"), "--format", "csv")  # remakes the tables
    assert ",announced," in (tmp_path / "audit" / "milestones.csv").read_text().splitlines()[0]
    run(db, "schedule", "SECMP0006", *VOTE, "--announced", "2017-04-28")
    assert coming_up(db, "2017-04-28") == (
        "- SECMP0006: Change Board vote, 24 May 2017; announced 28 April 2017."
    )
    assert run(db, "verify", "--projections").endswith(
        "projection tables match the events: 154 rows in 9 tables\n"  # a milestone, an event
    )
    with sqlite3.connect(db) as conn:
        assert "announced" in [row[1] for row in conn.execute("PRAGMA table_info(milestones)")]
    conn.close()
