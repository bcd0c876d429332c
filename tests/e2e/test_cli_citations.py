"""Sources and disagreements from the command line: `cite`, `disputes`, and the marks every
view puts on a disputed fact, with exact messages for what is printed and refused."""

from __future__ import annotations

import csv
import io
import shlex
from typing import Any

import orjson
import pytest
from click.testing import CliRunner, Result

from cli.main import main
from tests.conftest import ROOT, SEED, new_ledger, without_progress
from tests.said import untagged

ENV = {"GOVLEDGER_ACTOR": "SECAS", "COLUMNS": "1000"}
MINUTES = "Change Board minutes, 21 June 2017"
PAGE = "SEC register page"
NEWSLETTER = "SEC Newsletter, July 2017"
TABLE_ONE = ROOT / "data" / "sec-update-2017-04-10-table-one.md"
CONSULTATION_6 = "7ec531f7-6bdd-5787-a793-16ce69cda23e"  # SECMP0006's, issued 2017-04-04
VERSION_5_6 = "59e14f26-a045-59c5-849f-020aec505225"  # SEC 5.6, effective 2017-04-01
OPEN = f"2017-06-21 ({MINUTES}) against 2017-06-23 ({PAGE})"


def invoke(db: str, *args: str) -> Result:
    return CliRunner(env=ENV).invoke(main, ["--db", db, *args], prog_name="govledger")


def ok(db: str, *args: str) -> str:
    result = invoke(db, *args)
    assert (result.exit_code, without_progress(result.stderr)) == (0, ""), result.output
    return untagged(result.stdout)


def jsonl(db: str, *args: str) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in ok(db, *args, "--format", "jsonl").splitlines()]


def csv_rows(db: str, *args: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(ok(db, *args, "--format", "csv"))))


@pytest.fixture
def ledger(tmp_path: Any) -> str:
    """SECMP0040, approved by the Change Board on 2017-06-21 as its minutes record."""
    db = new_ledger(tmp_path / "events.db")
    ok(db, "submit", "SECMP0040", "--title", "A change", "--proposer", "EDF", "--on", "2017-05-02")
    ok(
        db,
        "imr",
        "SECMP0040",
        "--outcome",
        "accepted",
        "--path",
        "3",
        "--route",
        "report",
        "--on",
        "2017-05-19",
    )
    ok(db, "vote", "SECMP0040", "--outcome", "approve", "--on", "2017-06-21", "--source", MINUTES)
    return db


def vote_id(db: str) -> str:
    rows = jsonl(db, "history", "SECMP0040")
    return next(r["event_id"] for r in rows if r["kind"] == "change_board_voted")


def events(db: str) -> list[str]:
    return ok(db, "events").splitlines()


def disputed(db: str) -> str:
    ok(db, "cite", vote_id(db), "--source", NEWSLETTER, "--on", "2017-07-03")
    return ok(db, "cite", vote_id(db), "--source", PAGE, "--disputes", "on=2017-06-23")


def test_a_citation_without_disputes_confirms_the_event_and_says_so(ledger: str) -> None:
    out = ok(ledger, "cite", vote_id(ledger), "--source", NEWSLETTER, "--on", "2017-07-03")
    assert out == (
        "Recorded a citation for SECMP0040, Change Board vote on 2017-06-21: "
        f"'{NEWSLETTER}' confirms it.\n"
    )
    (vote,) = [r for r in jsonl(ledger, "history", "SECMP0040") if r["kind"] != "cited"][-1:]
    assert vote["source"] == f"{MINUTES}; {NEWSLETTER}"
    citation = jsonl(ledger, "history", "SECMP0040")[-1]
    assert {k: citation[k] for k in ("happened_on", "kind", "what", "source")} == {
        "happened_on": "2017-07-03",
        "kind": "cited",
        "what": f"citation of event {vote_id(ledger)}: confirms it",
        "source": NEWSLETTER,
    }


def test_a_citation_that_gives_another_date_records_a_dispute_and_names_both_values(
    ledger: str,
) -> None:
    ok(ledger, "cite", vote_id(ledger), "--source", NEWSLETTER, "--on", "2017-07-03")
    out = ok(ledger, "cite", vote_id(ledger), "--source", PAGE, "--disputes", "on=2017-06-23")
    assert out == (
        f"Recorded a dispute for SECMP0040, Change Board vote on 2017-06-21: '{PAGE}' gives\n"
        f"  on 2017-06-23, where the ledger has 2017-06-21 ({MINUTES}; {NEWSLETTER})\n"
        "The ledger's values stand until corrected (govledger correct).\n"
    )


