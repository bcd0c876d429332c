"""Random sequences of commands, legal or not, through the application on a SQLite file.

After every step: the register read from the aggregates equals a fresh replay of
the recorded events, the hash chain verifies over every event, and a refused
command recorded nothing.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from ledger.application import GovLedger
from ledger.domain.errors import LedgerError
from ledger.store.audit import audit
from projections.views.ledger_view import LedgerView
from projections.views.register import register_rows

PROPOSALS = ("SECMP0001", "SECMP0002", "SECMP0003")
DATES = ("2017-01", "2017-02-10", "2017-03", "2017-03-31", "2017-04-20")
TEXT = st.sampled_from(("A", "Panel", "BEIS", ""))

STEPS: dict[str, Any] = {
    "submitted": st.fixed_dictionaries({"title": TEXT, "proposer": TEXT}),
    "baselined": st.fixed_dictionaries(
        {
            "title": TEXT,
            "path": st.sampled_from((None, "1", "3", "9")),
            "status": st.sampled_from((None, "Refinement", "Report Phase", "Approved", "Bogus")),
        }
    ),
    "imr_considered": st.fixed_dictionaries(
        {
            "outcome": st.sampled_from(("accepted", "referred", "maybe")),
            "path": st.sampled_from((None, "1", "2", "3")),
            "route": st.sampled_from((None, "refinement", "report")),
            "referred_to": st.sampled_from((None, "BEIS")),
        }
    ),
    "refinement_started": st.just({}),
    "consultation_issued": st.fixed_dictionaries({"deadline": st.sampled_from(DATES)}),
    "consultation_closed": st.just({}),
    "change_board_voted": st.fixed_dictionaries(
        {"outcome": st.sampled_from(("approve", "reject", "abstain"))}
    ),
    "authority_determined": st.fixed_dictionaries(
        {"outcome": st.sampled_from(("approve", "reject")), "authority": TEXT}
    ),
    "withdrawn": st.just({}),
    "cancelled": st.fixed_dictionaries({"directed_by": TEXT}),
    "suspended": st.fixed_dictionaries({"directed_by": TEXT}),
    "resumed": st.just({}),
    "scheduled": st.fixed_dictionaries({"what": TEXT}),
}


class LedgerMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = tempfile.mkdtemp(prefix="govledger-machine-")
        self.app = GovLedger(str(Path(self.folder) / "events.db"))
        self.recorded = 0

    def teardown(self) -> None:
        self.app.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _head(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    def _record(self, kind: str, subject: str, fields: dict[str, Any]) -> None:
        before = self._head()
        try:
            self.app.record(kind, "SEC", subject, actor="machine", **fields)
        except LedgerError:
            assert self._head() == before, f"refused {kind} on {subject} wrote events"
            return
        self.recorded += self._head() - before

    @rule(
        pid=st.sampled_from(PROPOSALS),
        step=st.sampled_from(sorted(STEPS)).flatmap(
            lambda kind: st.tuples(st.just(kind), STEPS[kind])
        ),
        on=st.sampled_from(DATES),
    )
    def record_a_step(self, pid: str, step: tuple[str, dict[str, Any]], on: str) -> None:
        kind, fields = step
        self._record(kind, pid, {**fields, "on": on})

    @rule(pid=st.sampled_from(PROPOSALS), on=st.sampled_from(DATES))
    def submit_a_proposal(self, pid: str, on: str) -> None:
        self._record("submitted", pid, {"title": "T", "proposer": "P", "on": on})

    @rule(
        number=st.sampled_from(("5.7", "5.8")),
        implements=st.lists(st.sampled_from(PROPOSALS), max_size=2, unique=True),
        on=st.sampled_from(DATES),
    )
    def bring_a_version_into_effect(self, number: str, implements: list[str], on: str) -> None:
        self._record(
            "version_effective", number, {"implements": implements, "amends": ["D"], "on": on}
        )

    @invariant()
    def the_register_equals_a_fresh_replay_of_the_events(self) -> None:
        replayed = LedgerView.of(self.app.read_events())
        from_aggregates = [self.app.proposal("SEC", s.proposal_id).state for s in replayed.states()]
        assert register_rows(from_aggregates, False) == register_rows(replayed.states(), False)
        assert replayed.event_count == self.recorded

    @invariant()
    def the_chain_verifies_over_every_event(self) -> None:
        verdict = audit(self.app.recorder)  # type: ignore[arg-type]
        assert verdict.intact, verdict.found
        assert verdict.count == self.recorded


LedgerMachine.TestCase.settings = settings(
    max_examples=100,
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_random_command_sequences_keep_the_register_the_replay_and_the_chain_in_step = (
    LedgerMachine.TestCase
)
