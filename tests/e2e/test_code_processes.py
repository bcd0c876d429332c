"""Each code's modification process, end to end through the command line alone: the
SEC's Draft Proposals of November 2018 converted into Modification Proposals, a
legacy SEC proposal raised under the 2017 rules and decided under the 2018 ones, a
UNC modification and a BSC modification, on a real SQLite file and on PostgreSQL;
and `govledger process`, which tells each code's rules from their definitions."""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner, Result

from cli.main import main
from ledger.domain.processes import process_for
from tests.conftest import _postgres_or_skip, new_ledger, without_progress
from tests.said import untagged

ENV = {"GOVLEDGER_ACTOR": "SECAS", "COLUMNS": "1000"}
RELEASE = "November 2020 SEC Release"
BSC_RELEASE = "November 2021 BSC Release"

DP150: list[tuple[str, ...]] = [
    ("submit", "DP150", "--title", "Improving the CSS interface", "--proposer", "British Gas",
     "--on", "2020-01-10"),
    ("milestone", "DP150", "--step", "csc_review", "--on", "2020-01-20",
     "--outcome", "problem statement agreed"),
]  # fmt: skip
MP150: list[tuple[str, ...]] = [
    ("convert", "DP150", "--to", "MP150", "--route", "refinement", "--path", "3",
     "--on", "2020-02-20"),
    ("milestone", "MP150", "--step", "impact_assessment", "--on", "2020-03-10"),
    ("consult", "MP150", "--on", "2020-05-01", "--deadline", "2020-05-29"),
    ("close-consultation", "MP150", "--on", "2020-05-29"),
    ("vote", "MP150", "--outcome", "approve", "--on", "2020-06-24"),
    ("implement", "MP150", "--release", RELEASE, "--on", "2020-11-05"),
]  # fmt: skip
MP151: list[tuple[str, ...]] = [
    ("submit", "MP151", "--title", "Improving the CSS interface (alternative)",
     "--proposer", "EDF", "--alternative-of", "MP150", "--on", "2020-03-02"),
]  # fmt: skip
UNC_0678: list[tuple[str, ...]] = [
    ("submit", "0678", "--code", "UNC", "--title", "Amendments to gas quality", "--proposer",
     "Cadent", "--on", "2019-01-10"),
    ("imr", "0678", "--code", "UNC", "--outcome", "accepted", "--path", "authority",
     "--route", "workgroup", "--on", "2019-01-17"),
    ("milestone", "0678", "--code", "UNC", "--step", "workgroup_report", "--on", "2019-05-16"),
    ("consult", "0678", "--code", "UNC", "--on", "2019-05-20", "--deadline", "2019-06-10"),
    ("close-consultation", "0678", "--code", "UNC", "--on", "2019-06-10"),
    ("vote", "0678", "--code", "UNC", "--outcome", "approve", "--on", "2019-06-20"),
    ("decide", "0678", "--code", "UNC", "--outcome", "approve", "--authority", "Ofgem",
     "--on", "2019-08-01"),
    ("implement", "0678", "--code", "UNC", "--on", "2019-11-01"),
]  # fmt: skip
BSC_P400: list[tuple[str, ...]] = [
    ("submit", "P400", "--code", "BSC", "--title", "Market-wide half-hourly settlement",
     "--proposer", "Octopus Energy", "--on", "2021-01-07"),
    ("imr", "P400", "--code", "BSC", "--outcome", "accepted", "--path", "authority",
     "--route", "assessment", "--on", "2021-01-14"),
    ("milestone", "P400", "--code", "BSC", "--step", "assessment_report", "--on", "2021-05-13"),
    ("consult", "P400", "--code", "BSC", "--on", "2021-05-20", "--deadline", "2021-06-10"),
    ("close-consultation", "P400", "--code", "BSC", "--on", "2021-06-10"),
    ("vote", "P400", "--code", "BSC", "--outcome", "approve", "--on", "2021-06-17"),
    ("decide", "P400", "--code", "BSC", "--outcome", "approve", "--authority", "Ofgem",
     "--on", "2021-08-01"),
    ("implement", "P400", "--code", "BSC", "--release", BSC_RELEASE, "--on", "2021-11-04"),
]  # fmt: skip
SECMP0040: list[tuple[str, ...]] = [
    ("submit", "SECMP0040", "--title", "Legacy change to Section H", "--proposer", "SSE",
     "--on", "2017-06-01"),
    ("imr", "SECMP0040", "--outcome", "accepted", "--path", "2", "--route", "refinement",
     "--on", "2017-06-20"),
    ("consult", "SECMP0040", "--on", "2019-02-01", "--deadline", "2019-02-28"),
    ("close-consultation", "SECMP0040", "--on", "2019-03-01"),
    ("vote", "SECMP0040", "--outcome", "approve", "--on", "2019-03-20"),
    ("decide", "SECMP0040", "--outcome", "approve", "--authority", "Ofgem",
     "--on", "2020-01-15"),
]  # fmt: skip
EVERYTHING = [*DP150, *MP150, *MP151, *UNC_0678, *BSC_P400, *SECMP0040]


