"""Damage earlier than the chain's end: `verify` names it, every read of what it touches
refuses it, and what is sound still reads and records."""

from __future__ import annotations

from pathlib import Path

import orjson

from tests.integration.adversarial.conftest import append_linked, broken, next_version, refused
from tests.trust_support import RawStore, cli, ok

TARGET = "proposal:SEC:SECMP0006"


def position_of(store: RawStore, originator_id: str, version: int) -> int:
    rows = store.execute(
        "SELECT position FROM {chain} WHERE originator_id = ? AND originator_version = ?",
        (originator_id, version),
    )
    return int(rows[0][0])


def test_a_link_removed_from_the_middle_is_named_and_its_event_refused(
    ledger: str, owner: RawStore
) -> None:
    at = position_of(owner, TARGET, 1)
    owner.execute("DELETE FROM {chain} WHERE position = ?", (at,))
    assert broken(ledger) == (
        f"chain broken at event {at} ({owner.keys()[at - 1]}): removed: "
        f"the chain has no link at position {at}\n"
    )
    expected = (
        f"govledger: the stored event {TARGET} v1 was never linked into the hash chain: "
        "refused to read it (govledger verify explains)"
    )
    for args in (("show", "SECMP0006"), ("history", "SECMP0006"), ("events",)):
        assert refused("--db", ledger, *args) == expected
    assert "SECMP0016" in ok("--db", ledger, "show", "SECMP0016")


def test_an_event_altered_in_the_middle_is_named_and_refused(ledger: str, owner: RawStore) -> None:
    owner.execute(
        "UPDATE {events} SET state = ? WHERE originator_id = ? AND originator_version = 2",
        (
            bytes(
                owner.execute(
                    "SELECT state FROM {events} WHERE originator_id = ? AND originator_version = 2",
                    (TARGET,),
                )[0][0]
            ).replace(b"2017-04-27", b"2017-05-27"),
            TARGET,
        ),
    )
    at = position_of(owner, TARGET, 2)
    assert broken(ledger).startswith(f"chain broken at event {at} ({TARGET} v2): altered: ")
    assert refused("--db", ledger, "show", "SECMP0006") == (
        f"govledger: the stored event {TARGET} v2 no longer matches the link recorded with "
        "it: refused to read it (govledger verify explains)"
    )


def test_a_proposal_with_a_version_missing_is_refused_by_every_read(
    ledger: str, owner: RawStore
) -> None:
    """v1 removed with its link and the chain and tree made again over what is left: a
    consistent chain, but the proposal's history has a gap that no read may pass over."""
    from ledger.store.chain import GENESIS, WITH_THE_EVENT
    from ledger.store.sqlite import chain_rows

    owner.execute(
        "DELETE FROM {events} WHERE originator_id = ? AND originator_version = 1", (TARGET,)
    )
    owner.execute("DELETE FROM {chain}")
    events = owner.execute(
        "SELECT originator_id, originator_version, topic, state FROM {events} ORDER BY {nid}"
    )
    for row in chain_rows((0, GENESIS), events, WITH_THE_EVENT):
        owner.execute("INSERT INTO {chain} VALUES (?,?,?,?,?,?)", row)
    owner.retree()
    expected = (
        f"govledger: the stored event {TARGET} v2 follows version 0, with versions missing: "
        "refused to read it (govledger verify explains)"
    )
    for args in (
        ("show", "SECMP0006"),
        ("history", "SECMP0006"),
        ("withdraw", "SECMP0006", "--on", "2017-05"),
    ):
        assert refused("--db", ledger, *args) == expected
    out = broken(ledger)
    assert out.splitlines()[-1] == f"process broken: {TARGET} cannot be read: {expected[11:]}"


def test_an_import_beside_a_linked_row_without_an_event_id_is_refused_in_one_line(
    ledger: str, owner: RawStore, tmp_path: Path
) -> None:
    version = next_version(owner, TARGET)
    append_linked(owner, (TARGET, version, "ledger.domain.events:Withdrawn", b"{}"))
    line = tmp_path / "one.jsonl"
    line.write_bytes(
        orjson.dumps(
            {
                "kind": "submitted",
                "code": "SEC",
                "proposal": "SECMP0099",
                "title": "T",
                "proposer": "P",
                "on": "2017-05",
            }
        )
        + b"\n"
    )
    assert refused("--db", ledger, "import", str(line)) == (
        f"govledger: a stored event of {TARGET} has no event id: refused to read it "
        "(govledger verify explains)"
    )


def test_a_null_written_into_a_tables_key_is_named(sqlite_db: str) -> None:
    from tests.conftest import SEED

    ok("--db", sqlite_db, "import", str(SEED))
    store = RawStore(sqlite_db)
    store.execute("INSERT INTO register_open_years VALUES (NULL, 'proposal:SEC:X', 'd')")
    store.close()
    result = cli("--db", sqlite_db, "verify", "--projections")
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[-1] == (
        "projection tables differ from the events: register_open_years row None "
        "proposal:SEC:X d: in the table, not derived from the events"
    )
