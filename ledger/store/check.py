"""Before a ledger is opened: a SQLite file is a govledger ledger and whole; a PostgreSQL
URL is sound, the server answers, the database and schema exist. Each failure is one
line, not a long wait and a traceback."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING
from urllib.parse import quote

from ledger.domain.errors import InvalidInput, LedgerError, first_line
from ledger.store.settings import PostgresUrl, is_postgres, refuse_bad_path, shown

if TYPE_CHECKING:
    import sqlite3


class StoreUnavailable(LedgerError):
    """The ledger's store cannot be reached or opened."""


SQLITE_MAGIC = b"SQLite format 3\x00"
STORED_EVENTS = frozenset({"originator_id", "originator_version", "topic", "state"})


def check_store(db: str) -> None:
    """Refuse, in one line, a ledger that cannot be opened."""
    if not is_postgres(db):
        check_sqlite(db)
        return
    import psycopg

    url = PostgresUrl.parse(db)
    schema, dbname = url.schema, url.dbname
    try:
        with psycopg.connect(**url.connection()) as conn:
            if (
                schema
                and conn.execute(
                    "SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,)
                ).fetchone()
                is None
            ):
                raise StoreUnavailable(
                    f'cannot open the ledger at {shown(db)}: schema "{schema}" does not '
                    f'exist in database "{dbname}" (create it first: CREATE SCHEMA {schema})'
                )
    except psycopg.Error as error:
        raise StoreUnavailable(f"cannot open the ledger at {shown(db)}: {reason(error)}") from None


def reason(error: Exception) -> str:
    """psycopg's message, down to its one informative line."""
    first = first_line(error, type(error).__name__)
    detail = first.rsplit(" failed: ", 1)[-1]
    return detail.removeprefix("FATAL:").strip()


def check_sqlite(db: str) -> None:
    """Refuse, in one line and before anything is written, a --db that keeps nothing, or a
    file that is not a whole govledger ledger. A file that does not exist yet is a new ledger."""
    if check_file(db):
        check_tables(db)


def check_file(db: str) -> bool:
    """`check_sqlite` but for the tables: whether the file exists, refusing one that keeps
    nothing or is not a SQLite database whole (a reader then checks the tables through its
    own connection, `check_tables`)."""
    refuse_bad_path(db)
    if ":memory:" in db or "mode=memory" in db:  # what eventsourcing keeps in memory
        raise InvalidInput(
            f"--db {db!r} keeps nothing (an in-memory database is gone when the command ends): "
            "name a file or a postgresql:// URL"
        )
    if not os.path.lexists(db):
        return False
    if os.path.isdir(db):
        raise StoreUnavailable(f"{db}: a directory, not a ledger file")
    try:
        with open(db, "rb") as file:
            header = file.read(100)
            size = os.fstat(file.fileno()).st_size
    except OSError as error:
        raise StoreUnavailable(f"{db}: cannot be read ({error.strerror})") from None
    if not header:
        raise StoreUnavailable(
            f"{db}: an empty file, not a ledger (a new ledger is started in a file that "
            "does not exist yet)"
        )
    if not header.startswith(SQLITE_MAGIC):
        raise StoreUnavailable(f"{db}: not a ledger: {what_it_is(header)}")
    short = truncated(header, size)
    if short:
        raise StoreUnavailable(f"{db}: damaged: {short}")
    return True


def what_it_is(header: bytes) -> str:
    """A file that is not SQLite, as its first bytes suggest."""
    start = header.lstrip()
    if start.startswith(b"{"):
        return "it looks like JSON Lines (events are brought in with `govledger import FILE`)"
    return "not a SQLite database"


def truncated(header: bytes, size: int) -> str | None:
    """Whether the file is shorter than its header says (a copy cut short)."""
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # the page count is only kept up to date when these two counters agree
    if len(header) < 100 or header[24:28] != header[92:96] or not pages:
        return None
    expected = pages * page_size
    if size >= expected:
        return None
    return f"the file is cut short ({size} bytes of the {expected} its header gives)"


def check_tables(db: str, conn: sqlite3.Connection | None = None) -> None:
    """The file holds govledger's table of events, with every column it needs (read
    through `conn` when one is given: a reader's own, not yet used)."""
    import sqlite3

    try:
        reading = conn or sqlite3.connect(f"file:{quote(db)}?mode=ro", uri=True)
        try:
            columns = {row[1] for row in reading.execute("PRAGMA table_info(stored_events)")}
        finally:
            if conn is None:
                reading.close()
    except sqlite3.Error as error:
        raise StoreUnavailable(f"{db}: {damage(error)}") from None
    except UnicodeDecodeError:  # the schema's own text was damaged
        raise StoreUnavailable(f"{db}: damaged: its schema is not UTF-8 text") from None
    if not columns:
        raise StoreUnavailable(
            f"{db}: a SQLite database, but not a govledger ledger (it has no stored_events table)"
        )
    missing = sorted(STORED_EVENTS - columns)
    if missing:
        raise StoreUnavailable(f"{db}: damaged: stored_events has no column {missing[0]!r}")


def damage(error: Exception) -> str:
    """What SQLite said about a file it could not use, as one line."""
    import sqlite3

    text = first_line(error, type(error).__name__)
    if type(error) is sqlite3.DatabaseError:  # the file's bytes are not a database
        return f"damaged or not a ledger (SQLite: {text})"
    return f"the store failed (SQLite: {text})"