def invoke(db: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", db, *args], env=ENV, prog_name="govledger")


def run(db: str, *args: str) -> str:
    result = invoke(db, *args)
    assert (result.exit_code, without_progress(result.stderr)) == (0, ""), (args, result.output)
    return untagged(result.stdout)


def as_json(db: str, *args: str) -> Any:
    return orjson.loads(run(db, *args, "--format", "json"))


def events(db: str) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in run(db, "events", "--format", "jsonl").splitlines()]


def shown(db: str, *args: str) -> dict[str, Any]:
    rows = as_json(db, "show", *args)
    assert len(rows) == 1, rows
    row: dict[str, Any] = rows[0]
    return row


def refused(db: str, *args: str) -> str:
    """A refusal: exit status 2, one line on stderr, nothing on stdout; the line."""
    result = invoke(db, *args)
    assert result.exit_code == 2, (args, result.output)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def record(db: str, commands: Sequence[tuple[str, ...]]) -> None:
    for command in commands:
        run(db, *command)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def ledger(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """One ledger holding every journey of this module, recorded through the CLI."""
    if request.param == "sqlite":
        db = new_ledger(tmp_path_factory.mktemp("ledger") / "events.db")
        record(db, EVERYTHING)
        yield db
        return
    import psycopg

    url = _postgres_or_skip()
    schema = f"govledger_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        db = f"{url}{'&' if '?' in url else '?'}schema={schema}"
        record(db, EVERYTHING)
        yield db
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def register_rows(db: str, *args: str) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in as_json(db, "register", *args)}


# -- a: a Draft Proposal of the SEC's November 2018 process, to its SEC Release ---------


def test_a_converted_draft_proposal_stands_in_the_register_as_its_modification_proposal_implemented(
    ledger: str,
) -> None:
    rows = register_rows(ledger, "--code", "SEC")
    assert "DP150" not in rows
    row = rows["MP150"]
    assert row["status"] == "Implemented"
    assert row["path"] == "3"
    assert row["raised"] == "2020-01-10"
    assert row["decided"] == "2020-06-24"
    assert row["implemented_in"] == RELEASE


def test_the_register_before_the_conversion_shows_the_draft_proposal_in_its_development_stage(
    ledger: str,
) -> None:
    rows = register_rows(ledger, "--code", "SEC", "--as-of", "2020-01-31")
    assert "MP150" not in rows
    assert rows["DP150"]["status"] == "Development Stage"
    assert rows["DP150"]["path"] is None


def test_show_finds_the_proposal_by_its_draft_id_and_by_its_modification_id(ledger: str) -> None:
    by_draft, by_modification = shown(ledger, "DP150"), shown(ledger, "MP150")
    assert by_draft == by_modification
    assert by_draft["id"] == "MP150"
    assert by_draft["status"] == "Implemented"
    assert shown(ledger, "DP150", "--as-of", "2020-02-01")["status"] == "Development Stage"
    assert shown(ledger, "MP150", "--as-of", "2020-02-20")["status"] == "Refinement"


def test_history_of_the_modification_proposal_lists_every_event_recorded_under_either_id(
    ledger: str,
) -> None:
    kinds = [row["kind"] for row in as_json(ledger, "history", "MP150")]
    assert kinds == [
        "submitted",
        "milestone",
        "converted",
        "milestone",
        "consultation_issued",
        "consultation_closed",
        "change_board_voted",
        "implemented",
    ]
    assert as_json(ledger, "history", "DP150") == as_json(ledger, "history", "MP150")


