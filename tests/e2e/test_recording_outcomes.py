"""What a recording command says it did (the event it wrote, the step, the status before
and after, what it implies), in text and as JSON; and --dry-run, which checks all of it
and writes nothing."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner, Result

from cli.main import main
from ledger.store.settings import is_postgres
from tests.conftest import SEED, new_ledger, without_progress
from tests.e2e.test_cli_record import APPROVE, CONFIRMATIONS, IMR_PATH_3, SUBMIT
from tests.e2e.test_releases_cli import CONFIRMATIONS as RELEASE_CONFIRMATIONS
from tests.e2e.test_releases_cli import SETUP as RELEASE_SETUP

ACTOR = {"GOVLEDGER_ACTOR": "SECAS"}
WITHDRAW = ("withdraw", "SECMP0035", "--on", "2017-06-01")
VERSION = ("version", "5.8", "--on", "2017-11-02", "--implements", "SECMP0035")
TAG = re.compile(r"^\[event ([0-9a-f-]{8,36})\] Recorded", re.M)  # its unique prefix


def invoke(db: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", db, *args], env=ACTOR, prog_name="govledger")


def run(db: str, *args: str) -> str:
    result = invoke(db, *args)
    assert (result.exit_code, without_progress(result.stderr)) == (0, ""), result.output
    return result.stdout


def as_json(db: str, *args: str) -> Any:
    return orjson.loads(run(db, *args, "--format", "json"))


def stored(db: str) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in run(db, "events", "--format", "jsonl").splitlines()]


def store_state(db: str) -> tuple[object, str]:
    """What a dry run must leave as it was: the SQLite file byte for byte (PostgreSQL's
    events as `events` lists them), and the chain's count and head as `verify` gives."""
    kept: object = run(db, "events") if is_postgres(db) else Path(db).read_bytes()
    return kept, run(db, "verify").splitlines()[0]


def as_dry_run(said: str) -> str:
    """What a dry run says where recording said `said`."""
    said = TAG.sub("[dry run] Would record", said)
    return re.sub(r"^\[event [0-9a-f-]{8,36}\] Completed", "[dry run] Would complete", said)


def test_a_recorded_step_names_the_event_it_wrote_and_the_status_before_and_after(
    db: str,
) -> None:
    for command in (SUBMIT, IMR_PATH_3):
        run(db, *command)
    said = run(db, *APPROVE)
    [written] = TAG.findall(said)
    assert len(written) >= 8 and stored(db)[-1]["event_id"].startswith(written)
    assert said == (
        f"[event {written}] Recorded SECMP0035 Change Board vote on 2017-08-23; "
        "status now Approved (was Report Phase).\n"
    )


def test_json_gives_the_same_as_one_object_with_the_event_id_as_stored(db: str) -> None:
    for command in (SUBMIT, IMR_PATH_3):
        run(db, *command)
    said = as_json(db, *APPROVE)
    last = stored(db)[-1]
    assert said == {
        "dry_run": False,
        "recorded": True,
        "about": None,
        "events": [
            {
                "event_id": last["event_id"],
                "kind": "change_board_voted",
                "subject": "SECMP0035",
                "step": "Change Board vote",
                "on": "2017-08-23",
                "status_before": "Report Phase",
                "status_after": "Approved",
                "implied": [],
                "path_unresolved": False,
                "told": None,
                "disputes": [],
            }
        ],
        "notes": [],
    }


def test_a_version_names_its_own_event_and_each_implementation_it_records(db: str) -> None:
    for command in (SUBMIT, IMR_PATH_3):
        run(db, *command)
    said = as_json(db, *VERSION)
    written = {e["kind"]: e for e in said["events"]}
    by_kind = {e["kind"]: e["event_id"] for e in stored(db)}
    assert {kind: e["event_id"] for kind, e in written.items()} == {
        "implemented": by_kind["implemented"],
        "version_effective": by_kind["version_effective"],
    }
    implemented = written["implemented"]
    assert (implemented["status_before"], implemented["status_after"]) == (
        "Report Phase",
        "Implemented",
    )
    assert implemented["implied"] == [{"step": "Change Board vote", "status": "Approved"}]


