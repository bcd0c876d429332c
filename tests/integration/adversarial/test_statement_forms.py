"""Every SQL statement form that could change, remove or replace a stored event or link
is refused by the store itself, with the one append-only message, and leaves the history
exactly as it was."""

from __future__ import annotations

import pytest

from tests.integration.adversarial.conftest import head
from tests.trust_support import RawStore

EVENT = "('proposal:SEC:SECMP0034', 1, 'ledger.domain.events:Submitted', x'7b7d')"
LINK = "(1, 'proposal:SEC:SECMP0034', 1, 'ab', 'x', 'now')"

SQLITE_EVENTS = [
    "UPDATE {events} SET state = x'7b7d'",
    "UPDATE OR REPLACE {events} SET originator_version = 1",
    "UPDATE OR IGNORE {events} SET topic = 'x'",
    "UPDATE OR ROLLBACK {events} SET topic = 'x'",
    "UPDATE OR ABORT {events} SET topic = 'x'",
    "UPDATE OR FAIL {events} SET topic = 'x'",
    "DELETE FROM {events}",
    "DELETE FROM {events} WHERE rowid = 39",
    f"INSERT OR REPLACE INTO {{events}} VALUES {EVENT}",
    f"REPLACE INTO {{events}} VALUES {EVENT}",
    f"INSERT OR IGNORE INTO {{events}} VALUES {EVENT}",
    f"INSERT OR FAIL INTO {{events}} VALUES {EVENT}",
    f"INSERT OR ABORT INTO {{events}} VALUES {EVENT}",
    f"INSERT OR ROLLBACK INTO {{events}} VALUES {EVENT}",
    f"INSERT INTO {{events}} VALUES {EVENT} ON CONFLICT DO UPDATE SET state = x'7b7d'",
    f"INSERT INTO {{events}} VALUES {EVENT} ON CONFLICT DO NOTHING",
    "INSERT OR REPLACE INTO {events} (rowid, originator_id, originator_version, topic, state) "
    "VALUES (1, 'x', 1, 'ledger.domain.events:Submitted', x'7b7d')",
    "REPLACE INTO {events} (rowid, originator_id, originator_version, topic, state) "
    "SELECT rowid, originator_id, originator_version, topic, x'7b7d' FROM {events}",
]
SQLITE_CHAIN = [
    "UPDATE {chain} SET link = 'ab'",
    "UPDATE OR REPLACE {chain} SET position = 1",
    "DELETE FROM {chain}",
    "DELETE FROM {chain} WHERE position > 30",
    f"INSERT OR REPLACE INTO {{chain}} VALUES {LINK}",
    f"REPLACE INTO {{chain}} VALUES {LINK}",
    f"INSERT OR IGNORE INTO {{chain}} VALUES {LINK}",
    f"INSERT INTO {{chain}} VALUES {LINK} ON CONFLICT DO UPDATE SET link = 'ab'",
    f"INSERT INTO {{chain}} VALUES {LINK} ON CONFLICT DO NOTHING",
    "INSERT INTO {chain} VALUES (0, 'x', 1, 'ab', 'x', 'now')",
    "INSERT INTO {chain} VALUES (41, 'x', 1, 'ab', 'x', 'now')",
    "INSERT INTO {chain} VALUES (40, 'x', 1, 'ab', 'x', 'now')",
]
POSTGRES = [
    "UPDATE {events} SET state = '\\x7b7d'::bytea",
    "DELETE FROM {events}",
    "DELETE FROM {events} WHERE notification_id = 39",
    "TRUNCATE {events}",
    "TRUNCATE {events} CASCADE",
    "INSERT INTO {events} (originator_id, originator_version, topic, state) VALUES "
    "('proposal:SEC:SECMP0034', 1, 'ledger.domain.events:Submitted', '\\x7b7d') "
    "ON CONFLICT (originator_id, originator_version) DO UPDATE SET state = EXCLUDED.state",
    "MERGE INTO {events} t USING (SELECT 1 AS n) s ON t.notification_id = 1 "
    "WHEN MATCHED THEN UPDATE SET state = '\\x7b7d'",
    "MERGE INTO {events} t USING (SELECT 1 AS n) s ON t.notification_id = 1 "
    "WHEN MATCHED THEN DELETE",
    "UPDATE {chain} SET link = 'ab'",
    "DELETE FROM {chain}",
    "TRUNCATE {chain}",
    "INSERT INTO {chain} VALUES (1, 'x', 1, 'ab', 'x', 'now') "
    "ON CONFLICT (position) DO UPDATE SET link = EXCLUDED.link",
    "MERGE INTO {chain} t USING (SELECT 1 AS n) s ON t.position = 1 "
    "WHEN MATCHED THEN UPDATE SET link = 'ab'",
    "INSERT INTO {chain} VALUES (40, 'x', 1, 'ab', 'x', 'now')",
    "INSERT INTO {chain} VALUES (40, 'proposal:SEC:SECMP0034', 1, 'ab', 'x', 'now')",
]


def attempt(store: RawStore, statement: str) -> str:
    try:
        store.execute(statement)
    except Exception as error:
        return str(error).splitlines()[0]
    return "accepted"


@pytest.mark.parametrize("statement", SQLITE_EVENTS + SQLITE_CHAIN)
def test_sqlite_refuses_every_form_that_changes_or_replaces_history(
    sqlite_db: str, statement: str
) -> None:
    from tests.conftest import SEED
    from tests.trust_support import ok

    ok("--db", sqlite_db, "import", str(SEED))
    before = head(sqlite_db)
    store = RawStore(sqlite_db)
    message = attempt(store, statement)
    store.close()
    assert message.startswith("govledger: ") and message.endswith(
        "refused: recorded history is append-only"
    ), message
    assert head(sqlite_db) == before


@pytest.mark.parametrize("statement", POSTGRES)
@pytest.mark.parametrize("who", ["owner", "clerk"])
def test_postgresql_refuses_every_form_that_changes_or_replaces_history(
    postgres_schema_url: str, request: pytest.FixtureRequest, statement: str, who: str
) -> None:
    from tests.conftest import SEED
    from tests.trust_support import ok

    if who == "clerk":
        store = request.getfixturevalue("clerk")
    else:
        ok("--db", postgres_schema_url, "import", str(SEED))
        store = RawStore(postgres_schema_url)
    before = head(postgres_schema_url)
    message = attempt(store, statement)
    if who == "owner":
        store.close()
    assert message.endswith("refused: recorded history is append-only") or (
        who == "clerk" and message.startswith("permission denied for table")
    ), message
    assert head(postgres_schema_url) == before