def test_the_timeline_names_each_milestone_and_the_conversion(ledger: str) -> None:
    said = [row["what"] for row in shown(ledger, "MP150")["timeline"]]
    assert "Change Sub-Committee review: problem statement agreed" in said
    assert "DCC Impact Assessment" in said
    assert any("converted into Modification Proposal MP150" in what for what in said)
    assert any(RELEASE in what for what in said)


def test_history_names_the_step_of_every_milestone(ledger: str) -> None:
    milestones = [row for row in as_json(ledger, "history", "MP150") if row["kind"] == "milestone"]
    assert "Change Sub-Committee review" in milestones[0]["what"]
    assert "DCC Impact Assessment" in milestones[1]["what"]


def test_a_strict_consultation_on_a_draft_proposal_is_refused_naming_the_rule_and_writes_nothing(
    db: str,
) -> None:
    record(db, DP150)
    before = events(db)
    line = refused(db, "consult", "DP150", "--deadline", "2020-02-25", "--on", "2020-01-25",
                   "--strict")  # fmt: skip
    assert line == (
        "govledger: DP150: cannot record Modification Report Consultation issued on 2020-01-25 "
        "under the SEC process of November 2018: its status is Development Stage (a Draft "
        "Proposal is converted into a Modification Proposal before it is refined, consulted on "
        "or voted on); strict recording refuses the gap: converted into a Modification "
        "Proposal (Report Phase) not recorded"
    )
    assert events(db) == before
    assert shown(db, "DP150")["status"] == "Development Stage"


def test_a_conversion_to_another_proposals_number_is_refused_and_writes_nothing(db: str) -> None:
    record(db, DP150)
    before = events(db)
    line = refused(db, "convert", "DP150", "--to", "MP151", "--route", "refinement",
                   "--on", "2020-02-20")  # fmt: skip
    assert "another proposal's id" in line
    assert events(db) == before


def test_the_sec_report_for_2020_tells_of_the_proposal_its_decision_and_its_consultation(
    ledger: str,
) -> None:
    report = run(
        ledger, "report", "--code", "SEC", "--as-of", "2020-12-31", "--since", "2020-01-01"
    )
    assert report.startswith("# SEC Update, 31 December 2020")
    assert "MP150 \u2013 Improving the CSS interface" in report
    assert "Change Board" in report
    assert "Modification Report Consultation for MP150" in report
    assert "UNC" not in report and "P400" not in report and "0678" not in report


def test_the_diff_of_2020_shows_the_proposal_appear_move_be_decided_and_implemented(
    ledger: str,
) -> None:
    rows = as_json(ledger, "diff", "--from", "2020-01-01", "--to", "2020-12-31")
    assert [(r["on"], r["change"], r["from"], r["to"]) for r in rows] == [
        ("2020-01-10", "appeared", None, "Development Stage"),
        ("2020-01-15", "decided", "Authority Determination", "Approved"),  # SECMP0040
        ("2020-02-20", "status", "Development Stage", "Refinement"),
        ("2020-03-02", "appeared", None, "Modification Proposal Submitted"),  # MP151
        ("2020-05-01", "status", "Refinement", "Report Phase"),
        ("2020-05-29", "status", "Report Phase", "Change Board"),
        ("2020-06-24", "decided", "Change Board", "Approved"),
        ("2020-11-05", "implemented", "Approved", "Implemented"),
    ]
    assert "converted into Modification Proposal MP150" in rows[2]["by"]
    assert RELEASE in rows[-1]["by"]


def test_the_diff_names_a_converted_proposal_by_the_id_the_register_shows(ledger: str) -> None:
    rows = as_json(ledger, "diff", "--from", "2020-06-01", "--to", "2020-06-30")
    assert [r["id"] for r in rows] == ["MP150"]


