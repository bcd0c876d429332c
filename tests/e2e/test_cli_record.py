"""Recording from the command line: what each command confirms, refuses and writes."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner, Result

from cli.main import main
from ledger.store.settings import is_postgres
from tests.conftest import new_ledger, without_progress
from tests.said import untagged

ACTOR = {"GOVLEDGER_ACTOR": "SECAS"}


def invoke(db: str, *args: str, env: dict[str, str | None] | None = None) -> Result:
    return CliRunner().invoke(main, ["--db", db, *args], env=env or ACTOR, prog_name="govledger")


def run(db: str, *args: str) -> str:
    result = invoke(db, *args)
    assert (result.exit_code, without_progress(result.stderr)) == (0, ""), result.output
    return untagged(result.stdout)


def events(db: str) -> list[dict[str, object]]:
    return [orjson.loads(line) for line in run(db, "events", "--format", "jsonl").splitlines()]


SUBMIT = (
    "submit",
    "SECMP0035",
    "--title",
    "Changes to the SEC Section D",
    "--proposer",
    "British Gas",
    "--on",
    "2017-05-02",
)
IMR_PATH_3 = (
    "imr",
    "SECMP0035",
    "--outcome",
    "accepted",
    "--path",
    "3",
    "--route",
    "report",
    "--on",
    "2017-05-19",
)
IMR_PATH_2 = tuple(a if a != "3" else "2" for a in IMR_PATH_3)
CONSULT = ("consult", "SECMP0035", "--on", "2017-07-03", "--deadline", "2017-07-24")
APPROVE = ("vote", "SECMP0035", "--outcome", "approve", "--on", "2017-08-23")
SUSPEND = (
    "suspend",
    "SECMP0035",
    "--directed-by",
    "BEIS",
    "--clause",
    "X2.3(d)",
    "--on",
    "2017-06",
)
WITHDRAW = ("withdraw", "SECMP0035", "--on", "2017-06-01")

CONFIRMATIONS = [
    # (set-up commands, the command, its confirmation line)
    (
        [],
        SUBMIT,
        "Recorded SECMP0035 submitted on 2017-05-02; status now Modification Proposal Submitted.",
    ),
    (
        [],
        (
            "baseline",
            "SECMP0006",
            "--title",
            "Specifying the number of digits for device displays",
            "--status",
            "Refinement",
            "--on",
            "2017-03",
            "--source",
            "Table one",
        ),
        "Recorded SECMP0006 brought in from a register on 2017-03; status now Refinement.",
    ),
    (
        [SUBMIT],
        IMR_PATH_3,
        "Recorded SECMP0035 IMR considered on 2017-05-19; status now Report Phase "
        "(was Modification Proposal Submitted).",
    ),
    (
        [SUBMIT],
        ("refinement", "SECMP0035", "--on", "2017-05-19"),
        "Recorded SECMP0035 Refinement started on 2017-05-19; status now Refinement "
        "(was Modification Proposal Submitted).",
    ),
    (
        [SUBMIT, IMR_PATH_3],
        CONSULT,
        "Recorded SECMP0035 Modification Report Consultation issued on 2017-07-03; "
        "status still Report Phase.",
    ),
    (
        [SUBMIT, IMR_PATH_3, CONSULT],
        ("close-consultation", "SECMP0035", "--on", "2017-07-24"),
        "Recorded SECMP0035 Modification Report Consultation closed on 2017-07-24; "
        "status now Change Board (was Report Phase).",
    ),
    (
        [SUBMIT, IMR_PATH_3],
        APPROVE,
        "Recorded SECMP0035 Change Board vote on 2017-08-23; status now Approved "
        "(was Report Phase).",
    ),
    (
        [SUBMIT, IMR_PATH_2, APPROVE],
        (
            "decide",
            "SECMP0035",
            "--outcome",
            "reject",
            "--authority",
            "Ofgem",
            "--on",
            "2017-09-30",
        ),
        "Recorded SECMP0035 Authority determination on 2017-09-30; status now Rejected "
        "(was Authority Determination).",
    ),
    (
        [SUBMIT, IMR_PATH_3],
        WITHDRAW,
        "Recorded SECMP0035 withdrawn by the proposer on 2017-06-01; status now Withdrawn "
        "(was Report Phase).",
    ),
    (
        [SUBMIT],
        ("cancel", "SECMP0035", "--directed-by", "BEIS", "--clause", "X2.3(d)", "--on", "2017-05"),
        "Recorded SECMP0035 cancelled by direction on 2017-05; status now Cancelled "
        "(was Modification Proposal Submitted).",
    ),
    (
        [SUBMIT, IMR_PATH_3],
        SUSPEND,
        "Recorded SECMP0035 suspended by direction on 2017-06; status now Suspended "
        "(was Report Phase).",
    ),
    (
        [SUBMIT, IMR_PATH_3, SUSPEND],
        ("resume", "SECMP0035", "--on", "2017-09-01"),
        "Recorded SECMP0035 resumed on 2017-09-01; status now Report Phase (was Suspended).",
    ),
    (
        [SUBMIT],
        ("schedule", "SECMP0035", "--what", "IMR at the SEC Panel", "--on", "2017-05-19"),
        "Recorded SECMP0035 scheduled on 2017-05-19; status still Modification Proposal Submitted.",
    ),
    (
        [SUBMIT, IMR_PATH_3, APPROVE],
        (
            "version",
            "5.8",
            "--on",
            "2017-11-02",
            "--implements",
            "SECMP0035",
            "--amends",
            "Section D",
        ),
        "Recorded SEC 5.8, effective 2017-11-02.",
    ),
    (
        [],
        ("version", "5.7", "--on", "2017-06-01", "--basis", "designation", "--amends", "X"),
        "Recorded SEC 5.7, effective 2017-06-01.",
    ),
]


@pytest.mark.parametrize(
    ("setup", "command", "confirmation"),
    CONFIRMATIONS,
    ids=[c[1][0] + ("-designation" if "designation" in c[1] else "") for c in CONFIRMATIONS],
)
def test_each_recording_command_confirms_what_it_recorded_in_one_line(
    db: str, setup: list[tuple[str, ...]], command: tuple[str, ...], confirmation: str
) -> None:
    for earlier in setup:
        run(db, *earlier)
    before = len(events(db)) if setup else 0
    assert run(db, *command) == confirmation + "\n"
    assert len(events(db)) > before


def test_a_recorded_step_keeps_its_source_note_and_actor(sqlite_db: str) -> None:
    run(sqlite_db, *SUBMIT, "--source", "SEC Update, section 3", "--note", "By email.")
    [line] = events(sqlite_db)
    assert (line["actor"], line["source"], line["note"], line["on"]) == (
        "SECAS",
        "SEC Update, section 3",
        "By email.",
        "2017-05-02",
    )


REFUSALS = [
    # (set-up commands, the refused command, its one-line message)
    (
        [SUBMIT, IMR_PATH_3, WITHDRAW],
        APPROVE,
        "SECMP0035: cannot record Change Board vote on 2017-08-23"
        " under the SEC process of 2017: its status is Withdrawn",
    ),
    (
        [SUBMIT, IMR_PATH_3],
        ("version", "5.8", "--on", "2017-11-02", "--implements", "SECMP0035", "--strict"),
        "SECMP0035: cannot record implemented on 2017-11-02"
        " under the SEC process of 2017: its status is Report Phase; strict recording"
        " refuses the gap: Change Board vote (Approved) not recorded",
    ),
    (
        [SUBMIT],
        SUBMIT,
        "SECMP0035: cannot record it as submitted: it is already in the ledger",
    ),
    (
        [SUBMIT, IMR_PATH_3],
        (
            "decide",
            "SECMP0035",
            "--outcome",
            "approve",
            "--authority",
            "Ofgem",
            "--on",
            "2017-08-23",
        ),
        "SECMP0035: cannot record Authority determination on 2017-08-23"
        " under the SEC process of 2017: it is on Path 3 "
        "(Self-Governance), where the Change Board decides, not the Authority",
    ),
    (
        [SUBMIT, IMR_PATH_3],
        ("consult", "SECMP0035", "--on", "2017-07-03", "--deadline", "2017-06-24"),
        "SECMP0035: consultation deadline 2017-06-24 precedes its issue date 2017-07-03",
    ),
    (
        [SUBMIT],
        tuple(a if a != "3" else "4" for a in IMR_PATH_3),
        "SECMP0035: cannot record imr considered: unknown path '4': SEC paths are "
        "1 (Authority-led), 2 (Authority Determination), 3 (Self-Governance)",
    ),
    (
        [SUBMIT],
        tuple(a if a != "SECMP0035" else "SECMP35" for a in SUBMIT),
        "SECMP35: cannot record submitted: 'SECMP35' is not a SEC proposal id "
        "(expected something like DP034, MP034, SECMP0034)",
    ),
    (
        [SUBMIT],
        ("withdraw", "SECMP0035", "--on", "2017-13-02"),
        "SECMP0035: cannot record withdrawn: the date it happened '2017-13-02' is not a date: "
        "use YYYY-MM-DD, or YYYY-MM for a month",
    ),
    (
        [SUBMIT],
        ("withdraw", "SECMP0036", "--on", "2017-06-01"),
        "SECMP0036: not in the ledger (submit or baseline it first)",
    ),
    (
        [SUBMIT],
        ("vote", "SECMP0035", "--outcome", "maybe", "--on", "2017-06-01"),
        "Invalid value for '--outcome': 'maybe' is not one of 'approve', 'reject'. "
        "(see 'govledger vote --help')",
    ),
]
REFUSAL_IDS = [
    "vote-on-withdrawn",
    "version-implements-unapproved",
    "submit-twice",
    "authority-decision-on-path-3",
    "deadline-before-issue",
    "unknown-path",
    "malformed-id",
    "malformed-date",
    "unknown-proposal",
    "unknown-option-value",
]


def stored_bytes(db: str) -> bytes | None:
    return None if is_postgres(db) else Path(db).read_bytes()


@pytest.mark.parametrize(("setup", "command", "message"), REFUSALS, ids=REFUSAL_IDS)
def test_a_refused_command_says_why_in_one_line_exits_2_and_writes_nothing(
    db: str, setup: list[tuple[str, ...]], command: tuple[str, ...], message: str
) -> None:
    for earlier in setup:
        run(db, *earlier)
    ledger_before = run(db, "events")
    bytes_before = stored_bytes(db)
    result = invoke(db, *command)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"govledger: {message}\n")
    assert run(db, "events") == ledger_before
    assert stored_bytes(db) == bytes_before


def test_a_refused_first_command_leaves_a_new_ledger_empty(tmp_path: Path) -> None:
    db = new_ledger(tmp_path / "new.db")
    result = invoke(db, "withdraw", "SECMP0035", "--on", "2017-06-01")
    assert (result.exit_code, result.stderr) == (
        2,
        "govledger: SECMP0035: not in the ledger (submit or baseline it first)\n",
    )
    assert run(db, "events") == ""


def test_a_refused_first_version_leaves_a_new_ledger_empty(tmp_path: Path) -> None:
    db = new_ledger(tmp_path / "new.db")
    result = invoke(db, "version", "5.8", "--on", "2017-11-02", "--implements", "SECMP0035")
    assert (result.exit_code, result.stderr) == (
        2,
        "govledger: SEC 5.8: implements SECMP0035, which is not in the ledger\n",
    )
    assert run(db, "events") == ""


def recorded_actor(db: str, env: dict[str, str | None], *options: str) -> str:
    result = invoke(db, *options, *SUBMIT, env=env)
    assert result.exit_code == 0, result.output
    return str(events(db)[-1]["actor"])


NO_USER: dict[str, str | None] = {
    "GOVLEDGER_ACTOR": None,
    "LOGNAME": None,
    "USER": None,
    "LNAME": None,
    "USERNAME": None,
}


def test_the_actor_option_wins_over_the_environment(sqlite_db: str) -> None:
    env = {**NO_USER, "GOVLEDGER_ACTOR": "Panel secretary", "LOGNAME": "alice"}
    assert recorded_actor(sqlite_db, env, "--actor", "Jane Doe") == "Jane Doe"


def test_without_the_option_the_actor_is_govledger_actor(sqlite_db: str) -> None:
    env = {**NO_USER, "GOVLEDGER_ACTOR": "Panel secretary", "LOGNAME": "alice"}
    assert recorded_actor(sqlite_db, env) == "Panel secretary"


def test_without_option_or_environment_the_actor_is_the_os_user(sqlite_db: str) -> None:
    assert recorded_actor(sqlite_db, {**NO_USER, "LOGNAME": "alice"}) == "alice"


def test_a_blank_actor_option_and_variable_fall_back_to_the_os_user(sqlite_db: str) -> None:
    env = {**NO_USER, "GOVLEDGER_ACTOR": "  ", "LOGNAME": "alice"}
    assert recorded_actor(sqlite_db, env, "--actor", " ") == "alice"


def test_the_actor_is_never_empty_even_when_the_os_user_is_unknown(
    sqlite_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "")
    assert recorded_actor(sqlite_db, NO_USER) == "unknown"


def test_importing_a_file_confirms_how_many_lines_it_recorded_and_skipped(
    tmp_path: Path,
) -> None:
    source, copy = new_ledger(tmp_path / "a.db"), new_ledger(tmp_path / "b.db")
    for command in (SUBMIT, IMR_PATH_3, APPROVE):
        run(source, *command)
    run(source, "version", "5.8", "--on", "2017-11-02", "--implements", "SECMP0035")
    exported = tmp_path / "ledger.jsonl"
    exported.write_text(run(source, "events"))
    assert run(copy, "import", str(exported)) == (
        "Imported 5 events: 5 lines read, 0 of them already in the ledger.\n"
    )
    assert run(copy, "import", str(exported)) == (
        "Imported 0 events: 5 lines read, 5 of them already in the ledger.\n"
    )
    assert without_record_times(events(copy)) == without_record_times(events(source))


def without_record_times(lines: list[dict[str, object]]) -> list[dict[str, object]]:
    return [{k: v for k, v in line.items() if k != "recorded_at"} for line in lines]


def test_an_import_with_a_bad_line_names_it_exits_2_and_records_nothing(
    tmp_path: Path,
) -> None:
    db = new_ledger(tmp_path / "events.db")
    run(db, *SUBMIT)
    before, bytes_before = run(db, "events"), stored_bytes(db)
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(
        b'{"kind": "submitted", "proposal": "SECMP0036", "title": "t", "proposer": "p",'
        b' "on": "2017-05-02"}\n'
        b'{"kind": "withdrawn", "proposal": "SECMP0036", "on": "2017-06"}\n'
        b'{"kind": "change_board_voted", "proposal": "SECMP0036", "outcome": "approve",'
        b' "on": "2017-07-01"}\n'
    )
    result = invoke(db, "import", str(bad))
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "govledger: line 3: SECMP0036: cannot record Change Board vote on 2017-07-01"
        " under the SEC process of 2017: "
        "its status is Withdrawn\n",
    )
    assert (run(db, "events"), stored_bytes(db)) == (before, bytes_before)


def test_an_import_of_a_file_that_is_not_json_lines_names_the_line(tmp_path: Path) -> None:
    db = new_ledger(tmp_path / "events.db")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"kind": "withdrawn", "proposal": "SECMP0036", "on": "2017-06"}\nkind,on\n')
    result = invoke(db, "import", str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith("govledger: line 2: not valid JSON")
    assert result.stderr.count("\n") == 1
    assert run(db, "events") == ""


def test_a_version_implementing_a_proposal_whose_approval_is_unrecorded_names_the_gap(
    db: str,
) -> None:
    for command in (SUBMIT, IMR_PATH_3):
        run(db, *command)
    said = run(db, "version", "5.8", "--on", "2017-11-02", "--implements", "SECMP0035")
    assert said == (
        "Recorded SEC 5.8, effective 2017-11-02.\n"
        "Implied, not recorded, for SECMP0035: Change Board vote (Approved).\n"
    )
    gaps = orjson.loads(run(db, "gaps", "--format", "json"))
    assert gaps == [
        {
            "code": "SEC",
            "id": "SECMP0035",
            "gap": "implied stage",
            "by": "2017-11-02",
            "what": "Approved (implied: Change Board vote, by the implemented)",
        },
        {
            "code": "SEC",
            "id": "SECMP0035",
            "gap": "missing fact",
            "by": None,
            "what": "decision date not recorded",
        },
    ]


def test_strict_recording_can_be_the_ledgers_setting(db: str) -> None:
    for command in (SUBMIT, IMR_PATH_3):
        run(db, *command)
    before = events(db)
    result = invoke(
        db, "version", "5.8", "--on", "2017-11-02", "--implements", "SECMP0035",
        env={**ACTOR, "GOVLEDGER_STRICT": "1"},
    )  # fmt: skip
    assert result.exit_code == 2
    assert "strict recording refuses the gap" in result.stderr
    assert events(db) == before


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv", "md"])
def test_gaps_answers_in_every_format_and_refuses_an_unknown_code(db: str, fmt: str) -> None:
    for command in (SUBMIT, IMR_PATH_3):
        run(db, *command)
    run(db, "version", "5.8", "--on", "2017-11-02", "--implements", "SECMP0035")
    out = run(db, "gaps", "--code", "SEC", "--format", fmt)
    said = "Approved (implied: Change Board vote, by the implemented)"
    assert (said if fmt != "table" else "implied stage") in out
    before = run(db, "gaps", "--as-of", "2017-10-31", "--format", fmt)
    assert "implied" not in before.replace("implied stage", "")
    refused = invoke(db, "gaps", "--code", "XYZ")
    assert (refused.exit_code, refused.stderr) == (
        2,
        "govledger: no modification process is defined for code 'XYZ' (known: BSC, SEC, UNC)\n",
    )


def test_a_proposal_known_without_its_title_or_proposer_is_recorded_and_its_gaps_listed(
    db: str,
) -> None:
    said = run(db, "submit", "SECMP0061", "--on", "2017-09")
    assert said == (
        "Recorded SECMP0061 submitted on 2017-09; status now Modification Proposal Submitted.\n"
    )
    run(db, "consult", "SECMP0061", "--on", "2017-10-02")
    gaps = orjson.loads(run(db, "gaps", "--format", "json"))
    assert [g["what"] for g in gaps] == [
        "title not recorded",
        "proposer not recorded",
        "path not recorded",
    ]
    [submitted, consulted] = events(db)
    assert "title" not in submitted and "proposer" not in submitted
    assert "deadline" not in consulted


CONSULT_WITHOUT_PATH = (SUBMIT, ("consult", "SECMP0035", "--on", "2017-07-03"))


def test_a_vote_whose_path_is_not_recorded_is_recorded_and_says_its_effect_is_unknown(
    db: str,
) -> None:
    for command in CONSULT_WITHOUT_PATH:
        run(db, *command)
    assert run(db, *APPROVE) == (
        "Recorded SECMP0035 Change Board vote on 2017-08-23; status now Change Board "
        "(was Report Phase).\n"
        "Path not recorded for SECMP0035: whether this vote was a decision or a recommendation"
        " is unknown until a later step or its path shows it.\n"
    )
    assert run(db, "decide", "SECMP0035", "--outcome", "reject", "--authority", "Ofgem",
               "--on", "2017-10-02") == (
        "Recorded SECMP0035 Authority determination on 2017-10-02; status now Rejected "
        "(was Change Board).\n"
        "Implied, not recorded, for SECMP0035: Change Board vote of 2017-08-23 as a "
        "recommendation (Authority Determination).\n"
    )  # fmt: skip


def test_a_vote_a_source_calls_a_decision_records_the_path_as_implied(db: str) -> None:
    for command in CONSULT_WITHOUT_PATH:
        run(db, *command)
    assert run(db, *APPROVE, "--as", "decision") == (
        "Recorded SECMP0035 Change Board vote on 2017-08-23; status now Approved "
        "(was Report Phase).\n"
    )
    [row] = orjson.loads(run(db, "register", "--format", "json"))
    assert (row["status"], row["path"], row["decided"]) == ("Approved", "3 (implied)", "2017-08-23")


def test_a_vote_called_a_decision_on_path_2_is_refused_in_one_line_and_writes_nothing(
    db: str,
) -> None:
    for command in (SUBMIT, IMR_PATH_2, CONSULT):
        run(db, *command)
    before = events(db)
    result = invoke(db, *APPROVE, "--as", "decision")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "govledger: SECMP0035: cannot record Change Board vote on 2017-08-23 under the SEC "
        "process of 2017: it is on Path 2 (Authority Determination), where the Change Board's "
        "vote is a recommendation, not a decision\n",
    )
    assert events(db) == before


def test_a_step_recorded_under_a_drafts_modification_id_says_the_conversion_is_implied(
    db: str,
) -> None:
    run(db, "submit", "DP150", "--title", "CSS", "--on", "2021-03-01")
    assert run(db, "consult", "MP150", "--on", "2021-06-01") == (
        "Recorded MP150 Modification Report Consultation issued on 2021-06-01; "
        "status now Report Phase (was Development Stage).\n"
        "Implied, not recorded, for MP150: converted into a Modification Proposal "
        "(Report Phase).\n"
    )
    [line] = [e for e in events(db) if e["kind"] == "consultation_issued"]
    assert line["written_as"] == "MP150"
    gaps = orjson.loads(run(db, "gaps", "--format", "json"))
    assert gaps[0]["what"] == (
        "Report Phase (implied: converted into a Modification Proposal, by the Modification "
        "Report Consultation issued)"
    )


def test_a_submission_found_after_a_baseline_is_recorded_before_it_and_a_late_one_refused(
    db: str,
) -> None:
    run(db, "baseline", "SECMP0030", "--status", "Refinement", "--on", "2017-04-10")
    assert run(db, "submit", "SECMP0030", "--proposer", "Graeme Liggett", "--on",
               "2017-01-04") == (
        "Recorded SECMP0030 submitted on 2017-01-04; status still Refinement.\n"
    )  # fmt: skip
    before = events(db)
    result = invoke(db, "submit", "SECMP0030", "--on", "2017-01-03")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "govledger: SECMP0030: cannot record it as submitted: it is already in the ledger\n",
    )
    assert events(db) == before


def test_a_step_recorded_under_a_later_id_is_exported_and_imported_again_as_it_was(
    tmp_path: Path,
) -> None:
    first, second = new_ledger(tmp_path / "first.db"), new_ledger(tmp_path / "second.db")
    run(first, "submit", "DP150", "--title", "CSS", "--on", "2021-03-01")
    run(first, "consult", "MP150", "--on", "2021-06-01")
    exported = tmp_path / "events.jsonl"
    exported.write_text(run(first, "events", "--format", "jsonl"))
    assert run(second, "import", str(exported)).startswith("Imported 2 ")
    lines = [orjson.loads(line) for line in run(second, "events", "--format", "jsonl").splitlines()]
    assert [line.get("written_as") for line in lines] == [None, "MP150"]
    [shown] = orjson.loads(run(second, "show", "MP150", "--format", "json"))
    assert [i["id"] for i in shown["ids"]] == ["DP150", "MP150"]


def test_a_correction_of_a_draft_proposals_event_implies_no_conversion(db: str) -> None:
    run(db, "submit", "DP150", "--title", "CSS", "--on", "2021-03-01")
    [raised] = events(db)
    run(db, "correct", str(raised["event_id"]), "--set", "title=CSS Programme", "--reason",
        "the page's title")  # fmt: skip
    assert [line.get("written_as") for line in events(db)] == [None, None]
    [shown] = orjson.loads(run(db, "show", "DP150", "--format", "json"))
    assert (shown["id"], shown["title"]) == ("DP150", "CSS Programme")