@pytest.mark.parametrize(
    ("setup", "command"),
    [(setup, command) for setup, command, _ in CONFIRMATIONS],
    ids=[c[1][0] + ("-designation" if "designation" in c[1] else "") for c in CONFIRMATIONS],
)
def test_a_dry_run_of_each_recording_command_says_what_it_would_record_and_writes_nothing(
    db: str, setup: list[tuple[str, ...]], command: tuple[str, ...]
) -> None:
    for earlier in setup:
        run(db, *earlier)
    if not setup:
        run(db, "baseline", "SECMP0001", "--status", "Refinement", "--on", "2017-01")
    before = store_state(db)
    dry = run(db, *command, "--dry-run")
    assert store_state(db) == before
    assert dry == as_dry_run(run(db, *command))
    assert dry.startswith("[dry run] Would ")


@pytest.mark.parametrize(("before", "command", "said"), RELEASE_CONFIRMATIONS)
def test_a_dry_run_of_each_release_command_writes_nothing(
    tmp_path: Path, before: tuple[tuple[str, ...], ...], command: tuple[str, ...], said: str
) -> None:
    db = new_ledger(tmp_path / "events.db")
    for args in (*RELEASE_SETUP, *before):
        run(db, *args)
    state = store_state(db)
    dry = run(db, *command, "--dry-run")
    assert store_state(db) == state
    assert dry == as_dry_run(run(db, *command))


def test_a_dry_run_in_json_says_what_recording_would_and_gives_no_event_id(db: str) -> None:
    for command in (SUBMIT, IMR_PATH_3):
        run(db, *command)
    dry = as_json(db, *VERSION, "--dry-run")
    real = as_json(db, *VERSION)
    assert (dry["dry_run"], dry["recorded"]) == (True, False)
    assert [e["event_id"] for e in dry["events"]] == [None, None]
    assert [e["event_id"] for e in real["events"]] == [e["event_id"] for e in stored(db)[-2:]]
    unnamed = [{k: v for k, v in e.items() if k != "event_id"} for e in real["events"]]
    assert [{k: v for k, v in e.items() if k != "event_id"} for e in dry["events"]] == unnamed
    assert dry["events"][0]["implied"] != []


def test_a_dry_run_of_a_step_the_process_refuses_is_refused_as_recording_it_would_be(
    db: str,
) -> None:
    for command in (SUBMIT, IMR_PATH_3, WITHDRAW):
        run(db, *command)
    before = store_state(db)
    dry, real = invoke(db, *APPROVE, "--dry-run"), invoke(db, *APPROVE)
    assert (dry.exit_code, dry.stdout, dry.stderr) == (2, "", real.stderr)
    assert "Withdrawn" in dry.stderr
    assert store_state(db) == before


def test_a_dry_run_under_strict_recording_refuses_the_gap_as_recording_would(db: str) -> None:
    run(db, *SUBMIT)
    version = (*VERSION, "--strict")
    before = store_state(db)
    dry, real = invoke(db, *version, "--dry-run"), invoke(db, *version)
    assert (dry.exit_code, dry.stderr) == (2, real.stderr)
    assert "strict recording refuses the gap" in dry.stderr
    assert store_state(db) == before


def test_a_dry_run_on_a_ledger_not_yet_made_is_refused_as_recording_is_and_leaves_no_file(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "new.db")
    dry, real = invoke(db, *SUBMIT, "--dry-run"), invoke(db, *SUBMIT)
    assert (dry.exit_code, dry.stderr) == (real.exit_code, real.stderr)
    assert dry.exit_code == 2 and "govledger init" in dry.stderr
    assert list(tmp_path.iterdir()) == []


def vote_id(db: str) -> str:
    return next(e["event_id"] for e in stored(db) if e["kind"] == "change_board_voted")


AMENDMENTS = [
    ("correct", "--set", "on=2017-08-24", "--reason", "the minutes give 24 August"),
    ("retract", "--reason", "recorded against the wrong proposal"),
    ("cite", "--source", "SEC Newsletter, September 2017", "--on", "2017-09-01"),
    ("cite", "--source", "SEC register page", "--disputes", "on=2017-08-25"),
]


@pytest.mark.parametrize("amendment", AMENDMENTS, ids=[" ".join(a[:3]) for a in AMENDMENTS])
def test_a_dry_run_of_a_correction_retraction_or_citation_writes_nothing(
    db: str, amendment: tuple[str, ...]
) -> None:
    for command in (SUBMIT, IMR_PATH_3, APPROVE):
        run(db, *command)
    verb, *options = amendment
    args = (verb, vote_id(db), *options)
    before = store_state(db)
    dry = run(db, *args, "--dry-run")
    assert store_state(db) == before
    real = run(db, *args)
    assert dry == as_dry_run(real)
    [written] = TAG.findall(real)
    assert len(written) >= 8 and stored(db)[-1]["event_id"].startswith(written)


