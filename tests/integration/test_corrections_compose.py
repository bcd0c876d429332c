"""Corrections compose: each applies over the facts as the earlier ones left them,
history shows the chain, and a list field is corrected as a whole list."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner, Result

from cli.main import main
from ledger.application import GovLedger
from ledger.domain import events as ev
from ledger.domain.corrections import facts_before, standing, status_of
from ledger.domain.errors import InvalidInput, ProcessViolation
from ledger.domain.facts import subject_of
from ledger.domain.proposal import Proposal, proposal_key
from ledger.domain.version import CodeVersion
from projections import queries
from projections.projector.catchup import catch_up, rebuild
from projections.tables.read import connect
from projections.tables.schema import NAMES
from projections.views.ledger_view import LedgerView
from tests.conftest import SEED, new_ledger
from tests.said import untagged

WHO = {"actor": "tester"}
CONSULTATION = "7ec531f7-6bdd-5787-a793-16ce69cda23e"  # SECMP0006's, issued 2017-04-04
VERSION_5_6 = "59e14f26-a045-59c5-849f-020aec505225"  # effective 2017-04-01, SECMP0016


# The domain, without storage.


def consulted() -> tuple[Proposal, ev.ProposalEvent]:
    proposal = Proposal.submit(
        "SEC", "SECMP0040", title="A change", proposer="British Gas", on="2017-04-05", **WHO
    )
    proposal.consider_imr(outcome="accepted", path="3", route="report", on="2017-04-21", **WHO)
    proposal.issue_consultation(deadline="2017-05-12", on="2017-04-28", **WHO)
    return proposal, proposal.events[-1]


def correct(proposal: Proposal, target: ev.LedgerEvent, **changes: Any) -> ev.LedgerEvent:
    proposal.correct(
        corrects=target.event_id, changes=changes, reason="the minutes", on="2017-06-01", **WHO
    )
    return proposal.events[-1]


def consultation_facts(proposal: Proposal) -> tuple[str, str]:
    issued = next(e for e in standing(proposal.events) if isinstance(e, ev.ConsultationIssued))
    return issued.on, issued.deadline


def test_a_second_correction_of_another_field_keeps_the_first() -> None:
    proposal, issued = consulted()
    correct(proposal, issued, on="2017-04-27")
    correct(proposal, issued, deadline="2017-05-19")
    assert consultation_facts(proposal) == ("2017-04-27", "2017-05-19")
    assert proposal.state.consultation_deadline == "2017-05-19"


def test_a_later_correction_of_the_same_field_wins() -> None:
    proposal, issued = consulted()
    correct(proposal, issued, on="2017-04-27")
    correct(proposal, issued, on="2017-04-29")
    assert consultation_facts(proposal) == ("2017-04-29", "2017-05-12")


def test_a_retracted_correction_drops_out_and_the_others_still_apply() -> None:
    proposal, issued = consulted()
    correct(proposal, issued, on="2017-04-27")
    middle = correct(proposal, issued, deadline="2017-05-19")
    correct(proposal, issued, note="as minuted")
    proposal.retract(retracts=middle.event_id, reason="misread", on="2017-06-02", **WHO)
    assert consultation_facts(proposal) == ("2017-04-27", "2017-05-12")
    assert standing(proposal.events)[-1].note == "as minuted"


def test_status_of_names_each_correction_in_record_order_with_what_it_changed() -> None:
    proposal, issued = consulted()
    first = correct(proposal, issued, on="2017-04-27")
    second = correct(proposal, issued, deadline="2017-05-19", note="as minuted")
    assert status_of(issued.event_id, proposal.events) == (
        f"corrected by {first.event_id} (on); corrected by {second.event_id} (deadline, note)"
    )
    proposal.retract(retracts=first.event_id, reason="misread", on="2017-06-02", **WHO)
    retraction = proposal.events[-1]
    assert status_of(issued.event_id, proposal.events) == (
        f"corrected by {first.event_id} (on; that correction retracted by "
        f"{retraction.event_id}); corrected by {second.event_id} (deadline, note)"
    )
    assert status_of(first.event_id, proposal.events) == f"retracted by {retraction.event_id}"


def test_a_correction_knows_what_the_facts_it_changed_were_as_the_chain_now_stands() -> None:
    proposal, issued = consulted()
    first = correct(proposal, issued, on="2017-04-27")
    second = correct(proposal, issued, on="2017-04-29", deadline="2017-05-19")
    assert isinstance(second, ev.Corrected)
    assert facts_before(second, proposal.events) == {"on": "2017-04-27", "deadline": "2017-05-12"}
    proposal.retract(retracts=first.event_id, reason="misread", on="2017-06-02", **WHO)
    assert facts_before(second, proposal.events) == {"on": "2017-04-28", "deadline": "2017-05-12"}


def test_a_deadline_is_checked_against_the_issue_date_as_an_earlier_correction_left_it() -> None:
    proposal, issued = consulted()
    correct(proposal, issued, on="2017-05-05")
    with pytest.raises(InvalidInput) as refused:
        correct(proposal, issued, deadline="2017-05-01")
    assert str(refused.value) == (
        "SECMP0040: consultation deadline 2017-05-01 precedes its issue date 2017-05-05"
    )
    assert len(proposal.events) == 4


def test_an_issue_date_corrected_to_after_the_corrected_deadline_is_refused() -> None:
    proposal, issued = consulted()
    correct(proposal, issued, deadline="2017-05-01")
    with pytest.raises(InvalidInput) as refused:
        correct(proposal, issued, on="2017-05-02")
    assert str(refused.value) == (
        "SECMP0040: consultation deadline 2017-05-01 precedes its issue date 2017-05-02"
    )


def test_a_retracted_correction_no_longer_constrains_the_next() -> None:
    proposal, issued = consulted()
    moved = correct(proposal, issued, on="2017-05-05")
    proposal.retract(retracts=moved.event_id, reason="misread", on="2017-06-02", **WHO)
    correct(proposal, issued, deadline="2017-05-01")
    assert consultation_facts(proposal) == ("2017-04-28", "2017-05-01")


def test_a_retraction_that_would_leave_the_deadline_before_the_issue_date_is_refused() -> None:
    proposal, issued = consulted()
    moved = correct(proposal, issued, on="2017-04-24")
    correct(proposal, issued, deadline="2017-04-25")
    with pytest.raises(InvalidInput) as refused:
        proposal.retract(retracts=moved.event_id, reason="misread", on="2017-06-02", **WHO)
    assert str(refused.value) == (
        f"SECMP0040: cannot retract correction {moved.event_id}: without it, "
        "consultation deadline 2017-04-25 precedes its issue date 2017-04-28"
    )
    assert len(proposal.events) == 5
    assert consultation_facts(proposal) == ("2017-04-24", "2017-04-25")


def test_a_retraction_that_would_leave_a_referred_imr_without_its_referee_is_refused() -> None:
    proposal = Proposal.submit(
        "SEC", "SECMP0040", title="A change", proposer="British Gas", on="2017-04-05", **WHO
    )
    proposal.consider_imr(outcome="referred", referred_to="the Panel", on="2017-04-21", **WHO)
    imr = proposal.events[-1]
    accepted = correct(proposal, imr, outcome="accepted", path="3", route="report")
    correct(proposal, imr, referred_to=None)
    with pytest.raises(InvalidInput) as refused:
        proposal.retract(retracts=accepted.event_id, reason="misread", on="2017-06-02", **WHO)
    assert str(refused.value) == (
        f"SECMP0040: cannot retract correction {accepted.event_id}: without it, "
        "referred_to cannot be empty when the IMR was referred"
    )


def test_a_correction_of_a_retracted_event_can_be_retracted() -> None:
    proposal, issued = consulted()
    moved = correct(proposal, issued, on="2017-04-24")
    correct(proposal, issued, deadline="2017-04-25")
    proposal.retract(retracts=issued.event_id, reason="never issued", on="2017-06-02", **WHO)
    proposal.retract(retracts=moved.event_id, reason="misread", on="2017-06-03", **WHO)
    assert isinstance(proposal.events[-1], ev.Retracted)
    assert not any(isinstance(e, ev.ConsultationIssued) for e in standing(proposal.events))


def test_a_retraction_that_would_make_a_later_step_impossible_is_refused_naming_it() -> None:
    proposal, issued = consulted()
    moved = correct(proposal, issued, on="2017-04-22")
    proposal.close_consultation(on="2017-04-25", **WHO)
    with pytest.raises(ProcessViolation) as refused:
        proposal.retract(retracts=moved.event_id, reason="misread", on="2017-06-02", **WHO)
    assert str(refused.value) == (
        "SECMP0040: cannot record retraction on 2017-06-02: it would make the recorded "
        f"Modification Report Consultation issued of 2017-04-28 (event {issued.event_id}) "
        "impossible under the SEC process of 2017: its status is Change Board"
    )
    assert len(proposal.events) == 5


def test_a_first_consideration_corrected_past_the_corrected_vote_is_refused_by_its_stage() -> None:
    proposal, _ = consulted()
    imr = proposal.events[1]
    proposal.vote(outcome="approve", on="2017-06-21", **WHO)
    vote = proposal.events[-1]
    correct(proposal, vote, on="2017-05-25")
    with pytest.raises(ProcessViolation) as refused:
        correct(proposal, imr, on="2017-06-01")  # before the vote as recorded, not as corrected
    assert str(refused.value) == (
        "SECMP0040: cannot record correction on 2017-06-01 under the SEC process of 2017: "
        "its status is Change Board"
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"outcome": None}, "SECMP0040: outcome cannot be empty"),
        (
            {"outcome": "referred"},
            "SECMP0040: referred_to cannot be empty when the IMR was referred",
        ),
        ({"route": 3}, "SECMP0040: route must be text"),
        (
            {"actor": "someone else"},
            "SECMP0040: actor cannot be corrected (the correctable fields of the imr "
            "considered of 2017-04-21: clause, note, on, outcome, path, referred_to, route, "
            "source, title_as_given, variant)",
        ),
    ],
)
def test_a_correction_that_leaves_the_event_incomplete_is_refused(
    changes: dict[str, Any], message: str
) -> None:
    proposal, _ = consulted()
    imr = proposal.events[1]
    with pytest.raises(InvalidInput) as refused:
        correct(proposal, imr, **changes)
    assert str(refused.value) == message
    assert len(proposal.events) == 3


def designated_5_6() -> CodeVersion:
    return CodeVersion.come_into_effect(
        "SEC", "5.6", implements=["SECMP0016"], amends=["Section A"], on="2017-04-01", **WHO
    )


def test_a_list_field_is_corrected_as_a_whole_and_keeps_an_earlier_date_correction() -> None:
    version = designated_5_6()
    made = version.effective
    version.correct(
        corrects=made.event_id, changes={"on": "2017-04-03"}, reason="r", on="2017-06-01", **WHO
    )
    version.correct(
        corrects=made.event_id,
        changes={"amends": ["Section A", "Section J"]},
        reason="r",
        on="2017-06-02",
        **WHO,
    )
    assert version.standing is not None
    assert (version.standing.on, version.standing.amends) == (
        "2017-04-03",
        ["Section A", "Section J"],
    )


def test_an_event_is_named_by_its_proposal_or_by_its_code_and_version() -> None:
    _, issued = consulted()
    version = designated_5_6()
    assert (subject_of(issued), subject_of(version.effective)) == ("SECMP0040", "SEC 5.6")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"amends": "Section J"},
            "SEC 5.6: amends must be a list of text (an empty list for none)",
        ),
        ({"amends": None}, "SEC 5.6: amends must be a list of text (an empty list for none)"),
        ({"on": None}, "SEC 5.6: on cannot be empty"),
        ({"basis": "designation"}, "SEC 5.6: a version by designation implements no proposal"),
        (
            {"implements": []},
            "SEC 5.6: a version made by modification names the proposals it implements "
            "(--implements), or say --basis designation",
        ),
        (
            {"implements": ["MP 12x"]},
            "SEC 5.6: 'MP 12x' is not a SEC proposal id "
            "(expected something like DP034, MP034, SECMP0034)",
        ),
    ],
)
def test_a_version_correction_that_its_facts_cannot_hold_is_refused(
    changes: dict[str, Any], message: str
) -> None:
    version = designated_5_6()
    with pytest.raises(InvalidInput) as refused:
        version.correct(
            corrects=version.effective.event_id,
            changes=changes,
            reason="r",
            on="2017-06-01",
            **WHO,
        )
    assert str(refused.value) == message
    assert len(version.events) == 1


# Through the command line, on the seed ledger.


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def seeded(tmp_path: Path) -> str:
    db = new_ledger(tmp_path / "events.db")
    assert run("--db", db, "import", str(SEED)).exit_code == 0
    return db


def corrected(db: str, event_id: str, *sets: str) -> Result:
    args = [a for s in sets for a in ("--set", s)]
    return run("--db", db, "--actor", "auditor", "correct", event_id, *args, "--reason", "minutes")


def lines(result: Result) -> list[dict[str, Any]]:
    assert result.exit_code == 0, result.output
    return [orjson.loads(line) for line in result.stdout.splitlines()]


def history(db: str, proposal_id: str = "SECMP0006") -> list[dict[str, Any]]:
    return lines(run("--db", db, "history", proposal_id, "--format", "jsonl"))


def consultation_row(db: str) -> dict[str, Any]:
    shown = lines(run("--db", db, "show", "SECMP0006", "--format", "jsonl"))[0]
    return next(r for r in shown["timeline"] if r["event_id"] == CONSULTATION)


def event_count(db: str) -> int:
    return len(lines(run("--db", db, "events")))


def test_correcting_the_date_then_the_deadline_keeps_both(seeded: str) -> None:
    assert corrected(seeded, CONSULTATION, "on=2017-04-03").exit_code == 0
    assert corrected(seeded, CONSULTATION, "deadline=2017-04-28").exit_code == 0
    row = consultation_row(seeded)
    assert (row["on"], row["what"]) == (
        "2017-04-03",
        "Modification Report Consultation issued, responses by 2017-04-28",
    )


def test_history_shows_the_chain_of_corrections_of_an_event(seeded: str) -> None:
    corrected(seeded, CONSULTATION, "on=2017-04-03")
    corrected(seeded, CONSULTATION, "deadline=2017-04-28", "source=")
    corrected(seeded, CONSULTATION, "on=2017-04-02")
    rows = history(seeded)
    first, second, third = (r for r in rows if r["kind"] == "corrected")
    original = next(r for r in rows if r["event_id"] == CONSULTATION)
    assert original["standing"] == (
        f"corrected by {first['event_id']} (on); "
        f"corrected by {second['event_id']} (deadline, source); "
        f"corrected by {third['event_id']} (on)"
    )
    assert [r["what"] for r in (first, second, third)] == [
        f"correction of event {CONSULTATION}: on from '2017-04-04' to '2017-04-03' (minutes)",
        f"correction of event {CONSULTATION}: deadline from '2017-04-27' to '2017-04-28'; "
        "source from 'SEC Update to the UNC Modification Panel, 10 April 2017, section 3.3' "
        "to (none) (minutes)",
        f"correction of event {CONSULTATION}: on from '2017-04-03' to '2017-04-02' (minutes)",
    ]
    assert [r["standing"] for r in (first, second, third)] == ["as recorded"] * 3


def test_retracting_the_first_correction_keeps_the_second_and_history_says_so(
    seeded: str,
) -> None:
    corrected(seeded, CONSULTATION, "on=2017-04-03")
    corrected(seeded, CONSULTATION, "deadline=2017-04-28")
    first, second = (r["event_id"] for r in history(seeded) if r["kind"] == "corrected")
    retracted = run("--db", seeded, "--actor", "auditor", "retract", first, "--reason", "misread")
    assert retracted.exit_code == 0, retracted.output
    row = consultation_row(seeded)
    assert (row["on"], row["what"]) == (
        "2017-04-04",
        "Modification Report Consultation issued, responses by 2017-04-28",
    )
    rows = history(seeded)
    retraction = next(r["event_id"] for r in rows if r["kind"] == "retracted")
    original = next(r for r in rows if r["event_id"] == CONSULTATION)
    assert original["standing"] == (
        f"corrected by {first} (on; that correction retracted by {retraction}); "
        f"corrected by {second} (deadline)"
    )


def test_retracting_a_correction_the_others_lean_on_is_refused_and_nothing_is_written(
    seeded: str,
) -> None:
    assert corrected(seeded, CONSULTATION, "on=2017-04-01").exit_code == 0
    assert corrected(seeded, CONSULTATION, "deadline=2017-04-02").exit_code == 0
    first = next(r["event_id"] for r in history(seeded) if r["kind"] == "corrected")
    before = event_count(seeded)
    result = run("--db", seeded, "--actor", "auditor", "retract", first, "--reason", "misread")
    assert (result.exit_code, result.stderr) == (
        2,
        f"govledger: SECMP0006: cannot retract correction {first}: without it, "
        "consultation deadline 2017-04-02 precedes its issue date 2017-04-04\n",
    )
    assert event_count(seeded) == before
    row = consultation_row(seeded)
    assert (row["on"], row["what"]) == (
        "2017-04-01",
        "Modification Report Consultation issued, responses by 2017-04-02",
    )


def test_retracting_a_correction_a_later_step_leans_on_is_refused_naming_the_step(
    seeded: str,
) -> None:
    assert corrected(seeded, CONSULTATION, "on=2017-04-01").exit_code == 0
    closing = ("close-consultation", "SECMP0006", "--on", "2017-04-02")
    assert run("--db", seeded, "--actor", "auditor", *closing).exit_code == 0
    rows = history(seeded)
    first = next(r["event_id"] for r in rows if r["kind"] == "corrected")
    issued = next(r["event_id"] for r in rows if r["kind"] == "consultation_issued")
    before = event_count(seeded)
    result = run("--db", seeded, "--actor", "auditor", "retract", first, "--reason", "misread")
    assert (result.exit_code, result.stderr) == (
        2,
        f"govledger: SECMP0006: cannot record retraction on {date.today().isoformat()}: "
        "it would make the recorded Modification Report Consultation issued of 2017-04-04 "
        f"(event {issued}) impossible under the SEC process of 2017: its status is Change "
        "Board\n",
    )
    assert event_count(seeded) == before


def test_a_correction_of_a_version_is_not_retracted_alone_but_corrected_again(seeded: str) -> None:
    assert corrected(seeded, VERSION_5_6, "on=2017-04-03").exit_code == 0
    events = lines(run("--db", seeded, "events"))
    correction = next(e["event_id"] for e in events if e["kind"] == "version_corrected")
    before = event_count(seeded)
    result = run("--db", seeded, "--actor", "auditor", "retract", correction, "--reason", "r")
    assert (result.exit_code, result.stderr) == (
        2,
        f"govledger: SEC 5.6: event {correction} is a correction; "
        f"correct event {VERSION_5_6} again instead\n",
    )
    assert event_count(seeded) == before


def test_a_retraction_of_a_version_cannot_be_corrected_or_retracted(seeded: str) -> None:
    assert run("--db", seeded, "retract", VERSION_5_6, "--reason", "r").exit_code == 0
    events = lines(run("--db", seeded, "events"))
    retraction = next(e["event_id"] for e in events if e["kind"] == "version_retracted")
    before = event_count(seeded)
    for args in (("retract", retraction), ("correct", retraction, "--set", "note=n")):
        result = run("--db", seeded, *args, "--reason", "r")
        assert (result.exit_code, result.stderr) == (
            2,
            f"govledger: SEC 5.6: event {retraction} is a retraction; it stands\n",
        )
    assert event_count(seeded) == before


@pytest.mark.parametrize(
    ("sets", "message"),
    [
        (
            ("on=2017-04-03", "on=2017-04-05"),
            "govledger: --set on given twice: give each field once\n",
        ),
        (
            ("deadline=2017-04-20", "deadline=2017-04-21", "deadline=2017-04-22"),
            "govledger: --set deadline given 3 times: give each field once\n",
        ),
        (
            ("colour=red",),
            "govledger: SECMP0006: the consultation issued of 2017-04-04 has no field 'colour' "
            "(its correctable fields: deadline, note, on, source, title_as_given)\n",
        ),
        (("on=",), "govledger: SECMP0006: on cannot be empty\n"),
        (
            ("deadline=2017-04-01",),
            "govledger: SECMP0006: consultation deadline 2017-04-01 "
            "precedes its issue date 2017-04-04\n",
        ),
        (("on",), "govledger: --set 'on': write FIELD=VALUE\n"),
    ],
)
def test_a_correction_the_ledger_cannot_take_whole_is_refused_and_nothing_is_written(
    seeded: str, sets: tuple[str, ...], message: str
) -> None:
    before = event_count(seeded)
    result = corrected(seeded, CONSULTATION, *sets)
    assert (result.exit_code, result.stderr) == (2, message)
    assert event_count(seeded) == before


def test_a_deadline_before_the_corrected_issue_date_is_refused(seeded: str) -> None:
    assert corrected(seeded, CONSULTATION, "on=2017-04-20").exit_code == 0
    result = corrected(seeded, CONSULTATION, "deadline=2017-04-19")
    assert (result.exit_code, result.stderr) == (
        2,
        "govledger: SECMP0006: consultation deadline 2017-04-19 "
        "precedes its issue date 2017-04-20\n",
    )


def sections_of_5_6(db: str) -> list[str]:
    code = lines(run("--db", db, "code", "SEC", "--as-of", "2017-04-10", "--format", "jsonl"))
    version = next(v for v in code[0]["chain"] if v["version"] == "5.6")
    return list(version["amends"])


def test_repeated_set_of_a_list_field_builds_the_whole_list(seeded: str) -> None:
    result = corrected(
        seeded, VERSION_5_6, "amends=Section A", "amends=Section J", "amends=Section H"
    )
    assert untagged(result.stdout) == (
        "Recorded a correction of 5.6 version effective of 2017-04-01.\n"
    )
    assert sections_of_5_6(seeded) == ["Section A", "Section J", "Section H"]


def test_items_separated_by_semicolons_give_the_same_list(seeded: str) -> None:
    assert corrected(seeded, VERSION_5_6, "amends=Section A; Section H").exit_code == 0
    assert sections_of_5_6(seeded) == ["Section A", "Section H"]
    assert corrected(seeded, VERSION_5_6, "amends=Section J", "amends=").exit_code == 2
    assert corrected(seeded, VERSION_5_6, "amends=").exit_code == 0
    assert sections_of_5_6(seeded) == []


@pytest.mark.parametrize(
    ("sets", "message"),
    [
        (
            ("amends=Section A", "amends=Section A"),
            "govledger: --set amends: 'Section A' given twice\n",
        ),
        (
            ("amends=Section A;",),
            "govledger: --set amends: an empty item; give each item once, "
            "or --set amends= alone for an empty list\n",
        ),
        (
            ("implements=SECMP0016", "implements=SECMP0099"),
            "govledger: SEC 5.6: implements SECMP0099, which is not in the ledger\n",
        ),
        (
            ("implements=",),
            "govledger: SEC 5.6: a version made by modification names the proposals it "
            "implements (--implements), or say --basis designation\n",
        ),
        (
            ("basis=direction",),
            "govledger: SEC 5.6: a version by direction implements no proposal\n",
        ),
    ],
)
def test_a_list_correction_that_would_lose_or_bend_what_was_said_is_refused(
    seeded: str, sets: tuple[str, ...], message: str
) -> None:
    before = event_count(seeded)
    result = corrected(seeded, VERSION_5_6, *sets)
    assert (result.exit_code, result.stderr) == (2, message)
    assert event_count(seeded) == before
    assert sections_of_5_6(seeded) == ["Section A", "Section J"]


def test_a_version_date_corrected_twice_moves_its_implementations_to_the_latest(
    seeded: str,
) -> None:
    assert corrected(seeded, VERSION_5_6, "on=2017-04-03").exit_code == 0
    assert corrected(seeded, VERSION_5_6, "on=2017-04-05").exit_code == 0
    assert corrected(seeded, VERSION_5_6, "amends=Section J").exit_code == 0
    shown = lines(run("--db", seeded, "show", "SECMP0016", "--format", "jsonl"))[0]
    assert (shown["status"], shown["status_since"], shown["implemented_in"]) == (
        "Implemented",
        "2017-04-05",
        "5.6",
    )
    code = lines(run("--db", seeded, "code", "SEC", "--as-of", "2017-04-04", "--format", "jsonl"))
    assert code[0]["in_force"] == "5.5"
    assert sections_of_5_6(seeded) == ["Section J"]


# The tables give what the fold gives.


def dump(db: str) -> dict[str, list[tuple[object, ...]]]:
    tables = connect(db)
    try:
        return {t: sorted(tables.query(f"SELECT * FROM {{p}}{t}"), key=repr) for t in NAMES}
    finally:
        tables.close()


def test_two_corrections_of_one_event_read_from_the_tables_as_the_fold_has_them(
    seeded: str,
) -> None:
    corrected(seeded, CONSULTATION, "on=2017-04-03")
    corrected(seeded, CONSULTATION, "deadline=2017-04-28")
    corrected(seeded, VERSION_5_6, "on=2017-04-02")
    corrected(seeded, VERSION_5_6, "amends=Section J", "amends=Section H")
    caught_up = dump(seeded)
    app = GovLedger(seeded)
    try:
        rebuild(app, running=False, batch=1, cache_events=0)
        assert dump(seeded) == caught_up
        rebuild(app, batch=1000, cache_events=2)
        catch_up(app)
        assert dump(seeded) == caught_up
        everything = LedgerView.of(app.read_events())
        key = proposal_key("SEC", "SECMP0006")
        state, recorded, _ = queries.proposal(app, key, as_of=date(2017, 4, 10))
        assert (state, recorded) == (
            everything.state(key, date(2017, 4, 10)),
            everything.proposals[key],
        )
        assert state is not None and state.consultation_deadline == "2017-04-28"
        in_force, _, _ = queries.versions(app, "SEC", as_of=date(2017, 4, 10))
        assert in_force == everything.versions_in_force("SEC", date(2017, 4, 10))
        assert (in_force[-1].on, in_force[-1].amends) == ("2017-04-02", ["Section J", "Section H"])
    finally:
        app.close()
