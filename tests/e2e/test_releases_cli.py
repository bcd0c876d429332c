"""Releases and implementation from the command line: each confirmation and refusal word
for word, what each view shows, and that a refusal writes nothing."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner, Result

from cli.main import main
from tests.conftest import new_ledger, without_progress
from tests.said import untagged

ACTOR = {"GOVLEDGER_ACTOR": "SECAS"}
NOVEMBER = "November 2019 SEC Release"
FEBRUARY = "February 2020 SEC Release"
SETUP = (
    ("submit", "DP100", "--title", "Legal text and systems", "--proposer", "DCC",
     "--on", "2019-01-10"),
    ("convert", "DP100", "--to", "MP100", "--route", "report", "--path", "3", "--on", "2019-01-20"),
    ("submit", "DP101", "--title", "A second change", "--proposer", "EDF", "--on", "2019-01-15"),
    ("convert", "DP101", "--to", "MP101", "--route", "report", "--path", "3", "--on", "2019-02-20"),
    ("vote", "MP100", "--outcome", "approve", "--on", "2019-05-22"),
    ("vote", "MP101", "--outcome", "approve", "--on", "2019-05-22"),
    ("release", "plan", NOVEMBER, "--go-live", "2019-11-07", "--on", "2019-02-14"),
)  # fmt: skip


LEGAL_TEXT = ("implement", "MP100", "--release", NOVEMBER, "--part", "legal text",
              "--on", "2019-11-28")  # fmt: skip


def invoke(db: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", db, *args], env=ACTOR, prog_name="govledger")


def run(db: str, *args: str) -> str:
    result = invoke(db, *args)
    assert (result.exit_code, without_progress(result.stderr)) == (0, ""), result.output
    return untagged(result.stdout)


def jsonl(db: str, *args: str) -> list[dict[str, object]]:
    return [orjson.loads(line) for line in run(db, *args, "--format", "jsonl").splitlines()]


def event_count(db: str) -> int:
    return len(run(db, "events", "--format", "jsonl").splitlines())


@pytest.fixture
def planned(tmp_path: Path) -> str:
    db = new_ledger(tmp_path / "events.db")
    for args in SETUP:
        run(db, *args)
    return db


CONFIRMATIONS = [
    (
        (),
        ("release", "plan", FEBRUARY, "--go-live", "2020-02-27", "--on", "2019-06-01"),
        f"Recorded for {FEBRUARY} on 2019-06-01: announced, go-live planned for 2020-02-27.\n",
    ),
    (
        (),
        ("release", "plan", "Ad hoc release", "--on", "2019-06-01"),
        "Recorded for Ad hoc release on 2019-06-01: announced, go-live planned for a date not "
        "recorded.\n",
    ),
    (
        (),
        ("release", "scope", NOVEMBER, "MP100", "MP101", "--on", "2019-06-20"),
        f"Recorded for {NOVEMBER} on 2019-06-20: scope baselined: MP100, MP101.\n",
    ),
    (
        (("release", "scope", NOVEMBER, "MP100", "MP101", "--on", "2019-06-20"),),
        ("release", "scope", NOVEMBER, "MP100", "--on", "2019-08-01"),
        f"Recorded for {NOVEMBER} on 2019-08-01: scope baselined: MP100 (removed MP101).\n",
    ),
    (
        (),
        ("release", "move", "november 2019 sec release", "--to", "2019-11-28",
         "--decided-by", "SEC Panel", "--on", "2019-09-13"),
        f"Recorded for {NOVEMBER} on 2019-09-13: go-live moved from 2019-11-07 to 2019-11-28, "
        "decided by SEC Panel.\n",
    ),
    (
        (),
        ("release", "version", NOVEMBER, "27.0", "--on", "2019-10-01"),
        f"Recorded for {NOVEMBER} on 2019-10-01: version number 27.0 published.\n",
    ),
    (
        (),
        ("release", "live", NOVEMBER, "--on", "2019-11-28"),
        f"Recorded for {NOVEMBER} on 2019-11-28: went live (its go-live was 2019-11-07).\n",
    ),
    (
        (),
        ("implement", "MP100", "--release", NOVEMBER, "--part", "legal text", "--on", "2019-11-28"),
        "Recorded MP100 implemented in a SEC Release on 2019-11-28; status now Partly "
        "Implemented (was Approved).\n",
    ),
    (
        (LEGAL_TEXT,),
        ("implement", "MP100", "--release", "Ad hoc release", "--part", "DCC systems",
         "--last-part", "--on", "2020-01-09"),
        "Recorded MP100 implemented in a SEC Release on 2020-01-09; status now Implemented "
        "(was Partly Implemented).\n"
        "Note: Ad hoc release is not a recorded release (govledger release plan, or live, "
        "records it).\n",
    ),
    (
        (),
        ("version", "27.0", "--on", "2019-11-28"),
        "Recorded SEC 27.0, effective 2019-11-28; its basis and contents are not recorded.\n",
    ),
    (
        (("version", "27.0", "--on", "2019-11-28"),),
        ("version", "27.0", "--implements", "MP101", "--amends", "Section A", "--on", "2019-11-28"),
        "Completed SEC 27.0, known until now only by its number and date: basis modification; "
        "implements MP101; amends Section A.\n",
    ),
    (
        (),
        ("version", "--basis", "direction", "--amends", "Section X", "--on", "2020-01-15"),
        "Recorded SEC direction of 2020-01-15, with no version number.\n",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("before", "command", "said"), CONFIRMATIONS)
def test_each_command_confirms_what_it_recorded(
    planned: str, before: tuple[tuple[str, ...], ...], command: tuple[str, ...], said: str
) -> None:
    for args in before:
        run(planned, *args)
    assert run(planned, *command) == said


REFUSALS = [
    (
        (),
        ("release", "scope", NOVEMBER, "MP100", "MP999", "--on", "2019-06-20"),
        f"govledger: {NOVEMBER}: cannot baseline its scope: MP999 is not in the ledger "
        "(submit or baseline it first)\n",
    ),
    (
        (),
        ("release", "scope", NOVEMBER, "MP100", "SECMP0100", "--on", "2019-06-20"),
        f"govledger: {NOVEMBER}: SECMP0100 is named twice in the scope\n",
    ),
    (
        (LEGAL_TEXT,),
        ("implement", "MP100", "--release", NOVEMBER, "--part", "legal text", "--on", "2020-02-27"),
        "govledger: MP100: cannot record implemented in a SEC Release on 2020-02-27 under the "
        "SEC process of November 2018: its part 'legal text' was implemented on 2019-11-28\n",
    ),
    (
        (),
        ("release", "move", NOVEMBER, "--to", "2019-11-28", "--on", "2019-01-10"),
        f"govledger: {NOVEMBER}: cannot record go-live moved on 2019-01-10: it was announced "
        "on 2019-02-14\n",
    ),
    (
        (),
        ("implement", "MP100", "--release", NOVEMBER, "--on", "2019-01-31"),
        f"govledger: MP100: cannot record implemented in a SEC Release on 2019-01-31: {NOVEMBER} "
        "was announced on 2019-02-14\n",
    ),
    (
        (),
        ("release", "plan", NOVEMBER, "--on", "2019-03-01"),
        f"govledger: {NOVEMBER}: cannot record release announced on 2019-03-01: it is already "
        "in the ledger\n",
    ),
    (
        (("release", "live", NOVEMBER, "--on", "2019-11-28"),),
        ("release", "move", NOVEMBER, "--to", "2019-12-12", "--on", "2019-12-01"),
        f"govledger: {NOVEMBER}: cannot record go-live moved on 2019-12-01: it went live on "
        "2019-11-28\n",
    ),
    (
        (),
        ("release", "move", NOVEMBER, "--to", "2019-11-07", "--on", "2019-09-13"),
        f"govledger: {NOVEMBER}: cannot record go-live moved on 2019-09-13: its go-live is "
        "already 2019-11-07\n",
    ),
    (
        (),
        ("release", "plan", FEBRUARY, "--go-live", "2019-01-31", "--on", "2019-02-14"),
        f"govledger: {FEBRUARY}: go-live 2019-01-31 precedes its announcement of 2019-02-14\n",
    ),
    (
        (),
        ("release", "move", NOVEMBER, "--to", "soon", "--on", "2019-09-13"),
        f"govledger: {NOVEMBER}: go-live 'soon' is not a date: use YYYY-MM-DD, or YYYY-MM for a "
        "month\n",
    ),
    (
        (),
        ("release", "version", NOVEMBER, "v27", "--on", "2019-10-01"),
        f"govledger: {NOVEMBER}: 'v27' is not a SEC version number (e.g. 5.6)\n",
    ),
    (
        (("release", "version", NOVEMBER, "27.0", "--on", "2019-10-01"),),
        ("version", "28.0", "--release", NOVEMBER, "--implements", "MP100", "--on", "2019-11-28"),
        f"govledger: SEC 28.0: cannot record version effective on 2019-11-28: {NOVEMBER}'s "
        "version number is 27.0 (published 2019-10-01)\n",
    ),
    (
        (),
        ("release", "plan", "", "--on", "2019-03-01"),
        "govledger: RELEASE is empty: name the release (the November 2019 SEC Release)\n",
    ),
    (
        (),
        ("release", "plan", "Nov\x1b", "--on", "2019-03-01"),
        "govledger: RELEASE: contains a control character (U+001B) at position 4\n",
    ),
    (
        (),
        ("implement", "MP100", "--last-part", "--release", NOVEMBER, "--on", "2019-11-28"),
        "govledger: MP100: a last part needs the part it implements (--part)\n",
    ),
    (
        (),
        ("version", "--amends", "Section X", "--on", "2020-01-15"),
        "govledger: SEC: a change with no version number is a direction or a designation "
        "(--basis direction or --basis designation)\n",
    ),
    (
        (("version", "27.0", "--on", "2019-11-28"),),
        ("version", "27.0", "--implements", "MP100", "--on", "2019-11-29"),
        "govledger: SEC 27.0: recorded as effective on 2019-11-28, not 2019-11-29 (a correction "
        "moves its date)\n",
    ),
    (
        (),
        ("release", "live", NOVEMBER, "--code", "XYZ", "--on", "2019-11-28"),
        "govledger: no modification process is defined for code 'XYZ' (known: BSC, SEC, UNC)\n",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("before", "command", "message"), REFUSALS)
def test_each_refusal_is_one_line_exit_2_and_writes_nothing(
    planned: str, before: tuple[tuple[str, ...], ...], command: tuple[str, ...], message: str
) -> None:
    for args in before:
        run(planned, *args)
    held = event_count(planned)
    result = invoke(planned, *command)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
    assert event_count(planned) == held


def test_a_part_under_the_process_of_2017_is_refused(tmp_path: Path) -> None:
    db = new_ledger(tmp_path / "events.db")
    run(db, "submit", "SECMP0035", "--title", "T", "--proposer", "P", "--on", "2017-05-02")
    result = invoke(db, "implement", "SECMP0035", "--version", "5.8", "--part", "legal text",
                    "--on", "2017-11-02")  # fmt: skip
    assert (result.exit_code, result.stderr) == (
        2,
        "govledger: SECMP0035: the SEC process of 2017 implements a change whole, not in parts\n",
    )


def test_a_retracted_version_number_is_recorded_again(planned: str) -> None:
    run(planned, "version", "27.0", "--implements", "MP100", "--on", "2019-11-28")
    made = next(e for e in jsonl(planned, "events") if e["kind"] == "version_effective")
    run(planned, "retract", str(made["event_id"]), "--reason", "recorded in error")
    assert run(planned, "version", "27.0", "--implements", "MP100", "--on", "2019-11-29") == (
        "Recorded SEC 27.0 again, effective 2019-11-29 (its earlier record is retracted).\n"
    )
    [shown] = jsonl(planned, "show", "MP100")
    assert (shown["status"], shown["status_since"]) == ("Implemented", "2019-11-29")


def test_a_version_correction_adds_and_removes_what_it_implements(planned: str) -> None:
    run(planned, "version", "27.0", "--implements", "MP100", "--on", "2019-11-28")
    made = next(e for e in jsonl(planned, "events") if e["kind"] == "version_effective")
    run(planned, "correct", str(made["event_id"]), "--set", "implements=MP101",
        "--reason", "the release note lists MP101")  # fmt: skip
    statuses = {r["id"]: r["status"] for r in jsonl(planned, "register")}
    assert (statuses["MP100"], statuses["MP101"]) == ("Approved", "Implemented")
    kinds = [(e["kind"], e.get("proposal")) for e in jsonl(planned, "events")][-3:]
    assert kinds == [
        ("version_corrected", None),
        ("retracted", "SECMP0100"),  # events name a proposal by its stored key
        ("implemented", "SECMP0101"),
    ]


def worked_example(db: str) -> None:
    for args in (
        ("release", "scope", NOVEMBER, "MP100", "MP101", "--on", "2019-06-20"),
        ("release", "move", NOVEMBER, "--to", "2019-11-28", "--decided-by", "SEC Panel",
         "--on", "2019-09-13"),
        ("release", "version", NOVEMBER, "27.0", "--on", "2019-10-01"),
        ("release", "plan", FEBRUARY, "--go-live", "2020-02-27", "--on", "2019-06-01"),
        ("implement", "MP100", "--release", NOVEMBER, "--part", "legal text", "--on", "2019-11-28"),
        ("implement", "MP101", "--release", NOVEMBER, "--on", "2019-11-28"),
        ("release", "live", NOVEMBER, "--on", "2019-11-28"),
        ("version", "27.0", "--on", "2019-11-28"),
        ("version", "--basis", "direction", "--amends", "Section X", "--on", "2020-01-15"),
        ("implement", "MP100", "--release", FEBRUARY, "--part", "DCC systems", "--last-part",
         "--on", "2020-02-27"),
    ):  # fmt: skip
        run(db, *args)


def test_the_releases_on_a_date_are_as_they_then_stood(planned: str) -> None:
    worked_example(planned)
    assert jsonl(planned, "releases", "--as-of", "2019-10-01") == [
        {
            "release": NOVEMBER,
            "announced": "2019-02-14",
            "go_live": "2019-11-28",
            "state": "planned",
            "version": "27.0",
            "scope": ["MP100", "MP101"],
        },
        {
            "release": FEBRUARY,
            "announced": "2019-06-01",
            "go_live": "2020-02-27",
            "state": "planned",
            "version": None,
            "scope": None,
        },
    ]
    table = run(planned, "releases", "--as-of", "2019-12-01", "--format", "csv")
    assert table.splitlines() == [
        "release,announced,go_live,state,version,scope",
        f"{NOVEMBER},2019-02-14,2019-11-28,went live,27.0,MP100; MP101",
        f"{FEBRUARY},2019-06-01,2020-02-27,planned,not recorded,not recorded",
    ]
    assert jsonl(planned, "releases", "--as-of", "2019-02-13") == []


def test_a_proposal_implemented_in_parts_shows_partly_implemented_between_them(
    planned: str,
) -> None:
    worked_example(planned)
    [between] = jsonl(planned, "show", "MP100", "--as-of", "2020-01-01")
    assert (between["status"], between["stage"], between["implemented_in"]) == (
        "Partly Implemented",
        "implementing",
        f"{NOVEMBER} (legal text)",
    )
    [after] = jsonl(planned, "show", "MP100", "--as-of", "2020-03-01")
    assert (after["status"], after["implemented_in"]) == (
        "Implemented",
        f"{NOVEMBER} (legal text); {FEBRUARY} (DCC systems)",
    )
    assert [row["what"] for row in after["timeline"]][-2:] == [  # type: ignore[index]
        f"implemented in part in {NOVEMBER}: legal text",
        f"implemented in {FEBRUARY}: DCC systems, its last part",
    ]


def test_the_code_shows_a_direction_with_no_number_and_a_version_known_only_by_its_number(
    planned: str,
) -> None:
    worked_example(planned)
    [code] = jsonl(planned, "code", "SEC", "--as-of", "2020-03-01")
    assert (code["in_force"], code["since"]) == ("27.0", "2019-11-28")
    assert code["chain"] == [
        {"version": "27.0", "effective": "2019-11-28", "basis": None, "implements": None,
         "amends": None, "release": None},
        {"version": None, "effective": "2020-01-15", "basis": "direction", "implements": [],
         "amends": ["Section X"], "release": None},
    ]  # fmt: skip
    [before] = jsonl(planned, "code", "SEC", "--as-of", "2020-01-14")
    assert [v["effective"] for v in before["pending"]] == ["2020-01-15"]  # type: ignore[union-attr]
    table = run(planned, "code", "SEC", "--as-of", "2020-03-01", "--format", "csv")
    assert "27.0,2019-11-28,not recorded,not recorded,not recorded," in table
    assert "no number,2020-01-15,direction,,Section X," in table


def test_one_release_shows_its_facts_history_and_what_went_live_in_it(planned: str) -> None:
    worked_example(planned)
    shown = run(planned, "release", "show", NOVEMBER, "--as-of", "2020-03-01", "--format", "md")
    facts = shown.split("\n\n")[0].splitlines()[1:]
    assert facts == [
        f"release: {NOVEMBER}",
        "code: SEC",
        "announced: 2019-02-14",
        "go-live: 2019-11-28 (first planned for 2019-11-07; moved on 2019-09-13 from "
        "2019-11-07 to 2019-11-28, decided by SEC Panel)",
        "went live: 2019-11-28",
        "version: 27.0",
        "scope: MP100, MP101 (baselined 2019-06-20)",
        "versions recorded with it: none",
    ]
    [one] = jsonl(planned, "release", "show", NOVEMBER, "--as-of", "2020-03-01")
    assert one["proposals"] == [
        {"id": "MP100", "title": "Legal text and systems", "in_scope": True,
         "status": "Implemented", "implemented_in_it": "2019-11-28: legal text (a part)"},
        {"id": "MP101", "title": "A second change", "in_scope": True, "status": "Implemented",
         "implemented_in_it": "2019-11-28"},
    ]  # fmt: skip
    assert [row["what"] for row in one["history"]] == [  # type: ignore[union-attr]
        "announced, go-live planned for 2019-11-07",
        "scope baselined: MP100, MP101",
        "go-live moved from 2019-11-07 to 2019-11-28, decided by SEC Panel",
        "version number 27.0 published",
        "went live",
    ]


def test_a_release_before_its_announcement_is_an_answer_and_an_unknown_one_is_refused(
    planned: str,
) -> None:
    before = run(planned, "release", "show", NOVEMBER, "--as-of", "2019-02-13", "--format", "md")
    assert before.splitlines()[-1] == f"{NOVEMBER}: not yet announced by 2019-02-13"
    result = invoke(planned, "release", "show", "Nope")
    assert (result.exit_code, result.stderr) == (2, "govledger: Nope: not in the ledger\n")


def test_every_line_events_writes_of_releases_fits_the_interchange_schema(planned: str) -> None:
    worked_example(planned)
    run(planned, "version", "27.0", "--amends", "Section A", "--on", "2019-11-28")
    scoped = next(e for e in jsonl(planned, "events") if e["kind"] == "release_scoped")
    run(planned, "correct", str(scoped["event_id"]), "--set", "proposals=MP100",
        "--reason", "as minuted")  # fmt: skip
    document = orjson.loads(CliRunner().invoke(main, ["schema"]).stdout)
    by_kind = {
        d["properties"]["kind"]["const"]: d
        for d in document["$defs"].values()
        if "kind" in d.get("properties", {})
    }
    lines = jsonl(planned, "events")
    assert {"release_corrected", "version_corrected", "release_live"} <= {
        str(line["kind"]) for line in lines
    }
    for line in lines:
        definition = by_kind[str(line["kind"])]
        assert set(definition["required"]) <= set(line) <= set(definition["properties"]), line


def test_diff_tells_a_part_implemented_from_the_whole(planned: str) -> None:
    worked_example(planned)
    rows = jsonl(planned, "diff", "--from", "2019-11-01", "--to", "2020-03-01")
    assert [(r["change"], r["id"], r["to"]) for r in rows] == [
        ("partly implemented", "MP100", "Partly Implemented"),
        ("implemented", "MP101", "Implemented"),
        ("version", "SEC 27.0", "in force"),
        ("version", "SEC direction of 2020-01-15", "in force"),
        ("implemented", "MP100", "Implemented"),
    ]


def test_the_process_says_a_part_leads_to_partly_implemented_and_the_whole_to_implemented(
    tmp_path: Path,
) -> None:
    steps = jsonl(str(tmp_path / "none.db"), "process", "SEC", "--part", "steps")
    [implemented] = [s for s in steps if s["step"] == "implemented"]
    assert (implemented["from"], implemented["leads_to"]) == (
        "Approved, Partly Implemented",
        "extent part: Partly Implemented; otherwise: Implemented",
    )


def test_a_release_known_first_by_its_go_live_is_recorded_its_announcement_not_recorded(
    planned: str,
) -> None:
    name = "June 2021 SEC Release"
    assert run(planned, "release", "live", name, "--on", "2021-06-24") == (
        f"Recorded for {name} on 2021-06-24: went live.\n"
    )
    [row] = [r for r in orjson.loads(run(planned, "releases", "--format", "json"))
             if r["release"] == name]  # fmt: skip
    assert (row["announced"], row["go_live"], row["state"]) == (None, "2021-06-24", "went live")
    assert run(planned, "release", "plan", name, "--go-live", "2021-06-24", "--on",
               "2020-11-13") == (
        f"Recorded for {name} on 2020-11-13: announced, go-live planned for 2021-06-24.\n"
    )  # fmt: skip
    result = invoke(planned, "release", "plan", name, "--on", "2021-07-01")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(
        f"govledger: {name}: cannot record release announced on 2021-07-01: it is already "
        "in the ledger"
    )
