"""A step added straight into the store, with a correct link, that its process refuses
(what a clerk's INSERT on PostgreSQL or a copy of the file allows): the chain holds, so
`verify` folds every proposal again and names the step."""

from __future__ import annotations

import pytest

from ledger.application import GovLedger
from ledger.domain import events as ev
from ledger.store.mapper import OrjsonTranscoder, PydanticMapper, topic_of
from tests.integration.adversarial.conftest import append_linked, broken, next_version
from tests.trust_support import RawStore, ok

TARGET = "proposal:SEC:SECMP0033"
STEPS = {
    "a second submission": (ev.Submitted, {"title": "T", "proposer": "P"}),
    "an Authority decision on Path 3": (
        ev.AuthorityDetermined,
        {"outcome": "approve", "authority": "Ofgem"},
    ),
}


def forged(kind: type[ev.LedgerEvent], version: int, facts: dict[str, str]) -> tuple:
    event = kind(
        originator_id=TARGET,
        originator_version=version,
        timestamp=kind.create_timestamp(),
        event_id="5b2f0a4e-9d7c-4e3a-8f61-0c9d2b7e4a10",
        on="2017-05-02",
        actor="insider",
        **facts,
    )
    stored = PydanticMapper(transcoder=OrjsonTranscoder()).to_stored_event(event)
    return (TARGET, version, topic_of(kind), stored.state)


@pytest.mark.parametrize("step", STEPS)
def test_a_step_its_process_refuses_added_with_a_correct_link_fails_verify(
    ledger: str, owner: RawStore, step: str
) -> None:
    kind, facts = STEPS[step]
    version = next_version(owner, TARGET)
    append_linked(owner, forged(kind, version, facts))
    out = broken(ledger)
    assert out.splitlines()[0].startswith("40 events, chain intact, head ")
    assert out.splitlines()[-1].startswith(
        f"process broken: {TARGET} v{version} ({kind.kind.replace('_', ' ')} of 2017-05-02, "
        "event 5b2f0a4e-9d7c-4e3a-8f61-0c9d2b7e4a10) is recorded against its process: "
    )


def test_a_clerk_can_add_such_a_step_and_verify_names_it(clerk: RawStore) -> None:
    kind, facts = STEPS["an Authority decision on Path 3"]
    version = next_version(clerk, TARGET)
    append_linked(clerk, forged(kind, version, facts))
    owner_url = clerk.db.replace(clerk.db.split("//")[1].split("@")[0], "postgres", 1)
    assert "process broken: " in broken(owner_url)
    app = GovLedger(owner_url)
    assert app.proposal("SEC", "SECMP0033").state.status == "Report Phase"
    app.close()
    assert "SECMP0033" in ok("--db", owner_url, "show", "SECMP0033")
