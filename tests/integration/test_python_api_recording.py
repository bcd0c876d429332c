"""The Python API records through the same use cases as the recording commands: each method
writes the event its command writes, and is refused as its command is."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import govledger
from tests.conftest import ROOT, new_ledger
from tests.integration.api_support import cli_json, cli_refusal, invoke, seed_copy, without_ids


@pytest.fixture
def seed(tmp_path: Path) -> Iterator[tuple[str, govledger.Ledger]]:
    yield from seed_copy(tmp_path)


STEPS_BY_COMMAND = [
    ("submit", "SECMP0035", "--title", "Changes to the SEC Section D, for DCC analysis",
     "--proposer", "British Gas", "--on", "2017-04-05", "--source", "SEC Update"),
    ("imr", "SECMP0035", "--outcome", "accepted", "--path", "3", "--route", "report",
     "--on", "2017-04-21"),
    ("consult", "SECMP0035", "--on", "2017-05", "--deadline", "2017-06-02"),
    ("vote", "SECMP0035", "--outcome", "approve", "--on", "2017-06-21"),
    ("version", "5.8", "--implements", "SECMP0035", "--amends", "Section D",
     "--on", "2017-11-02"),
]  # fmt: skip


def steps_by_api(ledger: govledger.Ledger) -> None:
    ledger.submit(
        "SECMP0035",
        title="Changes to the SEC Section D, for DCC analysis",
        proposer="British Gas",
        on=date(2017, 4, 5),
        source="SEC Update",
    )
    ledger.imr("SECMP0035", outcome="accepted", path="3", route="report", on="2017-04-21")
    ledger.consult("SECMP0035", on="2017-05", deadline=date(2017, 6, 2))
    ledger.vote("SECMP0035", outcome="approve", on="2017-06-21")
    ledger.version("5.8", implements=["SECMP0035"], amends=["Section D"], on="2017-11-02")


def test_steps_recorded_through_the_api_read_as_the_same_steps_recorded_by_commands(
    tmp_path: Path,
) -> None:
    by_commands, by_api = new_ledger(tmp_path / "commands.db"), str(tmp_path / "api.db")
    shutil.copy(ROOT / "events.db", by_commands)
    shutil.copy(ROOT / "events.db", by_api)
    for step in STEPS_BY_COMMAND:
        assert invoke(by_commands, *step).exit_code == 0
    with govledger.open(by_api, actor="SECAS") as ledger:
        steps_by_api(ledger)
    for db in (by_commands, by_api):
        assert cli_json(db, "register", "--as-of", "2017-12-31")[-1]["status"] == "Implemented"
    for command in (("register",), ("gaps",)):
        assert cli_json(by_api, *command) == cli_json(by_commands, *command)
    code_by_api, code_by_commands = (
        cli_json(db, "code", "--as-of", "2017-12-31")[0] for db in (by_api, by_commands)
    )
    assert code_by_api.pop("complete_to") != ""  # it names each ledger's own record time
    assert code_by_api == {k: v for k, v in code_by_commands.items() if k != "complete_to"}
    assert without_ids(cli_json(by_api, "history", "SECMP0035")) == without_ids(
        cli_json(by_commands, "history", "SECMP0035")
    )


def test_a_step_the_process_refuses_raises_the_commands_refusal_and_writes_nothing(
    seed: tuple[str, Any],
) -> None:
    db, ledger = seed
    ledger.withdraw("SECMP0034", on="2017-05-01")
    held = len(ledger.events())
    with pytest.raises(govledger.LedgerError) as refused:
        ledger.vote("SECMP0034", outcome="approve", on="2017-05-24")
    assert len(ledger.events()) == held
    ledger.close()
    said = cli_refusal(db, "vote", "SECMP0034", "--outcome", "approve", "--on", "2017-05-24")
    assert str(refused.value) == said
    assert "cannot record Change Board vote" in said


def test_a_correction_a_citation_and_a_release_recorded_through_the_api_are_read_back(
    seed: tuple[str, Any],
) -> None:
    db, ledger = seed
    submitted = next(r for r in ledger.history("SECMP0034") if r["kind"] == "submitted")
    ledger.cite(submitted["event_id"], source="SEC Panel minutes", disputes={"on": "2017-04-04"})
    assert [d["disputing"] for d in ledger.disputes()] == ["2017-04-04"]
    ledger.correct(submitted["event_id"], changes={"on": "2017-04-04"}, reason="the minutes")
    assert ledger.disputes()[0]["settled"]
    ledger.release_plan("November 2017 SEC Release", go_live="2017-11-02", on="2017-06-01")
    ledger.release_scope("November 2017 SEC Release", ["SECMP0034"], on="2017-07-01")
    assert ledger.releases() == cli_json(db, "releases")
    assert ledger.releases()[0]["scope"] == ["SECMP0034"]
    assert [ledger.release("November 2017 SEC Release")] == cli_json(
        db, "release", "show", "November 2017 SEC Release"
    )
    assert ledger.release("November 2017 SEC Release", as_of="2017-05-01") is None


def test_a_malformed_event_id_is_refused_as_the_command_line_refuses_it(
    seed: tuple[str, Any],
) -> None:
    db, ledger = seed
    with pytest.raises(govledger.InvalidInput) as refused:
        ledger.retract("not-an-id", reason="wrong")
    said = invoke(db, "retract", "not-an-id", "--reason", "wrong").stderr
    assert f"govledger: {refused.value}\n" == said


def test_a_file_of_events_is_imported_as_the_command_imports_it(tmp_path: Path) -> None:
    seed_file = ROOT / "data" / "sec-update-2017-04-10.jsonl"
    by_command, by_api = new_ledger(tmp_path / "command.db"), str(tmp_path / "api.db")
    assert invoke(by_command, "import", str(seed_file)).exit_code == 0
    with govledger.open(by_api, actor="govledger seed") as ledger:
        first = ledger.import_events(seed_file)
        lines = [line for line in seed_file.read_text().splitlines() if line.strip()]
        assert (first.lines_read, first.lines_held) == (len(lines), 0)
        assert first.events_stored == len(ledger.events())
        again = ledger.import_events(seed_file)
        assert (again.lines_read, again.events_stored, again.lines_held) == (
            len(lines),
            0,
            len(lines),
        )
        assert ledger.register() == cli_json(by_command, "register")
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    with (
        govledger.open(str(tmp_path / "new.db")) as ledger,
        pytest.raises(govledger.InvalidInput, match="no events in the file"),
    ):
        ledger.import_events(empty)
    assert not (tmp_path / "new.db").exists()


RELEASE = "November 2020 SEC Release"
EVERY_STEP: list[tuple[tuple[str, ...], Any]] = [
    (("submit", "DP150", "--title", "Faster DCC releases", "--proposer", "DCC",
      "--on", "2020-01-10"),
     lambda api: api.submit("DP150", title="Faster DCC releases", proposer="DCC", on="2020-01-10")),
    (("milestone", "DP150", "--step", "csc_review", "--on", "2020-02-05"),
     lambda api: api.milestone("DP150", step="csc_review", on=date(2020, 2, 5))),
    (("convert", "DP150", "--to", "MP150", "--route", "refinement", "--path", "3",
      "--on", "2020-02-20"),
     lambda api: api.convert("DP150", to="MP150", route="refinement", path="3", on="2020-02-20")),
    (("milestone", "MP150", "--step", "impact_assessment", "--on", "2020-03-10",
      "--outcome", "costed"),
     lambda api: api.milestone("MP150", step="impact_assessment", on="2020-03-10",
                               outcome="costed")),
    (("submit", "MP151", "--title", "Faster DCC releases, alternative", "--proposer", "EDF",
      "--alternative-of", "MP150", "--on", "2020-03-01"),
     lambda api: api.submit("MP151", title="Faster DCC releases, alternative", proposer="EDF",
                        alternative_of="MP150", on="2020-03-01")),
    (("consult", "MP150", "--deadline", "2020-04-10", "--on", "2020-03-20"),
     lambda api: api.consult("MP150", deadline=date(2020, 4, 10), on="2020-03-20")),
    (("close-consultation", "MP150", "--on", "2020-04-10"),
     lambda api: api.close_consultation("MP150", on="2020-04-10")),
    (("schedule", "MP150", "--what", "Change Board vote", "--on", "2020-04-22",
      "--announced", "2020-04-01"),
     lambda api: api.schedule("MP150", what="Change Board vote", on="2020-04-22",
                          announced=date(2020, 4, 1))),
    (("vote", "MP150", "--outcome", "approve", "--on", "2020-04-22", "--source",
      "Change Board minutes"),
     lambda api: api.vote("MP150", outcome="approve", on="2020-04-22",
                          source="Change Board minutes")),
    (("withdraw", "MP151", "--on", "2020-05-01", "--note", "withdrawn by EDF"),
     lambda api: api.withdraw("MP151", on="2020-05-01", note="withdrawn by EDF")),
    (("release", "plan", RELEASE, "--go-live", "2020-11-05", "--on", "2020-02-14"),
     lambda api: api.release_plan(RELEASE, go_live=date(2020, 11, 5), on="2020-02-14")),
    (("release", "scope", RELEASE, "MP150", "--on", "2020-06-20"),
     lambda api: api.release_scope(RELEASE, ["MP150"], on="2020-06-20")),
    (("release", "move", RELEASE, "--to", "2020-11-06", "--decided-by", "SEC Panel",
      "--on", "2020-09-13"),
     lambda api: api.release_move(RELEASE, to="2020-11-06", decided_by="SEC Panel",
                                  on="2020-09-13")),
    (("release", "version", RELEASE, "27.0", "--on", "2020-10-01"),
     lambda api: api.release_version(RELEASE, "27.0", on="2020-10-01")),
    (("release", "live", RELEASE, "--on", "2020-11-06"),
     lambda api: api.release_live(RELEASE, on="2020-11-06")),
    (("implement", "MP150", "--release", RELEASE, "--part", "legal text", "--on", "2020-11-06"),
     lambda api: api.implement("MP150", release=RELEASE, part="legal text", on="2020-11-06")),
    (("implement", "MP150", "--release", RELEASE, "--part", "DCC systems", "--last-part",
      "--on", "2020-11-06"),
     lambda api: api.implement("MP150", release=RELEASE, part="DCC systems", last_part=True,
                           on="2020-11-06")),
    (("baseline", "SECMP0030", "--title", "Old proposal", "--status", "Refinement",
      "--on", "2017-03", "--source", "Table one"),
     lambda api: api.baseline("SECMP0030", title="Old proposal", status="Refinement", on="2017-03",
                          source="Table one")),
    (("submit", "SECMP0040", "--title", "Authority-led", "--proposer", "British Gas",
      "--on", "2017-05-02"),
     lambda api: api.submit("SECMP0040", title="Authority-led", proposer="British Gas",
                        on="2017-05-02")),
    (("imr", "SECMP0040", "--outcome", "accepted", "--path", "2", "--route", "refinement",
      "--on", "2017-05-19"),
     lambda api: api.imr("SECMP0040", outcome="accepted", path="2", route="refinement",
                     on="2017-05-19")),
    (("submit", "SECMP0043", "--title", "Refined later", "--on", "2017-05-02"),
     lambda api: api.submit("SECMP0043", title="Refined later", on="2017-05-02")),
    (("imr", "SECMP0043", "--outcome", "accepted", "--path", "3", "--route", "report",
      "--on", "2017-05-19"),
     lambda api: api.imr("SECMP0043", outcome="accepted", path="3", route="report",
                         on="2017-05-19")),
    (("refinement", "SECMP0043", "--on", "2017-06-01"),
     lambda api: api.refinement("SECMP0043", on="2017-06-01")),
    (("consult", "SECMP0040", "--on", "2017-07-03"),
     lambda api: api.consult("SECMP0040", on="2017-07-03")),
    (("vote", "SECMP0040", "--outcome", "approve", "--on", "2017-08-23"),
     lambda api: api.vote("SECMP0040", outcome="approve", on="2017-08-23")),
    (("decide", "SECMP0040", "--outcome", "approve", "--authority", "Ofgem",
      "--on", "2017-09-30"),
     lambda api: api.decide("SECMP0040", outcome="approve", authority="Ofgem", on="2017-09-30")),
    (("version", "5.9", "--implements", "SECMP0040", "--amends", "Section A", "--amends",
      "Section J", "--on", "2017-11-02"),
     lambda api: api.version("5.9", implements=["SECMP0040"], amends=["Section A", "Section J"],
                         on="2017-11-02")),
    (("submit", "SECMP0041", "--on", "2017-09"),
     lambda api: api.submit("SECMP0041", on="2017-09")),
    (("suspend", "SECMP0041", "--directed-by", "BEIS", "--clause", "X2.3(d)", "--on", "2017-10"),
     lambda api: api.suspend("SECMP0041", directed_by="BEIS", clause="X2.3(d)", on="2017-10")),
    (("resume", "SECMP0041", "--on", "2017-12-01"),
     lambda api: api.resume("SECMP0041", on="2017-12-01")),
    (("submit", "SECMP0042", "--title", "Cancelled one", "--on", "2017-09-02"),
     lambda api: api.submit("SECMP0042", title="Cancelled one", on="2017-09-02")),
    (("cancel", "SECMP0042", "--directed-by", "BEIS", "--on", "2017-10-02"),
     lambda api: api.cancel("SECMP0042", directed_by="BEIS", on="2017-10-02")),
    (("submit", "0678", "--code", "UNC", "--title", "UNC change", "--proposer", "Centrica",
      "--on", "2019-01-17"),
     lambda api: api.submit("0678", code="UNC", title="UNC change", proposer="Centrica",
                        on="2019-01-17")),
    (("imr", "0678", "--code", "UNC", "--outcome", "accepted", "--path", "authority",
      "--route", "workgroup", "--on", "2019-01-17"),
     lambda api: api.imr("0678", code="UNC", outcome="accepted", path="authority",
                     route="workgroup", on="2019-01-17")),
    (("version", "--basis", "direction", "--amends", "Section X", "--on", "2018-06-01"),
     lambda api: api.version(basis="direction", amends=["Section X"], on="2018-06-01")),
]  # fmt: skip


def test_every_recording_method_writes_the_event_its_command_writes(tmp_path: Path) -> None:
    by_commands, by_api = new_ledger(tmp_path / "commands.db"), str(tmp_path / "api.db")
    with govledger.open(by_api, actor="SECAS") as ledger:
        for command, step in EVERY_STEP:
            result = invoke(by_commands, *command)
            assert (result.exit_code, result.stderr) == (0, ""), command
            assert step(ledger).recorded, command
        assert without_ids(ledger.events()) == without_ids(cli_json(by_commands, "events"))
        assert ledger.register() == cli_json(by_commands, "register")
        assert ledger.releases() == cli_json(by_commands, "releases")
    kinds = {row["kind"] for row in cli_json(by_api, "events")}
    assert len(kinds) == 22


def test_strict_recording_refuses_a_gap_as_the_strict_command_does(
    seed: tuple[str, Any],
) -> None:
    db, ledger = seed
    with pytest.raises(govledger.ProcessViolation) as refused:
        ledger.vote("SECMP0034", outcome="approve", on="2017-05-24", strict=True)
    ledger.close()
    said = cli_refusal(
        db, "vote", "SECMP0034", "--outcome", "approve", "--on", "2017-05-24", "--strict"
    )
    assert str(refused.value) == said
    assert "strict recording refuses the gap" in said


def test_a_misspelt_keyword_is_refused_and_nothing_is_written(seed: tuple[str, Any]) -> None:
    _, ledger = seed
    held = len(ledger.events())
    with pytest.raises(TypeError, match="unexpected keyword argument 'sorce' for withdrawn"):
        ledger.withdraw("SECMP0034", on="2017-05-01", sorce="SEC Panel minutes")
    with pytest.raises(TypeError, match="'go_live' for release live"):
        ledger.release_live("November 2017 SEC Release", on="2017-11-02", go_live="2017-11-02")
    assert len(ledger.events()) == held
