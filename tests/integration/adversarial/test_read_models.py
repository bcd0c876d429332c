"""The tables everyone reads: a clerk cannot write them, and `verify --projections` names
the first row that anyone with the keys changed."""

from __future__ import annotations

import pytest

from tests.integration.adversarial.conftest import broken
from tests.trust_support import RawStore, cli

TAMPERING = [
    (
        "UPDATE register SET status = 'Approved' WHERE id = 'SECMP0034'",
        "register row SECMP0034: status is 'Approved' in the table, "
        "'Modification Proposal Submitted' from the events",
    ),
    ("DELETE FROM register WHERE id = 'SECMP0006'", "register row SECMP0006"),
    ("UPDATE register_history SET valid_from = '2016-01-01'", "register_history row"),
    ("DELETE FROM decisions", "decisions row"),
    ("UPDATE milestones SET what = 'nothing'", "milestones row"),
    ("UPDATE versions SET effective = '2030-01-01'", "versions row"),
    ("DELETE FROM amendments", "amendments row"),
    ("UPDATE ledger_events SET recorded_at = '2000-01-01T00:00:00+00:00'", "ledger_events row"),
    ("DELETE FROM register_open_years", "register_open_years row"),
    (
        "UPDATE tracking SET notification_id = 45",
        "the tracking record says 45 events projected; the ledger holds 39",
    ),
]


@pytest.mark.parametrize(("statement", "named"), TAMPERING)
def test_verify_projections_names_the_row_a_key_holder_changed(
    sqlite_db: str, statement: str, named: str
) -> None:
    from tests.conftest import SEED
    from tests.trust_support import ok

    ok("--db", sqlite_db, "import", str(SEED))
    assert (
        ok("--db", sqlite_db, "verify", "--projections")
        .splitlines()[-1]
        .startswith("projection tables match the events: ")
    )
    store = RawStore(sqlite_db)
    store.execute(statement)
    store.close()
    out = broken(sqlite_db, "--projections")
    assert out.splitlines()[-1].startswith(f"projection tables differ from the events: {named}")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE {schema}.register SET status = 'Approved'",
        "DELETE FROM {schema}.register_history",
        "INSERT INTO {schema}.decisions (code, proposal) VALUES ('SEC', 'SECMP0034')",
        "UPDATE {schema}.milestones SET what = 'x'",
        "UPDATE {schema}.govledger_tracking SET notification_id = 1000",
        "DELETE FROM {schema}.govledger_tracking",
        "TRUNCATE {schema}.versions",
    ],
)
def test_a_clerk_cannot_write_what_readers_rely_on(clerk: RawStore, statement: str) -> None:
    schema = f'"{clerk.schema}"'
    with pytest.raises(Exception, match="permission denied for table"):
        clerk.execute(statement.replace("{schema}", schema))


def test_a_clerks_recording_stands_and_the_tables_stay_the_owners(clerk: RawStore) -> None:
    result = cli(
        "--db", clerk.db, "vote", "SECMP0033", "--outcome", "approve", "--on", "2017-05-24"
    )
    assert result.exit_code == 0, result.output
    assert clerk.execute("SELECT COUNT(*) FROM {events}")[0][0] == 40