def test_export_carries_the_proposal_its_milestones_and_its_decisions(
    ledger: str, tmp_path: Path
) -> None:
    out = tmp_path / "audit"
    run(ledger, "export", "--out", str(out), "--format", "json")
    register = {r["id"]: r for r in json.loads((out / "register.json").read_text())}
    assert register["MP150"]["status"] == "Implemented"
    assert register["MP150"]["implemented_in"] == RELEASE
    assert {register[p]["code"] for p in ("MP150", "0678", "P400")} == {"SEC", "UNC", "BSC"}
    milestones = json.loads((out / "milestones.json").read_text())
    kinds = {r["kind"] for r in milestones if r["code"] == "SEC"}
    assert {"milestone:csc_review", "milestone:impact_assessment", "converted"} <= kinds
    decisions = [
        (r["proposal"], r["body"], r["outcome"])
        for r in json.loads((out / "decisions.json").read_text())
    ]
    assert ("MP150", "Change Board", "approve") in decisions
    assert ("MP150", "Panel", "converted to MP150, to refinement") in decisions
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["events_included"] == len(EVERYTHING)


def test_each_recording_is_confirmed_in_the_words_of_the_process_in_force(db: str) -> None:
    said = [run(db, *command) for command in [*DP150, *MP150[:2], BSC_P400[0]]]
    assert said == [
        "Recorded DP150 raised on 2020-01-10; status now Development Stage.\n",
        "Recorded DP150 Change Sub-Committee review on 2020-01-20; "
        "status still Development Stage.\n",
        "Recorded MP150 converted into a Modification Proposal on 2020-02-20; "
        "status now Refinement (was Development Stage).\n",
        "Recorded MP150 DCC Impact Assessment on 2020-03-10; status still Refinement.\n",
        "Recorded P400 raised on 2021-01-07; status now Initial Written Assessment.\n",
    ]


# -- b: an Alternative Proposal ----------------------------------------------------------


def test_an_alternative_proposal_names_the_proposal_it_is_an_alternative_to(ledger: str) -> None:
    row = shown(ledger, "MP151")
    assert row["status"] == "Modification Proposal Submitted"
    assert "(an alternative to MP150)" in row["timeline"][0]["what"]


def test_an_alternative_of_a_proposal_not_in_the_ledger_is_refused_and_writes_nothing(
    db: str,
) -> None:
    record(db, DP150)
    before = events(db)
    line = refused(db, "submit", "MP152", "--title", "An alternative", "--proposer", "EDF",
                   "--alternative-of", "MP999", "--on", "2020-03-02")  # fmt: skip
    assert "MP999" in line and "not in the ledger" in line
    assert events(db) == before
    assert invoke(db, "show", "MP152").exit_code == 2


# -- c: a UNC modification ---------------------------------------------------------------


def test_a_unc_modification_goes_from_the_panel_through_a_workgroup_to_ofgem_and_is_implemented(
    ledger: str,
) -> None:
    row = shown(ledger, "0678", "--code", "UNC")
    assert row["status"] == "Implemented"
    assert row["path"] == "authority"
    assert row["decided"] == "2019-08-01"
    assert row["status_since"] == "2019-11-01"
    assert "Workgroup Report (02) presented to the Panel" in [t["what"] for t in row["timeline"]]


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        ("2019-01-10", "Awaiting Panel"),
        ("2019-01-17", "Workgroup"),
        ("2019-05-16", "Workgroup"),
        ("2019-05-20", "Consultation"),
        ("2019-06-10", "Final Modification Report"),
        ("2019-06-20", "Awaiting Ofgem Decision"),
        ("2019-08-01", "Awaiting Implementation"),
        ("2019-11-01", "Implemented"),
    ],
)
def test_the_unc_modification_stands_in_the_status_of_each_step_of_its_process(
    ledger: str, as_of: str, status: str
) -> None:
    assert shown(ledger, "0678", "--code", "UNC", "--as-of", as_of)["status"] == status


def test_history_of_the_unc_modification_lists_every_event(ledger: str) -> None:
    kinds = [row["kind"] for row in as_json(ledger, "history", "0678", "--code", "UNC")]
    assert kinds == [
        "submitted",
        "imr_considered",
        "milestone",
        "consultation_issued",
        "consultation_closed",
        "change_board_voted",
        "authority_determined",
        "implemented",
    ]


def test_the_unc_timeline_is_told_in_the_unc_processs_own_words(ledger: str) -> None:
    said = " / ".join(t["what"] for t in shown(ledger, "0678", "--code", "UNC")["timeline"])
    assert "Change Board" not in said
    assert "IMR" not in said
    assert "Panel determination or recommendation" in said


