"""Each code's process through the application on a real store: recorded, read back from
the projection tables, exported and imported again, reconciled against a published
register."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest

from ledger.application import GovLedger
from ledger.domain.errors import NotFound, ProcessViolation
from ledger.domain.proposal import proposal_key
from ledger.interchange.lines import event_line, parse_lines
from projections import queries
from projections.views.gaps import gap_rows
from projections.views.reconcile import reconcile

WHO = {"actor": "an administrator"}
TODAY = date(2026, 12, 1)


@pytest.fixture
def ledger(db: str) -> Iterator[GovLedger]:
    app = GovLedger(db)
    yield app
    app.close()


def record(app: GovLedger, kind: str, code: str, subject: str, **fields: Any) -> None:
    app.record(kind, code, subject, **fields, **WHO)


def draft_to_release(app: GovLedger) -> None:
    record(app, "submitted", "SEC", "DP150", title="CSS", proposer="DCC", on="2020-01-10")
    record(app, "milestone", "SEC", "DP150", step="csc_review", on="2020-02-05")
    record(
        app, "converted", "SEC", "DP150", reference="MP150", route="report", path="3",
        on="2020-02-20",
    )  # fmt: skip
    record(app, "consultation_issued", "SEC", "MP150", deadline="2020-04-10", on="2020-03-20")
    record(app, "consultation_closed", "SEC", "MP150", on="2020-04-10")
    record(app, "change_board_voted", "SEC", "MP150", outcome="approve", on="2020-04-22")
    record(
        app, "version_effective", "SEC", "40.0", implements=["MP150"], amends=["Section H"],
        release="November 2020 SEC Release", on="2020-11-05",
    )  # fmt: skip


def unc_to_ofgem(app: GovLedger) -> None:
    record(app, "submitted", "UNC", "0678", title="Gas", proposer="Centrica", on="2019-01-17")
    record(
        app, "imr_considered", "UNC", "0678", outcome="accepted", path="authority",
        route="workgroup", on="2019-01-17",
    )  # fmt: skip
    record(app, "milestone", "UNC", "0678", step="workgroup_report", on="2019-06-20")
    record(app, "consultation_issued", "UNC", "0678", deadline="2019-07-18", on="2019-06-21")
    record(app, "consultation_closed", "UNC", "0678", on="2019-07-18")
    record(app, "change_board_voted", "UNC", "0678", outcome="approve", on="2019-08-15")


def bsc_to_release(app: GovLedger) -> None:
    record(app, "submitted", "BSC", "P400", title="Elec", proposer="Elexon", on="2020-03-12")
    record(
        app, "imr_considered", "BSC", "P400", outcome="accepted", path="authority",
        route="assessment", on="2020-03-12",
    )  # fmt: skip
    record(app, "milestone", "BSC", "P400", step="assessment_report", on="2020-09-10")
    record(app, "consultation_issued", "BSC", "P400", deadline="2020-10-01", on="2020-09-11")
    record(app, "change_board_voted", "BSC", "P400", outcome="approve", on="2020-10-08")
    record(
        app, "authority_determined", "BSC", "P400", outcome="approve", authority="Ofgem",
        on="2020-12-01",
    )  # fmt: skip
    record(app, "implemented", "BSC", "P400", release="February 2021 BSC Release", on="2021-02-25")


def registered(app: GovLedger, on: date, code: str | None = None) -> dict[str, str]:
    rows, _ = queries.register(app, as_of=on, code=code)
    return {row["id"]: row["status"] for row in rows}


def test_a_draft_proposal_is_read_from_the_tables_by_the_id_it_went_by_on_each_date(
    ledger: GovLedger,
) -> None:
    draft_to_release(ledger)
    assert registered(ledger, date(2020, 1, 31), "SEC") == {"DP150": "Development Stage"}
    assert registered(ledger, date(2020, 3, 31), "SEC") == {"MP150": "Report Phase"}
    assert registered(ledger, TODAY, "SEC") == {"MP150": "Implemented"}
    state, recorded, _ = queries.proposal(ledger, proposal_key("SEC", "DP150"), as_of=TODAY)
    assert state is not None and state.implemented_in == "40.0"
    assert [e.kind for e in recorded][-1] == "implemented"
    assert getattr(recorded[-1], "release", None) == "November 2020 SEC Release"


def test_a_strict_vote_on_a_draft_is_refused_and_leaves_the_store_as_it_was(
    ledger: GovLedger,
) -> None:
    record(ledger, "submitted", "SEC", "DP150", title="CSS", proposer="DCC", on="2020-01-10")
    with pytest.raises(ProcessViolation, match="under the SEC process of November 2018"):
        record(
            ledger, "change_board_voted", "SEC", "DP150", outcome="approve", on="2020-04-22",
            strict=True,
        )  # fmt: skip
    assert len(list(ledger.read_events())) == 1


def test_a_vote_on_a_draft_implies_its_conversion_and_consultation(ledger: GovLedger) -> None:
    record(ledger, "submitted", "SEC", "DP150", title="CSS", proposer="DCC", on="2020-01-10")
    record(ledger, "change_board_voted", "SEC", "DP150", outcome="approve", on="2020-04-22")
    state, _, _ = queries.proposal(ledger, proposal_key("SEC", "DP150"), as_of=TODAY)
    assert state is not None
    assert [(step, status) for _, step, status, _ in state.gaps] == [
        ("converted into a Modification Proposal", "Report Phase")
    ]
    assert (state.status, state.unresolved_vote is not None) == ("Change Board", True)


def test_an_alternative_to_a_proposal_not_in_the_ledger_is_refused(ledger: GovLedger) -> None:
    with pytest.raises(NotFound, match="its original MP150 is not in the ledger"):
        record(
            ledger, "submitted", "SEC", "MP151", title="Alt", proposer="EDF",
            alternative_of="MP150", on="2020-03-01",
        )  # fmt: skip
    assert list(ledger.read_events()) == []


def test_three_codes_are_held_side_by_side_each_judged_by_its_own_process(
    ledger: GovLedger,
) -> None:
    draft_to_release(ledger)
    unc_to_ofgem(ledger)
    bsc_to_release(ledger)
    rows, _ = queries.register(ledger, as_of=TODAY)
    assert {(row["code"], row["id"], row["status"]) for row in rows} == {
        ("SEC", "MP150", "Implemented"),
        ("UNC", "0678", "Awaiting Ofgem Decision"),
        ("BSC", "P400", "Implemented"),
    }
    opened, _ = queries.register(ledger, as_of=TODAY, open_only=True)
    assert [row["id"] for row in opened] == ["0678"]
    assert registered(ledger, date(2020, 10, 31), "BSC") == {"P400": "With Authority"}


def test_an_export_imported_into_a_new_ledger_gives_the_same_registers(
    ledger: GovLedger, tmp_path: Path
) -> None:
    draft_to_release(ledger)
    unc_to_ofgem(ledger)
    bsc_to_release(ledger)
    data = b"\n".join(orjson.dumps(event_line(n, e)) for n, e in ledger.read_events())
    copy = GovLedger(str(tmp_path / "copy.db"))
    try:
        copy.import_lines(parse_lines(data), "an auditor")
        for on in (date(2019, 12, 31), date(2020, 2, 1), TODAY):
            assert queries.register(copy, as_of=on)[0] == queries.register(ledger, as_of=on)[0]
    finally:
        copy.close()


def test_a_published_register_is_reconciled_per_code_whichever_id_form_it_writes(
    ledger: GovLedger,
) -> None:
    record(ledger, "submitted", "SEC", "SECMP0071", title="Old", proposer="EDF", on="2017-05-01")
    unc_to_ofgem(ledger)
    states, _ = queries.register_states(ledger, TODAY)
    published = [{"id": "MP071", "title": "Old", "status": "Modification Proposal Submitted"}]
    assert reconcile(published, states, "SEC") == []
    published = [{"id": "0678", "title": "Gas", "status": "Workgroup"}]
    assert reconcile(published, states, "UNC") == [
        {
            "id": "0678",
            "difference": "status differs",
            "published": "Workgroup",
            "ledger": "Awaiting Ofgem Decision",
            "ledger_since": "2019-08-15",
        }
    ]


def test_a_2017_proposal_decided_in_2020_is_one_proposal_across_the_change_of_process(
    ledger: GovLedger,
) -> None:
    record(ledger, "submitted", "SEC", "SECMP0040", title="Old", proposer="EDF", on="2017-06-01")
    record(
        ledger, "imr_considered", "SEC", "SECMP0040", outcome="accepted", path="2",
        route="refinement", on="2017-06-20",
    )  # fmt: skip
    record(ledger, "consultation_issued", "SEC", "MP040", deadline="2019-03-01", on="2019-02-01")
    record(ledger, "consultation_closed", "SEC", "MP040", on="2019-03-01")
    record(ledger, "change_board_voted", "SEC", "SECMP 0040", outcome="approve", on="2019-03-20")
    record(
        ledger, "authority_determined", "SEC", "MP040", outcome="approve", authority="Ofgem",
        on="2020-01-15",
    )  # fmt: skip
    assert registered(ledger, date(2017, 12, 31)) == {"SECMP0040": "Refinement"}
    assert registered(ledger, date(2019, 6, 30)) == {"SECMP0040": "Authority Determination"}
    assert registered(ledger, TODAY) == {"SECMP0040": "Approved"}
    state, _, _ = queries.proposal(ledger, proposal_key("SEC", "MP040"), as_of=TODAY)
    assert state is not None and state.process == "the SEC process of November 2018"


def test_a_step_whose_earlier_steps_are_unknown_records_them_as_gaps(ledger: GovLedger) -> None:
    record(ledger, "submitted", "SEC", "DP150", title="CSS", proposer="DCC", on="2020-01-10")
    record(ledger, "milestone", "SEC", "DP150", step="impact_assessment", on="2020-03-10")
    states, _ = queries.folded_states(ledger, TODAY, code="SEC")
    assert gap_rows(states) == [
        {
            "code": "SEC",
            "id": "DP150",
            "gap": "implied stage",
            "by": "2020-03-10",
            "what": "Refinement (implied: converted into a Modification Proposal, by the DCC "
            "Impact Assessment)",
        },
        {"code": "SEC", "id": "DP150", "gap": "missing fact", "by": None,
         "what": "path not recorded"},
    ]  # fmt: skip
    assert registered(ledger, TODAY, "SEC") == {"DP150": "Refinement"}


def test_strict_recording_refuses_the_gap_and_writes_nothing(ledger: GovLedger) -> None:
    record(ledger, "submitted", "SEC", "DP150", title="CSS", proposer="DCC", on="2020-01-10")
    with pytest.raises(ProcessViolation, match="strict recording refuses the gap"):
        record(
            ledger, "milestone", "SEC", "DP150", step="impact_assessment", on="2020-03-10",
            strict=True,
        )  # fmt: skip
    assert len(list(ledger.read_events())) == 1


def test_a_step_against_a_decided_proposal_is_a_contradiction_even_when_lenient(
    ledger: GovLedger,
) -> None:
    unc_to_ofgem(ledger)
    record(ledger, "authority_determined", "UNC", "0678", outcome="reject", authority="Ofgem",
           on="2019-10-01")  # fmt: skip
    with pytest.raises(ProcessViolation, match=r"its status is Rejected$"):
        record(ledger, "implemented", "UNC", "0678", on="2019-11-01")


def test_a_vote_of_unknown_effect_is_read_by_the_authority_decision_that_follows_it(
    ledger: GovLedger,
) -> None:
    record(ledger, "submitted", "SEC", "SECMP0040", title="A change", on="2017-03-01")
    record(ledger, "consultation_issued", "SEC", "SECMP0040", on="2017-04-03")
    record(ledger, "change_board_voted", "SEC", "SECMP0040", outcome="approve", on="2017-05-01")
    assert registered(ledger, date(2017, 5, 31)) == {"SECMP0040": "Change Board"}
    states, _ = queries.folded_states(ledger, date(2017, 5, 31), code="SEC")
    assert [row["what"] for row in gap_rows(states)][-1] == (
        "path not recorded (the effect of the vote of 2017-05-01 depends on it)"
    )
    record(
        ledger, "authority_determined", "SEC", "SECMP0040", outcome="approve", authority="Ofgem",
        on="2017-06-01",
    )  # fmt: skip
    # what the vote was is known from the decision on: the tables say so from then
    assert registered(ledger, date(2017, 5, 31)) == {"SECMP0040": "Change Board"}
    rows, _ = queries.register(ledger, as_of=TODAY, code="SEC")
    assert [(r["status"], r["path"], r["decided"]) for r in rows] == [
        ("Approved", "1 or 2 (implied)", "2017-06-01")
    ]


def test_a_step_recorded_under_the_modification_id_of_a_draft_keeps_that_id_in_the_tables(
    ledger: GovLedger,
) -> None:
    record(ledger, "submitted", "SEC", "DP150", title="CSS", on="2021-03-01")
    record(ledger, "consultation_issued", "SEC", "MP150", on="2021-06-01")
    assert registered(ledger, date(2021, 5, 31), "SEC") == {"DP150": "Development Stage"}
    assert registered(ledger, TODAY, "SEC") == {"MP150": "Report Phase"}
    state, _, _ = queries.proposal(ledger, proposal_key("SEC", "DP150"), as_of=TODAY)
    assert state is not None and state.references[-1] == ("MP150", "2021-06-01")


def test_a_submission_found_after_the_baseline_dates_the_proposal_from_its_raising(
    ledger: GovLedger,
) -> None:
    record(ledger, "baselined", "SEC", "SECMP0030", status="Refinement", on="2017-04-10")
    record(ledger, "submitted", "SEC", "SECMP0030", title="Demand Management", on="2017-01-04")
    assert registered(ledger, date(2017, 1, 31)) == {"SECMP0030": "Modification Proposal Submitted"}
    rows, _ = queries.register(ledger, as_of=TODAY, code="SEC")
    assert [(r["status"], r["raised"], r["title"]) for r in rows] == [
        ("Refinement", "2017-01-04", "Demand Management")
    ]