def test_show_marks_the_disputed_date_in_its_facts_and_its_timeline(ledger: str) -> None:
    disputed(ledger)
    held = f"2017-06-21 ({MINUTES}; {NEWSLETTER}) against 2017-06-23 ({PAGE})"
    lines = ok(ledger, "show", "SECMP0040", "--format", "table").splitlines()
    assert lines[3:9] == [
        "status: Approved",
        f"status since: 2017-06-21 [disputed: {held}]",
        "path: 3",
        "proposer: EDF",
        "raised: 2017-05-02",
        f"decided: 2017-06-21 [disputed: {held}]",
    ]
    (row,) = jsonl(ledger, "show", "SECMP0040")
    vote = row["timeline"][-1]
    assert (vote["source"], vote["disputes"]) == (
        f"{MINUTES}; {NEWSLETTER}",
        f"on disputed: {held}",
    )
    assert [(d["fact"], d["standing"], d["disputing"], d["settled"]) for d in row["disputes"]] == [
        ("on", "2017-06-21", "2017-06-23", False)
    ]
    timeline = csv_rows(ledger, "show", "SECMP0040")
    assert [r["disputes"] for r in timeline] == ["", "", f"on disputed: {held}"]


def test_history_marks_the_disputed_event_and_tells_the_citation(ledger: str) -> None:
    disputed(ledger)
    rows = jsonl(ledger, "history", "SECMP0040", "--as-of", "2017-06-22")
    vote = next(r for r in rows if r["kind"] == "change_board_voted")
    assert vote["disputes"].startswith("on disputed: 2017-06-21")
    assert rows[-1]["what"] == (
        f"citation of event {vote_id(ledger)}: gives on '2017-06-23' where the record had "
        "'2017-06-21'"
    )


def test_the_register_marks_the_disputed_facts_of_its_row_in_every_format(ledger: str) -> None:
    ok(ledger, "cite", vote_id(ledger), "--source", PAGE, "--disputes", "on=2017-06-23")
    cell = f"status since disputed: {OPEN}; decided disputed: {OPEN}"
    (row,) = jsonl(ledger, "register")
    assert (row["decided"], row["disputes"]) == ("2017-06-21", cell)
    assert csv_rows(ledger, "register")[0]["disputes"] == cell
    assert ok(ledger, "register", "--format", "md").splitlines()[-1].endswith(f"| {cell} |")
    assert "disputes" in ok(ledger, "register", "--format", "table")
    assert "disputes" not in jsonl(ledger, "register", "--known-at", "2000-01-01")[:1]


def test_disputes_lists_every_disputed_fact_with_both_values_and_sources(ledger: str) -> None:
    disputed(ledger)
    citation = jsonl(ledger, "history", "SECMP0040")[-1]["event_id"]
    (row,) = csv_rows(ledger, "disputes")
    assert row == {
        "code": "SEC",
        "id": "SECMP0040",
        "event": "Change Board vote on 2017-06-21",
        "fact": "on",
        "recorded": "2017-06-21",
        "standing": "2017-06-21",
        "standing_source": f"{MINUTES}; {NEWSLETTER}",
        "disputing": "2017-06-23",
        "disputing_source": PAGE,
        "settled": "false",
        "settled_by": "",
        "event_id": vote_id(ledger),
        "citation_id": citation,
    }
    assert orjson.loads(ok(ledger, "disputes", "--format", "json"))[0]["settled"] is False
    assert ok(ledger, "disputes", "--as-of", "2017-06-20", "--format", "csv").count("\n") == 1
    assert "Disputes (1)" in ok(ledger, "disputes", "--format", "table")


def test_a_correction_that_adopts_the_disputing_value_reads_as_settled(ledger: str) -> None:
    ok(ledger, "cite", vote_id(ledger), "--source", PAGE, "--disputes", "on=2017-06-23")
    ok(ledger, "correct", vote_id(ledger), "--set", "on=2017-06-23", "--reason", "the page")
    correction = jsonl(ledger, "history", "SECMP0040")[-1]["event_id"]
    settled = f"2017-06-23 ({PAGE}), by correction {correction}, was 2017-06-21"
    lines = ok(ledger, "show", "SECMP0040", "--format", "table").splitlines()
    assert f"decided: 2017-06-23 [dispute settled: {settled}]" in lines
    (row,) = jsonl(ledger, "disputes")
    assert (row["standing"], row["settled"], row["settled_by"]) == ("2017-06-23", True, correction)
    assert row["standing_source"] == f"correction {correction} (the page); {PAGE}"
    assert [r for r in jsonl(ledger, "gaps") if r["gap"] == "disputed fact"] == []