def test_the_register_of_one_code_holds_only_its_proposals_and_has_no_code_column(
    ledger: str,
) -> None:
    rows = as_json(ledger, "register", "--code", "UNC")
    assert [r["id"] for r in rows] == ["0678"]
    assert "code" not in rows[0]
    assert rows[0]["status"] == "Implemented"
    assert [r["id"] for r in as_json(ledger, "register", "--code", "BSC")] == ["P400"]
    assert "0678" not in register_rows(ledger, "--code", "SEC")


def test_the_register_of_every_code_holds_them_side_by_side_with_a_code_column(
    ledger: str,
) -> None:
    rows = as_json(ledger, "register")
    assert {(r["code"], r["id"]) for r in rows} == {
        ("SEC", "MP150"),
        ("SEC", "MP151"),
        ("SEC", "SECMP0040"),
        ("UNC", "0678"),
        ("BSC", "P400"),
    }
    table = run(ledger, "register", "--format", "csv")
    assert next(csv.reader(io.StringIO(table)))[0] == "code"


def test_the_open_register_asks_each_proposals_own_process_what_is_decided(ledger: str) -> None:
    rows = as_json(ledger, "register", "--open", "--as-of", "2019-07-01")
    assert {(r["code"], r["id"], r["status"]) for r in rows} == {
        ("UNC", "0678", "Awaiting Ofgem Decision"),
        ("SEC", "SECMP0040", "Authority Determination"),
    }


# -- d: a BSC modification ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        ("2021-01-07", "Initial Written Assessment"),
        ("2021-01-14", "Assessment Procedure"),
        ("2021-05-13", "Assessment Procedure"),
        ("2021-05-20", "Report Phase"),
        ("2021-06-10", "Report Phase"),
        ("2021-06-17", "With Authority"),
        ("2021-08-01", "Awaiting Implementation"),
        ("2021-11-04", "Implemented"),
    ],
)
def test_the_bsc_modification_stands_in_the_status_of_each_step_of_its_procedures(
    ledger: str, as_of: str, status: str
) -> None:
    assert shown(ledger, "P400", "--code", "BSC", "--as-of", as_of)["status"] == status


def test_a_bsc_modification_is_implemented_in_its_release_after_the_authoritys_decision(
    ledger: str,
) -> None:
    row = shown(ledger, "P400", "--code", "BSC")
    assert row["implemented_in"] == BSC_RELEASE
    assert row["decided"] == "2021-08-01"
    assert "Assessment Report presented to the Panel" in [t["what"] for t in row["timeline"]]
    kinds = [r["kind"] for r in as_json(ledger, "history", "P400", "--code", "BSC")]
    assert kinds == [
        "submitted",
        "imr_considered",
        "milestone",
        "consultation_issued",
        "consultation_closed",
        "change_board_voted",
        "authority_determined",
        "implemented",
    ]


def test_a_bsc_modification_in_the_assessment_procedure_cannot_start_it_again(db: str) -> None:
    record(db, BSC_P400[:2])
    before = events(db)
    line = refused(db, "refinement", "P400", "--code", "BSC", "--on", "2021-01-20")
    assert "the BSC modification procedures" in line
    assert "Assessment Procedure" in line
    assert events(db) == before


def test_a_bsc_modification_sent_to_the_report_phase_may_go_back_to_the_assessment_procedure(
    db: str,
) -> None:
    record(db, [BSC_P400[0]])
    run(db, "imr", "P400", "--code", "BSC", "--outcome", "accepted", "--path", "self-governance",
        "--route", "report", "--on", "2021-01-14")  # fmt: skip
    assert shown(db, "P400", "--code", "BSC")["status"] == "Report Phase"
    out = run(db, "refinement", "P400", "--code", "BSC", "--on", "2021-02-01")
    assert out.endswith("; status now Assessment Procedure (was Report Phase).\n")
    assert shown(db, "P400", "--code", "BSC")["status"] == "Assessment Procedure"


def test_a_bsc_self_governance_vote_is_the_panels_determination(db: str) -> None:
    record(db, [BSC_P400[0]])
    run(db, "imr", "P400", "--code", "BSC", "--outcome", "accepted", "--path", "self-governance",
        "--route", "report", "--on", "2021-01-14")  # fmt: skip
    run(db, "vote", "P400", "--code", "BSC", "--outcome", "approve", "--on", "2021-03-01")
    assert shown(db, "P400", "--code", "BSC")["status"] == "Awaiting Implementation"
    before = events(db)
    line = refused(db, "decide", "P400", "--code", "BSC", "--outcome", "approve",
                   "--authority", "Ofgem", "--on", "2021-04-01")  # fmt: skip
    assert "the Self-Governance path" in line
    assert events(db) == before


