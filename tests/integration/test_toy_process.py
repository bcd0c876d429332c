"""A new code's process is one definition and one registry line: a toy code defined here,
registered, and then recorded, folded, projected, listed and reported on through the
public API and the command line with no other change to govledger."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

import orjson
import pytest
from click.testing import CliRunner, Result

from cli.main import main
from ledger.application import GovLedger
from ledger.domain.errors import NotFound
from ledger.domain.process import Decision, Effect, IdForm, Process, Status, Step
from ledger.domain.processes import process_for, register, unregister
from projections import queries
from tests.conftest import new_ledger, without_progress
from tests.said import untagged

PROPOSED, AGREED, DROPPED = "Proposed", "Agreed", "Dropped"
EVERY = frozenset({PROPOSED, AGREED, DROPPED})

TOY = Process(
    code="TOY",
    name="the toy process",
    in_force_from=None,
    summary="A toy code: a change is proposed, then agreed or dropped by the Toy Board",
    statuses=(
        Status(PROPOSED, "raised", group="Open changes"),
        Status(AGREED, "approved", group="Closed changes"),
        Status(DROPPED, "rejected", group="Closed changes"),
    ),
    ids=(IdForm("Toy change", r"T(?P<n>\d+)", "T{n}"),),
    key_spelling="T{n}",
    raised_status=PROPOSED,
    paths=MappingProxyType({"self": "Self-Governance", "board": "Board decision"}),
    self_governance_paths=frozenset({"self"}),
    bodies=MappingProxyType({"Toy Board": "agrees or drops each change"}),
    steps=(
        Step("submitted", "proposed", frozenset(), Effect(by="form")),
        Step(
            "change_board_voted",
            "Toy Board vote",
            frozenset({PROPOSED}),
            Effect(by="outcome", choices=MappingProxyType({"approve": AGREED, "reject": DROPPED})),
            decision=Decision("Toy Board", "{outcome}"),
            choices=MappingProxyType({"outcome": ("approve", "reject")}),
            needs_path=True,
        ),
        Step("corrected", "correction", EVERY),
        Step("retracted", "retraction", EVERY),
    ),
)
ACTOR = "Toy Secretariat"
ENV = {"GOVLEDGER_ACTOR": ACTOR, "COLUMNS": "1000"}


@pytest.fixture
def toy() -> Iterator[Process]:
    register(TOY)
    try:
        yield TOY
    finally:
        unregister("TOY")


@pytest.fixture
def db(tmp_path: Path, toy: Process) -> str:
    return new_ledger(tmp_path / "events.db")


def invoke(db: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", db, *args], env=ENV, prog_name="govledger")


def run(db: str, *args: str) -> str:
    result = invoke(db, *args)
    assert (result.exit_code, without_progress(result.stderr)) == (0, ""), (args, result.output)
    return untagged(result.stdout)


def as_json(db: str, *args: str) -> Any:
    return orjson.loads(run(db, *args, "--format", "json"))


def submit(db: str, proposal: str = "T7", path: str = "self") -> str:
    return run(db, "submit", proposal, "--code", "TOY", "--title", f"Toy change {proposal}",
               "--proposer", "Toy Co", "--path", path, "--on", "2024-01-02")  # fmt: skip


def vote(db: str, proposal: str = "T7", outcome: str = "approve") -> str:
    return run(db, "vote", proposal, "--code", "TOY", "--outcome", outcome, "--on", "2024-02-01")


def event_count(db: str) -> int:
    return len(run(db, "events", "--format", "jsonl").splitlines())


def test_a_toy_proposal_submitted_through_the_cli_starts_in_the_toy_processs_first_status(
    db: str,
) -> None:
    assert submit(db).endswith("; status now Proposed.\n")
    row = as_json(db, "show", "T7", "--code", "TOY")[0]
    assert (row["id"], row["status"], row["path"], row["proposer"]) == (
        "T7",
        PROPOSED,
        "self",
        "Toy Co",
    )


def test_the_toy_boards_vote_on_a_self_governance_path_agrees_the_change(db: str) -> None:
    submit(db)
    assert vote(db).endswith("; status now Agreed (was Proposed).\n")
    row = as_json(db, "show", "T7", "--code", "TOY")[0]
    assert (row["status"], row["decided"]) == (AGREED, "2024-02-01")
    assert as_json(db, "show", "T7", "--code", "TOY", "--as-of", "2024-01-31")[0]["status"] == (
        PROPOSED
    )


def test_a_rejected_toy_change_is_dropped(db: str) -> None:
    submit(db, "T8", path="board")
    vote(db, "T8", outcome="reject")
    assert as_json(db, "show", "T8", "--code", "TOY")[0]["status"] == DROPPED


def test_a_toy_proposal_recorded_through_the_api_folds_and_projects(db: str) -> None:
    app = GovLedger(db)
    try:
        for kind, fields in (
            ("submitted", {"title": "Toy change", "proposer": "Toy Co", "path": "self"}),
            ("change_board_voted", {"outcome": "approve"}),
        ):
            on = "2024-01-02" if kind == "submitted" else "2024-02-01"
            assert app.record(kind, "TOY", "T9", on=on, actor=ACTOR, **fields)
        state = app.proposal("TOY", "T9").state
        assert (state.status, state.decided_on, state.process) == (
            AGREED,
            "2024-02-01",
            "the toy process",
        )
        rows, _ = queries.register(app, as_of=date(2024, 3, 1), code="TOY")
        assert [(r["id"], r["status"]) for r in rows] == [("T9", AGREED)]
    finally:
        app.close()
    assert "the tables are up to date" in run(db, "project")
    assert [(r["id"], r["status"]) for r in as_json(db, "register", "--code", "TOY")] == [
        ("T9", AGREED)
    ]


def test_the_register_read_from_the_projection_tables_holds_the_toy_proposals(db: str) -> None:
    submit(db)
    submit(db, "T8", path="board")
    vote(db)
    assert run(db, "rebuild").startswith("Rebuilt the projection tables from 3 events")
    rows = {r["id"]: r for r in as_json(db, "register", "--code", "TOY")}
    assert {k: r["status"] for k, r in rows.items()} == {"T7": AGREED, "T8": PROPOSED}
    assert "code" not in rows["T7"]
    before = as_json(db, "register", "--code", "TOY", "--as-of", "2024-01-31")
    assert {r["id"]: r["status"] for r in before} == {"T7": PROPOSED, "T8": PROPOSED}


def test_the_open_register_leaves_out_a_toy_proposal_once_it_is_decided(db: str) -> None:
    submit(db)
    submit(db, "T8", path="board")
    assert [r["id"] for r in as_json(db, "register", "--open")] == ["T7", "T8"]
    vote(db)
    assert [r["id"] for r in as_json(db, "register", "--open")] == ["T8"]
    assert [r["id"] for r in as_json(db, "register", "--open", "--as-of", "2024-01-31")] == [
        "T7",
        "T8",
    ]


def test_the_report_for_the_toy_code_tells_of_its_proposals_and_decisions(db: str) -> None:
    submit(db)
    submit(db, "T8", path="board")
    vote(db)
    report = run(db, "report", "--code", "TOY", "--as-of", "2024-03-01", "--since", "2024-01-01")
    assert report.startswith("# TOY Update, 1 March 2024")
    assert "Toy Co submitted T7 \u2013 Toy change T7" in report
    assert "Toy Board" in report
    open_table = report.split("### 3.4 ")[1].split("\n## ")[0]
    assert "T8" in open_table and "T7" not in open_table


def test_a_retracted_toy_vote_leaves_the_change_proposed(db: str) -> None:
    submit(db)
    vote(db)
    history = as_json(db, "history", "T7", "--code", "TOY")
    voted = next(r for r in history if r["kind"] == "change_board_voted")
    run(db, "retract", voted["event_id"], "--reason", "recorded against the wrong change")
    assert as_json(db, "show", "T7", "--code", "TOY")[0]["status"] == PROPOSED
    assert [r["id"] for r in as_json(db, "register", "--open")] == ["T7"]


def test_a_step_the_toy_process_does_not_have_is_refused_and_writes_nothing(db: str) -> None:
    submit(db)
    result = invoke(db, "consult", "T7", "--code", "TOY", "--on", "2024-01-10",
                    "--deadline", "2024-01-20")  # fmt: skip
    assert result.exit_code == 2, result.output
    assert len(result.stderr.splitlines()) == 1
    assert "the toy process" in result.stderr
    assert event_count(db) == 1


def test_an_id_not_of_the_toy_form_is_refused_naming_the_form(db: str) -> None:
    result = invoke(db, "submit", "X7", "--code", "TOY", "--title", "Not a toy id",
                    "--proposer", "Toy Co", "--on", "2024-01-02")  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "'X7' is not a TOY proposal id (expected something like T34)" in result.stderr


def test_a_toy_vote_without_a_path_takes_the_effect_it_has_on_every_path(db: str) -> None:
    run(db, "submit", "T7", "--code", "TOY", "--title", "No path", "--proposer", "Toy Co",
        "--on", "2024-01-02")  # fmt: skip
    assert (
        vote(db) == "Recorded T7 Toy Board vote on 2024-02-01; status now Agreed (was Proposed).\n"
    )


def test_govledger_process_tells_the_toy_process_from_its_definition(db: str) -> None:
    told = as_json(db, "process", "TOY")
    assert told["process"] == "the toy process"
    assert [r["step"] for r in told["steps"]] == [s.key for s in TOY.steps]
    assert [r["status"] for r in told["statuses"]] == [PROPOSED, AGREED, DROPPED]
    assert [r["command"] for r in told["steps"]] == ["submit", "vote", "correct", "retract"]


def test_each_toy_recording_is_confirmed_in_the_toy_processs_words(db: str) -> None:
    assert submit(db) == "Recorded T7 proposed on 2024-01-02; status now Proposed.\n"
    assert (
        vote(db) == "Recorded T7 Toy Board vote on 2024-02-01; status now Agreed (was Proposed).\n"
    )


def test_the_toy_timeline_tells_the_vote_in_the_toy_processs_words(db: str) -> None:
    submit(db)
    vote(db)
    said = [t["what"] for t in as_json(db, "show", "T7", "--code", "TOY")[0]["timeline"]]
    assert any(what.startswith("Toy Board vote") for what in said), said
    assert not any("Change Board" in what for what in said), said


def test_without_its_registry_line_the_toy_code_is_unknown(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        process_for("TOY")
    db = new_ledger(tmp_path / "events.db")
    result = invoke(db, "submit", "T7", "--code", "TOY", "--title",
                    "Toy", "--proposer", "Toy Co", "--on", "2024-01-02")  # fmt: skip
    assert result.exit_code == 2
    assert "no modification process is defined for code 'TOY'" in result.stderr
    assert invoke(db, "events").stdout == ""
