"""Before a PostgreSQL ledger is opened: the URL is sound, the server answers, the
database and schema exist. Each failure is one line, not a long wait and a traceback."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse, urlunparse

from ledger.domain.errors import InvalidInput, LedgerError
from ledger.stores import is_postgres

CONNECT_TIMEOUT = 5


class StoreUnavailable(LedgerError):
    """The ledger's store cannot be reached or opened."""


def shown(db: str) -> str:
    """The store as it may be printed: a PostgreSQL URL without its password."""
    if not is_postgres(db):
        return db
    parts = urlparse(db)
    if parts.password is None:
        return db
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunparse(parts._replace(netloc=f"{parts.username}:***@{host}"))


def check_store(db: str) -> None:
    """Refuse, in one line, a PostgreSQL ledger that cannot be opened."""
    if not is_postgres(db):
        return
    import psycopg

    parts = urlparse(db)
    try:
        port = parts.port or 5432
    except ValueError:
        raise InvalidInput(f"--db {shown(db)}: the port is not a number") from None
    dbname = parts.path.strip("/")
    if not dbname:
        raise InvalidInput(f"--db {shown(db)} names no database")
    schema = parse_qs(parts.query).get("schema", [""])[0]
    try:
        with psycopg.connect(
            host=parts.hostname or "127.0.0.1",
            port=port,
            dbname=dbname,
            user=parts.username or "postgres",
            password=parts.password or "",
            connect_timeout=CONNECT_TIMEOUT,
        ) as conn:
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
    first = (str(error).strip().splitlines() or [type(error).__name__])[0]
    detail = first.rsplit(" failed: ", 1)[-1]
    return detail.removeprefix("FATAL:").strip()