# -- e: a legacy SEC proposal raised in 2017, decided after November 2018 -----------------


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        ("2017-06-01", "Modification Proposal Submitted"),
        ("2017-12-31", "Refinement"),
        ("2019-02-01", "Report Phase"),
        ("2019-03-01", "Change Board"),
        ("2019-03-20", "Authority Determination"),
        ("2020-01-15", "Approved"),
    ],
)
def test_a_legacy_sec_proposal_keeps_its_course_across_the_change_of_process(
    ledger: str, as_of: str, status: str
) -> None:
    assert shown(ledger, "SECMP0040", "--as-of", as_of)["status"] == status


def test_a_legacy_sec_proposal_is_approved_today_and_found_by_its_short_id(ledger: str) -> None:
    row = shown(ledger, "SECMP0040")
    assert row["status"] == "Approved"
    assert row["id"] == "SECMP0040"
    assert row["decided"] == "2020-01-15"
    assert shown(ledger, "MP040") == row
    assert as_json(ledger, "history", "MP040") == as_json(ledger, "history", "SECMP0040")


# -- f: `govledger process` --------------------------------------------------------------


def test_the_sec_process_of_2017_has_no_development_stage(tmp_path: Path) -> None:
    out = run(str(tmp_path / "none.db"), "process", "SEC", "--on", "2017-06-01", "--format", "md")
    assert out.startswith("SEC: the SEC process of 2017.")
    assert "Development Stage" not in out
    assert "DP150" not in out
    assert not (tmp_path / "none.db").exists()


def test_the_sec_process_of_2020_is_that_of_november_2018_with_its_development_stage(
    tmp_path: Path,
) -> None:
    out = run(str(tmp_path / "none.db"), "process", "SEC", "--on", "2020-01-01", "--format", "md")
    assert out.startswith("SEC: the SEC process of November 2018, in force from 2018-11-01.")
    assert "Development Stage" in out
    assert "milestone --step csc_review" in out


PROCESSES_ON = [
    ("SEC", "2017-06-01"),
    ("SEC", "2020-01-01"),
    ("UNC", "2020-01-01"),
    ("BSC", "2020-01-01"),
]


@pytest.mark.parametrize(("code", "on"), PROCESSES_ON)
def test_the_process_as_json_lists_every_step_and_every_status_of_its_definition(
    tmp_path: Path, code: str, on: str
) -> None:
    told = as_json(str(tmp_path / "none.db"), "process", code, "--on", on)
    process = process_for(code, date.fromisoformat(on))
    assert told["code"] == code
    assert told["process"] == process.name
    assert [row["step"] for row in told["steps"]] == [step.key for step in process.steps]
    assert [row["status"] for row in told["statuses"]] == list(process.status_names)
    assert [row["path"] for row in told["paths"]] == list(process.paths)
    assert all(row["command"] for row in told["steps"]), told["steps"]
    milestones = [row for row in told["steps"] if row["step"].startswith("milestone:")]
    assert all(r["command"] == f"milestone --step {r['step'][10:]}" for r in milestones)


@pytest.mark.parametrize("fmt", ["table", "md", "csv", "json", "jsonl"])
@pytest.mark.parametrize("code", ["SEC", "UNC", "BSC"])
def test_the_process_is_told_in_every_format(tmp_path: Path, code: str, fmt: str) -> None:
    out = run(str(tmp_path / "none.db"), "process", code, "--format", fmt)
    assert out.strip()
    keys = [step.key for step in process_for(code).steps]
    if fmt == "json":
        assert [r["step"] for r in orjson.loads(out)["steps"]] == keys
    elif fmt == "jsonl":
        rows = [orjson.loads(line) for line in out.splitlines()]
        assert [r["step"] for r in rows if r["part"] == "steps"] == keys
        assert {r["part"] for r in rows} == {"steps", "statuses", "ids", "paths", "bodies"}
    elif fmt == "csv":
        assert [r["step"] for r in csv.DictReader(io.StringIO(out))] == keys
    else:
        assert process_for(code).name in out