def test_gaps_lists_each_open_dispute(ledger: str) -> None:
    ok(ledger, "cite", vote_id(ledger), "--source", PAGE, "--disputes", "on=2017-06-23")
    rows = [r for r in jsonl(ledger, "gaps") if r["gap"] == "disputed fact"]
    assert rows == [
        {
            "code": "SEC",
            "id": "SECMP0040",
            "gap": "disputed fact",
            "by": "2017-06-21",
            "what": f"Change Board vote on 2017-06-21: on {OPEN}",
        }
    ]


def test_retracting_a_citation_withdraws_its_dispute(ledger: str) -> None:
    ok(
        ledger,
        "cite",
        vote_id(ledger),
        "--source",
        PAGE,
        "--disputes",
        "on=2017-06-23",
        "--on",
        "2017-07-04",
    )
    citation = jsonl(ledger, "history", "SECMP0040")[-1]["event_id"]
    out = ok(ledger, "retract", citation, "--reason", "misread the page")
    assert out == "Recorded a retraction of SECMP0040 cited of 2017-07-04.\n"
    assert jsonl(ledger, "disputes") == []
    assert "disputes" not in jsonl(ledger, "register")[0]


def refused(db: str, *args: str) -> str:
    before = events(db)
    result = invoke(db, *args)
    assert (result.exit_code, result.stdout) == (2, ""), result.output
    assert events(db) == before  # nothing written
    assert result.stderr.count("\n") == 1
    return result.stderr.removeprefix("govledger: ").removesuffix("\n")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ("--source", PAGE, "--disputes", "deadline=2017-07-01"),
            "SECMP0040: Change Board vote on 2017-06-21 has no fact 'deadline' "
            "(the facts a source can dispute: on, outcome, taken_as, status)",
        ),
        (
            ("--source", PAGE, "--disputes", "on=2017-06-21"),
            "SECMP0040: Change Board vote on 2017-06-21 has on '2017-06-21' as it stands: "
            "a source that gives the same confirms it (cite it without --disputes on=...)",
        ),
        (
            ("--source", PAGE, "--disputes", "outcome=approve"),
            "SECMP0040: Change Board vote on 2017-06-21 has outcome 'approve' as it stands: "
            "a source that gives the same confirms it (cite it without --disputes outcome=...)",
        ),
        (
            ("--source", PAGE, "--disputes", "on=2017-06-31"),
            "SECMP0040: on '2017-06-31' is not a date: use YYYY-MM-DD, or YYYY-MM for a month",
        ),
        (
            ("--source", PAGE, "--disputes", "outcome=maybe"),
            "SECMP0040: outcome 'maybe' is not one of: approve, reject",
        ),
        (
            ("--source", PAGE, "--disputes", "status=Nowhere"),
            "SECMP0040: unknown status 'Nowhere': one of Modification Proposal Submitted, "
            "Refinement, Report Phase, Change Board, Authority Determination, Approved, "
            "Rejected, Implemented, Withdrawn, Cancelled, Suspended",
        ),
        (
            ("--source", PAGE, "--disputes", "on="),
            "SECMP0040: the disputed on is empty: a dispute gives the value its source gives",
        ),
        (("--source", PAGE, "--disputes", "on"), "--disputes 'on': write FIELD=VALUE"),
        (
            ("--source", PAGE, "--disputes", "on=2017-06-22", "--disputes", "on=2017-06-24"),
            "--disputes on given twice: give each field once",
        ),
        (
            ("--source", PAGE, "--on", "2017-13"),
            "the source's date '2017-13' is not a date: use YYYY-MM-DD, or YYYY-MM for a month",
        ),
        (
            ("--source", " "),
            "SECMP0040: a citation names its source (--source): the document, section or "
            "meeting that gives it",
        ),
        (
            ("--disputes", "on=2017-06-23"),
            "Missing option '--source'. (see 'govledger cite --help')",
        ),
        (
            ("--source", "page\x1b[31m"),
            "--source: contains a control character (U+001B) at position 5",
        ),
    ],
)
def test_a_citation_that_cannot_stand_is_refused_in_one_line_writing_nothing(
    ledger: str, options: tuple[str, ...], message: str
) -> None:
    assert refused(ledger, "cite", vote_id(ledger), *options) == message


def test_citing_an_event_the_ledger_does_not_hold_is_refused(ledger: str) -> None:
    unknown = "00000000-0000-4000-8000-000000000000"
    assert refused(ledger, "cite", unknown, "--source", PAGE) == f"no recorded event {unknown}"
    assert refused(ledger, "cite", "SECMP0040", "--source", PAGE) == (
        "'SECMP0040' is not an event id or the start of one (see `govledger history ID`)"
    )


