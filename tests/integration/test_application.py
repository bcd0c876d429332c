"""The ledger's use cases on a real store: what each records, and what a refusal leaves."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import orjson
import pytest

from ledger.application import GovLedger
from ledger.domain import events as ev
from ledger.domain.clock import clock
from ledger.domain.errors import InvalidInput, LedgerError, NotFound, ProcessViolation
from ledger.domain.processes.sec_2017 import (
    APPROVED,
    AUTHORITY_DETERMINATION,
    CANCELLED,
    CHANGE_BOARD,
    IMPLEMENTED,
    REFINEMENT,
    REJECTED,
    REPORT_PHASE,
    SUBMITTED,
    SUSPENDED,
    WITHDRAWN,
)
from ledger.interchange.lines import event_line, parse_lines
from ledger.outcome import ImportOutcome
from projections.views.ledger_view import LedgerView
from projections.views.register import register_rows
from tests.conftest import SEED

WHO = {"actor": "SECAS"}


@pytest.fixture
def ledger(db: str) -> Iterator[GovLedger]:
    app = GovLedger(db)
    yield app
    app.close()


def all_events(app: GovLedger) -> list[ev.LedgerEvent]:
    return [event for _, event in app.read_events()]


def count(app: GovLedger) -> int:
    return len(all_events(app))


def register(app: GovLedger) -> list[dict[str, Any]]:
    return register_rows(LedgerView.of(app.read_events()).states())


def submit(app: GovLedger, pid: str = "SECMP0035", on: str = "2017-05-02") -> None:
    app.record("submitted", "SEC", pid, title="A change", proposer="British Gas", on=on, **WHO)


def step(app: GovLedger, kind: str, pid: str = "SECMP0035", **fields: Any) -> None:
    app.record(kind, "SEC", pid, **{**WHO, **fields})


def to_report(app: GovLedger, pid: str = "SECMP0035", path: str = "3") -> None:
    submit(app, pid)
    step(app, "imr_considered", pid, outcome="accepted", path=path, route="report", on="2017-05-19")


def approved(app: GovLedger, pid: str = "SECMP0035") -> None:
    to_report(app, pid)
    step(app, "change_board_voted", pid, outcome="approve", on="2017-08-23")


def issued(app: GovLedger) -> None:
    to_report(app)
    step(app, "consultation_issued", deadline="2017-07-24", on="2017-07-03")


def recommended(app: GovLedger) -> None:
    to_report(app, path="2")
    step(app, "change_board_voted", outcome="approve", on="2017-08-23")


def suspended(app: GovLedger) -> None:
    to_report(app)
    step(app, "suspended", directed_by="BEIS", clause="X2.3(d)", on="2017-06")


USE_CASES = [
    # (kind, set-up, facts recorded, status after)
    ("submitted", None, {"title": "A change", "proposer": "British Gas"}, SUBMITTED),
    (
        "baselined",
        None,
        {"title": "A change", "proposer": "DCC", "path": "2", "status": "Refinement"},
        REFINEMENT,
    ),
    (
        "imr_considered",
        submit,
        {"outcome": "accepted", "path": "3", "route": "report"},
        REPORT_PHASE,
    ),
    (
        "imr_considered",
        submit,
        {"outcome": "referred", "referred_to": "BEIS", "clause": "X2.3(d)"},
        SUBMITTED,
    ),
    ("refinement_started", submit, {}, REFINEMENT),
    ("consultation_issued", to_report, {"deadline": "2017-09-30"}, REPORT_PHASE),
    ("consultation_closed", issued, {}, CHANGE_BOARD),
    ("change_board_voted", to_report, {"outcome": "approve"}, APPROVED),
    ("change_board_voted", to_report, {"outcome": "reject"}, REJECTED),
    ("authority_determined", recommended, {"outcome": "reject", "authority": "Ofgem"}, REJECTED),
    ("withdrawn", to_report, {}, WITHDRAWN),
    ("cancelled", to_report, {"directed_by": "BEIS", "clause": "X2.3(d)"}, CANCELLED),
    ("suspended", to_report, {"directed_by": "BEIS", "clause": "X2.3(d)"}, SUSPENDED),
    ("resumed", suspended, {}, REPORT_PHASE),
    ("scheduled", submit, {"what": "IMR at the SEC Panel"}, SUBMITTED),
]


@pytest.mark.parametrize(
    ("kind", "setup", "facts", "status"),
    USE_CASES,
    ids=[f"{kind}-{status}" for kind, _, _, status in USE_CASES],
)
def test_each_use_case_records_one_event_with_its_facts_and_moves_the_status(
    ledger: GovLedger, kind: str, setup: Any, facts: dict[str, str], status: str
) -> None:
    if setup is not None:
        setup(ledger)
    before = count(ledger)
    outcome = ledger.record(kind, "SEC", "SECMP0035", on="2017-09-01", **WHO, **facts)
    events = all_events(ledger)
    assert len(events) == before + 1
    last = events[-1]
    [said] = outcome.events
    assert (said.event_id, said.subject, said.status_after) == (last.event_id, "SECMP0035", status)
    assert (last.kind, last.originator_id, last.on) == (
        kind,
        "proposal:SEC:SECMP0035",
        "2017-09-01",
    )
    assert {name: getattr(last, name) for name in facts} == facts
    assert ledger.proposal("SEC", "SECMP0035").state.status == status


def test_a_version_records_itself_and_implements_each_proposal_it_names(
    ledger: GovLedger,
) -> None:
    approved(ledger, "SECMP0035")
    approved(ledger, "SECMP0036")
    before = count(ledger)
    ledger.record(
        "version_effective",
        "SEC",
        "5.8",
        implements=["SECMP0035", "SECMP0036"],
        amends=["Section D"],
        on="2017-11-02",
        **WHO,
    )
    added = all_events(ledger)[before:]
    assert sorted(e.kind for e in added) == ["implemented", "implemented", "version_effective"]
    version = next(e for e in added if isinstance(e, ev.VersionEffective))
    assert (version.code, version.number, version.implements, version.amends, version.on) == (
        "SEC",
        "5.8",
        ["SECMP0035", "SECMP0036"],
        ["Section D"],
        "2017-11-02",
    )
    for pid in ("SECMP0035", "SECMP0036"):
        state = ledger.proposal("SEC", pid).state
        assert (state.status, state.implemented_in) == (IMPLEMENTED, "5.8")


def test_a_designated_version_records_one_event_and_implements_nothing(
    ledger: GovLedger,
) -> None:
    ledger.record(
        "version_effective",
        "SEC",
        "5.7",
        implements=[],
        amends=["Section X"],
        basis="designation",
        on="2017-06-01",
        **WHO,
    )
    [version] = all_events(ledger)
    assert (version.kind, version.basis) == ("version_effective", "designation")  # type: ignore[attr-defined]


def withdrawn(app: GovLedger) -> None:
    to_report(app)
    step(app, "withdrawn", on="2017-06-01")


def refinement(app: GovLedger) -> None:
    submit(app)
    step(app, "refinement_started", on="2017-05-19")


REFUSALS = [
    # (what is refused, set-up, the action, the error, what its message says)
    (
        "a vote on a withdrawn proposal",
        withdrawn,
        ("change_board_voted", "SECMP0035", {"outcome": "approve", "on": "2017-08-23"}),
        ProcessViolation,
        "SECMP0035: cannot record Change Board vote on 2017-08-23"
        " under the SEC process of 2017: its status is Withdrawn",
    ),
    (
        "implementing an unapproved proposal in a version",
        refinement,
        (
            "version_effective",
            "5.8",
            {"implements": ["SECMP0035"], "amends": [], "on": "2017-11-02", "strict": True},
        ),
        ProcessViolation,
        "SECMP0035: cannot record implemented on 2017-11-02"
        " under the SEC process of 2017: its status is Refinement; strict recording refuses the"
        " gap: Modification Report Consultation issued (Report Phase), Change Board vote"
        " (Approved) not recorded",
    ),
    (
        "submitting an id twice",
        submit,
        ("submitted", "SECMP0035", {"title": "Again", "proposer": "DCC", "on": "2017-06-01"}),
        ProcessViolation,
        "SECMP0035: cannot record it as submitted: it is already in the ledger",
    ),
    (
        "an Authority decision on a Path 3 proposal",
        to_report,
        (
            "authority_determined",
            "SECMP0035",
            {"outcome": "approve", "authority": "Ofgem", "on": "2017-08-23"},
        ),
        ProcessViolation,
        "Path 3 (Self-Governance), where the Change Board decides, not the Authority",
    ),
    (
        "a consultation deadline before its issue date",
        to_report,
        ("consultation_issued", "SECMP0035", {"deadline": "2017-06-24", "on": "2017-07-03"}),
        InvalidInput,
        "SECMP0035: consultation deadline 2017-06-24 precedes its issue date 2017-07-03",
    ),
    (
        "an unknown path at the IMR",
        submit,
        (
            "imr_considered",
            "SECMP0035",
            {"outcome": "accepted", "path": "4", "route": "report", "on": "2017-05-19"},
        ),
        InvalidInput,
        "unknown path '4'",
    ),
    (
        "an unknown path in a baseline",
        None,
        ("baselined", "SECMP0035", {"title": "t", "path": "Fast", "on": "2017-03"}),
        InvalidInput,
        "unknown path 'Fast'",
    ),
    (
        "a malformed id",
        None,
        ("submitted", "SECMP35", {"title": "t", "proposer": "p", "on": "2017-05-02"}),
        InvalidInput,
        "'SECMP35' is not a SEC proposal id",
    ),
    (
        "a malformed date",
        None,
        ("submitted", "SECMP0035", {"title": "t", "proposer": "p", "on": "2017-13-02"}),
        InvalidInput,
        "'2017-13-02' is not a date",
    ),
    (
        "a step on a proposal not in the ledger",
        None,
        ("withdrawn", "SECMP0099", {"on": "2017-05-02"}),
        NotFound,
        "SECMP0099: not in the ledger",
    ),
]


@pytest.mark.parametrize(
    ("setup", "action", "error", "message"),
    [r[1:] for r in REFUSALS],
    ids=[r[0] for r in REFUSALS],
)
def test_a_refused_action_raises_and_writes_nothing(
    ledger: GovLedger,
    setup: Any,
    action: tuple[str, str, dict[str, Any]],
    error: type[LedgerError],
    message: str,
) -> None:
    if setup is not None:
        setup(ledger)
    before = all_events(ledger)
    kind, subject, fields = action
    with pytest.raises(error) as refused:
        ledger.record(kind, "SEC", subject, **WHO, **fields)
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)
    assert all_events(ledger) == before


def test_a_strict_version_with_one_unapproved_proposal_records_none_of_it(
    ledger: GovLedger,
) -> None:
    approved(ledger, "SECMP0035")
    to_report(ledger, "SECMP0036")
    before = all_events(ledger)
    with pytest.raises(ProcessViolation, match=r"SECMP0036: .*its status is Report Phase"):
        ledger.record(
            "version_effective",
            "SEC",
            "5.8",
            implements=["SECMP0035", "SECMP0036"],
            amends=[],
            on="2017-11-02",
            strict=True,
            **WHO,
        )
    assert all_events(ledger) == before
    assert ledger.proposal("SEC", "SECMP0035").state.status == APPROVED


def test_a_version_naming_a_proposal_not_in_the_ledger_records_nothing(
    ledger: GovLedger,
) -> None:
    approved(ledger, "SECMP0035")
    before = all_events(ledger)
    with pytest.raises(NotFound, match="implements SECMP0099, which is not in the ledger"):
        ledger.record(
            "version_effective",
            "SEC",
            "5.8",
            implements=["SECMP0035", "SECMP0099"],
            amends=[],
            on="2017-11-02",
            **WHO,
        )
    assert all_events(ledger) == before


def jsonl(*records: dict[str, Any]) -> bytes:
    return b"\n".join(orjson.dumps(r) for r in records)


SUBMIT_LINE = {
    "kind": "submitted",
    "proposal": "SECMP0035",
    "title": "A change",
    "proposer": "British Gas",
    "on": "2017-05-02",
}
IMR_LINE = {
    "kind": "imr_considered",
    "proposal": "SECMP0035",
    "outcome": "accepted",
    "path": "3",
    "route": "report",
    "on": "2017-05-19",
}
WITHDRAW_LINE = {"kind": "withdrawn", "proposal": "SECMP0035", "on": "2017-06-01"}
VOTE_LINE = {
    "kind": "change_board_voted",
    "proposal": "SECMP0035",
    "outcome": "approve",
    "on": "2017-08-23",
}


def test_an_import_with_a_refused_line_records_nothing_and_names_the_line(
    ledger: GovLedger,
) -> None:
    lines = parse_lines(jsonl(SUBMIT_LINE, IMR_LINE, WITHDRAW_LINE, VOTE_LINE))
    with pytest.raises(ProcessViolation, match=r"^line 4: SECMP0035: .*Withdrawn"):
        ledger.import_lines(lines, "importer")
    assert count(ledger) == 0


def test_a_file_with_a_malformed_line_is_refused_naming_it_before_anything_is_read() -> None:
    data = jsonl(SUBMIT_LINE, IMR_LINE) + b"\n{not json\n" + jsonl(VOTE_LINE)
    with pytest.raises(InvalidInput, match=r"^line 3: not valid JSON"):
        parse_lines(data)


def test_a_file_line_with_an_unknown_path_names_the_line(ledger: GovLedger) -> None:
    lines = parse_lines(jsonl(SUBMIT_LINE, {**IMR_LINE, "path": "9"}))
    with pytest.raises(InvalidInput, match=r"^line 2: unknown path '9'"):
        ledger.import_lines(lines, "importer")
    assert count(ledger) == 0


def test_importing_the_same_file_twice_records_nothing_new(ledger: GovLedger) -> None:
    data = SEED.read_bytes()
    first = ledger.import_lines(parse_lines(data), "importer")
    recorded = all_events(ledger)
    second = ledger.import_lines(parse_lines(data), "importer")
    assert (first, second) == (ImportOutcome(37, 39, 0), ImportOutcome(37, 0, 37))
    assert all_events(ledger) == recorded


def events_output(app: GovLedger) -> bytes:
    """What `govledger events` writes."""
    return b"\n".join(orjson.dumps(event_line(pos, e)) for pos, e in app.read_events())


def test_the_events_of_a_ledger_imported_into_a_fresh_one_give_the_same_register(
    ledger: GovLedger, sqlite_db: str
) -> None:
    ledger.import_lines(parse_lines(SEED.read_bytes()), "importer")
    approved(ledger, "SECMP0035")
    ledger.record(
        "version_effective",
        "SEC",
        "5.8",
        implements=["SECMP0035"],
        amends=["Section D"],
        on="2017-11-02",
        **WHO,
    )
    fresh = GovLedger(sqlite_db.replace("events.db", "fresh.db"))
    try:
        fresh.import_lines(parse_lines(events_output(ledger)), "importer")
        assert register(fresh) == register(ledger)
        payloads = [e.payload() for e in all_events(fresh)]
        assert payloads == [e.payload() for e in all_events(ledger)]
    finally:
        fresh.close()


def test_an_event_keeps_its_actor_source_note_and_month_precision_once_stored(
    db: str,
) -> None:
    writer = GovLedger(db)
    writer.record(
        "baselined",
        "SEC",
        "SECMP0026",
        title="Changes to the Security Sub-Committee Nomination Process",
        path="3",
        on="2017-02",
        actor="Jane Doe, SECAS",
        source="SEC Update, 10 April 2017, section 2.1",
        note="Known from this paper only.",
    )
    writer.close()
    reader = GovLedger(db)
    try:
        [event] = all_events(reader)
    finally:
        reader.close()
    assert (event.actor, event.source, event.note, event.on) == (
        "Jane Doe, SECAS",
        "SEC Update, 10 April 2017, section 2.1",
        "Known from this paper only.",
        "2017-02",
    )


LEARNED = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def test_the_record_time_is_set_by_the_ledger_when_it_records(ledger: GovLedger) -> None:
    with clock(lambda: LEARNED):
        submit(ledger)
    [event] = all_events(ledger)
    assert (event.timestamp, event.on) == (LEARNED, "2017-05-02")


def test_an_imported_line_gets_the_importing_ledgers_record_time_not_its_own(
    ledger: GovLedger,
) -> None:
    line = {**SUBMIT_LINE, "recorded_at": "2001-01-01T00:00:00+00:00"}
    with clock(lambda: LEARNED):
        ledger.import_lines(parse_lines(jsonl(line)), "importer")
    [event] = all_events(ledger)
    assert event.timestamp == LEARNED


def test_an_imported_line_without_an_actor_is_recorded_by_the_importer(
    ledger: GovLedger,
) -> None:
    ledger.import_lines(parse_lines(jsonl(SUBMIT_LINE, {**IMR_LINE, "actor": "Panel"})), "me")
    assert [e.actor for e in all_events(ledger)] == ["me", "Panel"]


def test_an_authority_recommendation_then_determination_is_recorded_in_order(
    ledger: GovLedger,
) -> None:
    recommended(ledger)
    assert ledger.proposal("SEC", "SECMP0035").state.status == AUTHORITY_DETERMINATION
    step(ledger, "authority_determined", outcome="approve", authority="Ofgem", on="2017-09-30")
    assert [e.kind for e in all_events(ledger)] == [
        "submitted",
        "imr_considered",
        "change_board_voted",
        "authority_determined",
    ]


def test_a_use_case_missing_a_required_fact_is_refused_in_one_line(db: str) -> None:
    from ledger.domain.errors import InvalidInput

    app = GovLedger(db)
    try:
        with pytest.raises(InvalidInput, match=r"^SECMP0001: cannot record submitted: on missing$"):
            app.record("submitted", "SEC", "SECMP0001", title="t", actor="a")
        assert list(app.read_events()) == []
    finally:
        app.close()


def test_a_fact_no_source_gives_is_recorded_as_unknown_not_invented(db: str) -> None:
    app = GovLedger(db)
    try:
        app.record("submitted", "SEC", "SECMP0001", on="2017-01-01", actor="a")
        app.record("consultation_issued", "SEC", "SECMP0001", on="2017-02-01", actor="a")
        state = app.proposal("SEC", "SECMP0001").state
        assert (state.title, state.proposer, state.consultation_deadline) == (None, None, None)
        assert [e.text for e in state.timeline] == [
            "submitted (proposer not recorded): title not recorded",
            "Modification Report Consultation issued, responses by a date not recorded",
        ]
        submitted = next(e for _, e in app.read_events())
        assert "title" not in submitted.payload() and "proposer" not in submitted.payload()
    finally:
        app.close()


def test_a_dry_run_returns_the_outcome_recording_would_and_stores_nothing(
    ledger: GovLedger,
) -> None:
    submit(ledger)
    before = all_events(ledger)
    facts = {"outcome": "accepted", "path": "3", "route": "report", "on": "2017-05-19", **WHO}
    dry = ledger.record("imr_considered", "SEC", "SECMP0035", dry_run=True, **facts)
    assert all_events(ledger) == before
    real = ledger.record("imr_considered", "SEC", "SECMP0035", **facts)
    assert (dry.dry_run, real.dry_run) == (True, False)
    [would], [did] = dry.events, real.events
    assert (would.status_before, would.status_after) == (did.status_before, did.status_after)
    assert (did.status_before, did.status_after) == (SUBMITTED, "Report Phase")
    assert all_events(ledger)[-1].event_id == did.event_id != would.event_id


def test_a_dry_run_of_an_import_rolls_its_transaction_back(ledger: GovLedger) -> None:
    dry = ledger.import_lines(parse_lines(SEED.read_bytes()), "importer", dry_run=True)
    assert dry == ImportOutcome(37, 39, 0, dry_run=True)
    assert count(ledger) == 0
    assert ledger.import_lines(parse_lines(SEED.read_bytes()), "importer") == ImportOutcome(
        37, 39, 0
    )
