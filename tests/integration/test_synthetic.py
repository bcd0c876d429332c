"""The benchmark's synthetic histories are histories the ledger accepts, whole."""

from __future__ import annotations

from collections import Counter

import orjson

from bench.synthetic import History
from ledger.application import GovLedger
from ledger.interchange.lines import parse_lines


def test_a_synthetic_history_imports_without_a_refusal_and_holds_the_events_asked(
    sqlite_db: str,
) -> None:
    lines = list(History(3_000, seed=3).lines())
    data = b"\n".join(orjson.dumps(line) for line in lines)
    app = GovLedger(sqlite_db)
    try:
        outcome = app.import_lines(parse_lines(data), "tester")
        stored = app.recorder.max_notification_id()
    finally:
        app.close()
    assert (outcome.lines_read, outcome.events_stored, outcome.lines_held) == (
        len(lines),
        stored,
        0,
    )
    assert 3_000 <= stored < 3_000 + 30


def test_a_synthetic_history_has_every_kind_of_step_and_back_dated_and_corrected_events() -> None:
    lines = list(History(20_000, seed=5).lines())
    kinds = Counter(line["kind"] for line in lines)
    assert {"submitted", "imr_considered", "consultation_issued", "change_board_voted"} <= set(
        kinds
    )
    assert {"authority_determined", "version_effective", "corrected", "withdrawn"} <= set(kinds)
    first_seen: dict[str, str] = {}
    back_dated = 0
    for line in lines:
        key = line.get("proposal", "")
        if key and line["on"] < first_seen.get(key, ""):
            back_dated += 1
        first_seen[key] = max(first_seen.get(key, ""), line["on"])
    assert back_dated > 0
    per_proposal = Counter(line["proposal"] for line in lines if "proposal" in line)
    implemented = [key for line in lines for key in line.get("implements", ())]
    assert implemented
    assert all(8 <= per_proposal[key] + 1 <= 31 for key in implemented)