def test_citing_the_same_source_again_the_same_way_is_refused(ledger: str) -> None:
    ok(ledger, "cite", vote_id(ledger), "--source", PAGE, "--disputes", "on=2017-06-23")
    first = jsonl(ledger, "history", "SECMP0040")[-1]["event_id"]
    assert refused(
        ledger, "cite", vote_id(ledger), "--source", PAGE, "--disputes", "on=2017-06-23"
    ) == (
        f"SECMP0040: '{PAGE}' is already cited for Change Board vote on 2017-06-21, "
        f"giving the same values (event {first})"
    )


def test_a_citation_is_retracted_and_cited_again_never_corrected(ledger: str) -> None:
    ok(ledger, "cite", vote_id(ledger), "--source", PAGE, "--disputes", "on=2017-06-23")
    citation = jsonl(ledger, "history", "SECMP0040")[-1]["event_id"]
    assert refused(ledger, "correct", citation, "--set", "on=2017-06-24", "--reason", "r") == (
        f"SECMP0040: event {citation} is a citation; retract it and cite its source again instead"
    )
    assert refused(ledger, "cite", citation, "--source", PAGE) == (
        f"SECMP0040: event {citation} is a citation, not a recorded step: "
        f"cite event {vote_id(ledger)} instead"
    )


@pytest.fixture
def seeded(tmp_path: Any) -> str:
    db = new_ledger(tmp_path / "seed.db")
    ok(db, "import", str(SEED))
    return db


def test_a_version_event_is_not_cited(seeded: str) -> None:
    assert refused(seeded, "cite", VERSION_5_6, "--source", PAGE) == (
        f"SEC 5.6: event {VERSION_5_6} is of a version; sources are cited for a proposal's events"
    )


COMMAND = f"govledger cite {CONSULTATION_6} --source {TABLE_ONE} --disputes status=Refinement"


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "md", "table"])
def test_reconcile_prints_the_cite_command_that_records_each_difference(
    seeded: str, fmt: str
) -> None:
    result = invoke(seeded, "reconcile", str(TABLE_ONE), "--as-of", "2017-04-10", "--format", fmt)
    assert result.exit_code == 1
    out = result.stdout.replace("\n", "") if fmt == "table" else result.stdout
    if fmt == "table":
        assert all(part in out for part in ("dispute", CONSULTATION_6[:8], "status=Refinement"))
        return
    assert COMMAND in out
    if fmt == "json":
        (report,) = orjson.loads(out)
        assert [d["dispute"] for d in report["differences"]] == [COMMAND, None]


def test_the_printed_reconcile_command_records_the_dispute_it_names(seeded: str) -> None:
    args = shlex.split(COMMAND)[1:]
    out = ok(seeded, *args)
    assert out.startswith(
        "Recorded a dispute for SECMP0006, Modification Report Consultation issued on "
        f"2017-04-04: '{TABLE_ONE}' gives\n  status Refinement, where the ledger has Report Phase"
    )
    lines = ok(seeded, "show", "SECMP0006", "--as-of", "2017-04-10", "--format", "table")
    assert (
        "status: Report Phase [disputed: Report Phase (SEC Update to the UNC Modification "
        f"Panel, 10 April 2017, section 3.3) against Refinement ({TABLE_ONE})]"
    ) in lines.splitlines()
    assert ok(seeded, "verify").splitlines()[-1] == (
        "every step of the 28 proposals follows its process"
    )
    assert (
        ok(seeded, "verify", "--projections")
        .splitlines()[-1]
        .startswith("projection tables match the events")
    )


def test_a_title_the_published_register_gives_otherwise_is_a_dispute_of_the_submission(
    ledger: str, tmp_path: Any
) -> None:
    published = tmp_path / "register.csv"
    published.write_text("Reference,Title,Status\nSECMP0040,A better change,Approved\n")
    result = invoke(ledger, "reconcile", str(published), "--format", "jsonl")
    assert result.exit_code == 1
    (report,) = [orjson.loads(line) for line in result.stdout.splitlines()]
    (difference,) = report["differences"]
    submitted = jsonl(ledger, "history", "SECMP0040")[0]["event_id"]
    assert difference["dispute"] == (
        f"govledger cite {submitted} --source {published} --disputes 'title=A better change'"
    )
    ok(ledger, *shlex.split(difference["dispute"])[1:])
    assert jsonl(ledger, "register")[0]["disputes"] == (
        f"title disputed: A change (no source) against A better change ({published})"
    )