def test_a_retraction_says_the_status_it_moves_back_and_json_says_what_it_is_about(
    db: str,
) -> None:
    for command in (SUBMIT, IMR_PATH_3, APPROVE):
        run(db, *command)
    said = as_json(db, "retract", vote_id(db), "--reason", "recorded in error")
    assert said["about"] == "SECMP0035 change board voted of 2017-08-23"
    [retraction] = said["events"]
    assert (retraction["kind"], retraction["status_before"], retraction["status_after"]) == (
        "retracted",
        "Approved",
        "Report Phase",
    )


def test_retracting_a_proposals_only_step_says_nothing_of_it_stands(db: str) -> None:
    run(db, *SUBMIT)
    submitted = stored(db)[-1]["event_id"]
    said = run(db, "retract", submitted, "--reason", "recorded in error")
    [written] = TAG.findall(said)
    assert said == (
        f"[event {written}] Recorded a retraction of SECMP0035 submitted of 2017-05-02; "
        "nothing of it stands now (was Modification Proposal Submitted).\n"
    )


def test_a_dry_run_of_a_citation_names_the_dispute_it_would_record(db: str) -> None:
    for command in (SUBMIT, IMR_PATH_3, APPROVE):
        run(db, *command)
    said = as_json(db, "cite", vote_id(db), "--source", "page", "--disputes", "on=2017-08-25")
    assert said["events"][0]["disputes"] == [
        {"fact": "on", "value": "2017-08-25", "standing": "2017-08-23", "standing_sources": []}
    ]


def test_an_import_says_the_events_stored_the_lines_read_and_those_already_held(
    db: str,
) -> None:
    assert run(db, "import", str(SEED)) == (
        "Imported 39 events: 37 lines read, 0 of them already in the ledger.\n"
    )
    assert run(db, "verify").startswith("39 events, chain intact")
    assert run(db, "import", str(SEED)) == (
        "Imported 0 events: 37 lines read, 37 of them already in the ledger.\n"
    )


def test_a_dry_run_of_an_import_says_what_it_would_store_and_writes_nothing(db: str) -> None:
    run(db, *SUBMIT)
    before = store_state(db)
    dry = run(db, "import", str(SEED), "--dry-run")
    assert (
        dry == "[dry run] Would import 39 events: 37 lines read, 0 of them already in the ledger.\n"
    )
    assert store_state(db) == before
    assert run(db, "import", str(SEED)) == dry.replace("[dry run] Would import", "Imported")
    assert as_json(db, "import", str(SEED), "--dry-run") == {
        "dry_run": True,
        "lines_read": 37,
        "events_stored": 0,
        "lines_held": 37,
    }


def test_a_dry_run_of_an_import_with_a_refused_line_is_refused_and_writes_nothing(
    db: str, tmp_path: Path
) -> None:
    run(db, *SUBMIT)
    bad = tmp_path / "bad.jsonl"
    lines = SEED.read_bytes().splitlines()
    withdrawn = {"kind": "withdrawn", "proposal": "SECMP0034", "on": "2017-04-06"}
    bad.write_bytes(b"\n".join([*lines, orjson.dumps(withdrawn)]))
    before = store_state(db)
    dry, real = invoke(db, "import", str(bad), "--dry-run"), invoke(db, "import", str(bad))
    assert (dry.exit_code, dry.stdout, dry.stderr) == (2, "", real.stderr)
    assert dry.stderr.startswith("govledger: line 38: SECMP0034: cannot record withdrawn")
    assert store_state(db) == before


def test_a_version_line_before_the_implementation_it_records_is_counted_once(
    db: str, tmp_path: Path
) -> None:
    source = new_ledger(tmp_path / "source.db")
    for command in (SUBMIT, IMR_PATH_3, APPROVE):
        run(source, *command)
    run(source, *VERSION)
    lines = run(source, "events").splitlines()
    kinds = [orjson.loads(line)["kind"] for line in lines]
    assert kinds[-2:] == ["implemented", "version_effective"]
    swapped = tmp_path / "swapped.jsonl"
    swapped.write_text("\n".join([*lines[:-2], lines[-1], lines[-2]]) + "\n")
    assert run(db, "import", str(swapped)) == (
        "Imported 5 events: 5 lines read, 0 of them already in the ledger.\n"
    )
    assert run(db, "verify").startswith("5 events, chain intact")
    assert run(db, "import", str(swapped)) == (
        "Imported 0 events: 5 lines read, 5 of them already in the ledger.\n"
    )