def test_the_process_of_an_unknown_code_is_refused(tmp_path: Path) -> None:
    line = refused(str(tmp_path / "none.db"), "process", "XYZ")
    assert "no modification process is defined for code 'XYZ'" in line


# -- the code in force, and a published register reconciled, per code ------------------


def test_a_version_brought_by_a_release_implements_the_converted_proposal_in_the_code(
    db: str,
) -> None:
    record(db, [*DP150, *MP150[:-1]])
    run(db, "version", "40.0", "--implements", "MP150", "--amends", "Section H",
        "--release", RELEASE, "--on", "2020-11-05")  # fmt: skip
    view = as_json(db, "code", "SEC")[0]
    assert (view["in_force"], view["since"]) == ("40.0", "2020-11-05")
    assert view["chain"][0]["implements"] == ["MP150"]
    assert shown(db, "MP150")["implemented_in"] == "40.0"
    assert [e["release"] for e in events(db) if e["kind"] == "implemented"] == [RELEASE]


def test_a_published_unc_register_is_reconciled_against_the_unc_proposals_alone(
    ledger: str, tmp_path: Path
) -> None:
    published = tmp_path / "unc.csv"
    published.write_text("Modification,Title,Status\n0678,Amendments to gas quality,Workgroup\n")
    result = invoke(ledger, "reconcile", str(published), "--code", "UNC", "--as-of",
                    "2019-12-31", "--format", "json")  # fmt: skip
    assert result.exit_code == 1, result.output
    [answer] = orjson.loads(result.stdout)
    assert [(d["id"], d["difference"], d["ledger"]) for d in answer["differences"]] == [
        ("0678", "status differs", "Implemented")
    ]
    published.write_text("Modification,Title,Status\n0678,Amendments to gas quality,Implemented\n")
    agreed = invoke(ledger, "reconcile", str(published), "--code", "UNC", "--as-of",
                    "2019-12-31", "--format", "table")  # fmt: skip
    assert agreed.exit_code == 0, agreed.output
    assert "All 1 published rows agree with the ledger." in agreed.stdout


def test_a_published_sec_register_finds_a_legacy_proposal_by_its_short_id(
    ledger: str, tmp_path: Path
) -> None:
    state = shown(ledger, "SECMP0040")
    published = tmp_path / "sec.md"
    published.write_text(
        f"| Modification | Title | Status |\n|---|---|---|\n| MP040 | {state['title']} | "
        f"{state['status']} |\n"
    )
    result = invoke(ledger, "reconcile", str(published), "--format", "json")
    differences = orjson.loads(result.stdout)[0]["differences"]
    assert "MP040" not in {d["id"] for d in differences}
    assert "SECMP0040" not in {d["id"] for d in differences}


def test_the_tables_name_each_event_by_the_id_of_its_day_step_by_step_or_rebuilt(
    db: str, tmp_path: Path
) -> None:
    record(db, [*DP150, *MP150])
    run(db, "milestone", "MP150", "--step", "working_group", "--on", "2020-03-01")  # back-dated
    [assessed] = [e["event_id"] for e in events(db) if e.get("step") == "impact_assessment"]
    run(db, "retract", assessed, "--reason", "recorded against the wrong proposal")
    assert invoke(db, "verify", "--projections").exit_code == 0
    run(db, "export", "--out", str(tmp_path / "before"), "--format", "csv")
    run(db, "rebuild")
    run(db, "export", "--out", str(tmp_path / "after"), "--format", "csv")
    for table in ("milestones", "decisions", "register_history"):
        stepped = (tmp_path / "before" / f"{table}.csv").read_text().splitlines()
        rebuilt = (tmp_path / "after" / f"{table}.csv").read_text().splitlines()
        drop_times = [line.rsplit(",", 2)[0] for line in stepped]
        assert drop_times == [line.rsplit(",", 2)[0] for line in rebuilt], table
    milestones = list(csv.DictReader(io.StringIO((tmp_path / "after/milestones.csv").read_text())))
    called = {row["kind"]: row["proposal"] for row in milestones if not row["recorded_to"]}
    assert (called["submitted"], called["milestone:csc_review"]) == ("DP150", "DP150")
    assert (called["converted"], called["milestone:working_group"]) == ("MP150", "MP150")
