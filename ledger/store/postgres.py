"""eventsourcing's PostgreSQL recorder, extended to keep the hash chain (see sqlite.py).

Besides refusing UPDATE, DELETE and TRUNCATE, the server checks every row added:
an event only after the last one stored, and a link only at the next position,
for a stored event, with the link recomputed from that event and the link
before it; a Merkle tree node only once, a leaf recomputed from the event at its
position and an interior node from its two stored children. So a role that may only
read and add events cannot put an event outside the chain's range nor a link or a node
that does not match its event.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

from eventsourcing.persistence import (
    InterfaceError,
    OperationalError,
    ProgrammingError,
    StoredEvent,
)
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.utils import retry
from psycopg import Cursor
from psycopg.rows import DictRow, tuple_row
from psycopg.sql import SQL, Composed, Identifier, Literal

from ledger.store.chain import (
    ADOPTED,
    GENESIS,
    TAG,
    WITH_THE_EVENT,
    StoredLink,
    head_for_append,
    refuse_adopt,
)
from ledger.store.event_ids import postgres_expression
from ledger.store.linked import CheckedReads, linked_select
from ledger.store.mapper import TOPICS
from ledger.store.postgres_roles import SharedTables
from ledger.store.sqlite import (
    as_rows,
    chain_rows,
    stored_link,
)
from ledger.store.tree import KeepsTree

REFUSE = "govledger: % on % refused: recorded history is append-only"


class ChainedPostgresRecorder(KeepsTree, CheckedReads, SharedTables, PostgresApplicationRecorder):
    id_column = "notification_id"
    GUARDS = ("govledger_refuse_change", "govledger_refuse_truncate", "govledger_append_only")

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        self.chain_table_name = f"{events_table_name}_chain"
        self.check_identifier_length(self.chain_table_name)
        self.schema = Identifier(self.datastore.schema)
        self.chain = Identifier(self.chain_table_name)
        self.events = Identifier(self.events_table_name)
        self.linked_select = SQL(
            linked_select("{schema}.{events}", "{schema}.{chain}", "notification_id")
        ).format(schema=self.schema, events=self.events, chain=self.chain)
        self.event_id_sql = postgres_expression("e.state")
        self.tree_name = f"{events_table_name}_tree"
        self.kept_name = f"{events_table_name}_checkpoints"
        self.tree = Identifier(self.tree_name)
        self.kept = Identifier(self.kept_name)
        schema = self.datastore.schema
        self.tree_sql = f'"{schema}"."{events_table_name}_tree"'
        self.checkpoints_sql = f'"{schema}"."{events_table_name}_checkpoints"'
        self.chain_sql = f'"{schema}"."{self.chain_table_name}"'
        self.events_sql = f'"{schema}"."{events_table_name}"'

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if not stored_events:
            return []
        with (
            self.datastore.get_connection() as conn,
            conn.transaction(),
            conn.cursor() as curs,
        ):
            return self.insert_chained(curs, stored_events, **kwargs)

    def insert_chained(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int]:
        """Store and link `stored_events` in the caller's transaction."""
        # Locks the events table (EXCLUSIVE) before inserting: writers take turns.
        self._insert_stored_events(curs, stored_events, **kwargs)
        ids = self._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        assert ids
        self._put_guards(curs)
        head = self._head(curs, before=min(ids))
        events = as_rows(stored_events)
        self._insert_links(curs, chain_rows(head, events, WITH_THE_EVENT))
        with curs.connection.cursor(row_factory=tuple_row) as rows:
            self.grow_tree(rows, head[0], events)
        return ids

    def create_table(self) -> None:
        """eventsourcing's tables, then the chain's table and the append-only guards."""
        super().create_table()
        # A role that may only read and add events cannot create them; its first write
        # tries again (and says why it cannot), and the owner's next open creates them.
        with (
            contextlib.suppress(ProgrammingError),
            self.datastore.transaction(commit=True) as curs,
        ):
            if self._guards_missing(curs) or self._guards_stale(curs):
                self._lock_table(curs)
                self._put_guards(curs, renew=True)
        with (
            contextlib.suppress(ProgrammingError),
            self.datastore.transaction(commit=True) as curs,
        ):
            self._ensure_event_index(curs)

    def _ensure_event_index(self, curs: Cursor[DictRow]) -> None:
        """The index from event id to event (event_ids.py), made by the owner's open of
        a ledger made before it existed; under the events table's lock, so that owners
        opening a new ledger at once make it once."""
        if self._event_index_made(curs):
            return
        self._lock_table(curs)
        if self._event_index_made(curs):
            return
        curs.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS {index} ON {schema}.{events} (("
                + postgres_expression("state")
                + "))"
            ).format(
                index=Identifier(f"{self.events_table_name}_event_id"),
                schema=self.schema,
                events=self.events,
            )
        )

    def _event_index_made(self, curs: Cursor[DictRow]) -> bool:
        curs.execute(
            "SELECT 1 FROM pg_indexes WHERE schemaname = %s AND indexname = %s",
            (self.datastore.schema, f"{self.events_table_name}_event_id"),
        )
        return curs.fetchone() is not None

    def _guards_stale(self, curs: Cursor[DictRow]) -> bool:
        """Whether the guard on new events was made by an earlier release: one whose list
        of govledger's event types lacks a type this release records."""
        curs.execute(
            "SELECT p.prosrc FROM pg_proc p JOIN pg_namespace s ON s.oid = p.pronamespace "
            "WHERE s.nspname = %s AND p.proname = 'govledger_event_in_order'",
            (self.datastore.schema,),
        )
        row = curs.fetchone()
        return row is None or not all(topic in row["prosrc"] for topic in TOPICS)

    def _guards_missing(self, curs: Cursor[DictRow]) -> bool:
        curs.execute(
            "SELECT count(*) AS n FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace s ON s.oid = c.relnamespace "
            "WHERE s.nspname = %s AND c.relname = ANY(%s) AND t.tgname = ANY(%s)",
            (
                self.datastore.schema,
                [
                    self.events_table_name,
                    self.chain_table_name,
                    f"{self.events_table_name}_tree",
                    f"{self.events_table_name}_checkpoints",
                ],
                list(self.GUARDS),
            ),
        )
        row = curs.fetchone()
        return row is None or row["n"] != 4 * len(self.GUARDS)

    def _put_guards(self, curs: Cursor[DictRow], renew: bool = False) -> None:
        """Create what is missing (`renew`: make them all again); the caller holds the
        events table's lock."""
        if not renew and not self._guards_missing(curs):
            return
        for statement in self._guard_statements():
            curs.execute(statement)

    def _guard_statements(self) -> list[Composed]:
        names = {
            "schema": self.schema,
            "events": self.events,
            "chain": self.chain,
            "tree": self.tree,
            "kept": self.kept,
        }
        refuse_change, refuse_truncate, append_only = (Identifier(g) for g in self.GUARDS)
        statements = [
            SQL(
                "CREATE TABLE IF NOT EXISTS {schema}.{chain} ("
                "position bigint PRIMARY KEY, originator_id text NOT NULL, "
                "originator_version bigint NOT NULL, link text NOT NULL, "
                "how text NOT NULL, linked_at text NOT NULL, "
                "UNIQUE (originator_id, originator_version))"
            ).format(**names),
            SQL(
                "CREATE OR REPLACE FUNCTION {schema}.govledger_refuse_change() "
                "RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION "
                "{message}, TG_OP, TG_TABLE_NAME; END $$"
            ).format(message=Literal(REFUSE), **names),
            SQL(
                "CREATE OR REPLACE FUNCTION {schema}.govledger_link("
                "previous text, originator_id text, originator_version bigint, "
                "topic text, state bytea) RETURNS text LANGUAGE sql IMMUTABLE AS $$ "
                "SELECT encode(sha256({tag} || decode(previous, 'hex') "
                "|| int8send(octet_length(convert_to(originator_id, 'UTF8'))::int8) "
                "|| convert_to(originator_id, 'UTF8') "
                "|| int8send(octet_length(originator_version::text)::int8) "
                "|| convert_to(originator_version::text, 'UTF8') "
                "|| int8send(octet_length(convert_to(topic, 'UTF8'))::int8) "
                "|| convert_to(topic, 'UTF8') "
                "|| int8send(octet_length(state)::int8) || state), 'hex') $$"
            ).format(tag=Literal(TAG), **names),
            SQL(
                "CREATE OR REPLACE FUNCTION {schema}.govledger_event_in_order() "
                "RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "IF NEW.notification_id < 1 OR NEW.notification_id <= "
                "(SELECT max(notification_id) FROM {schema}.{events}) THEN RAISE EXCEPTION "
                "{message}, 'INSERT out of order', TG_TABLE_NAME; END IF; "
                "IF NOT NEW.topic = ANY({topics}) THEN RAISE EXCEPTION {message}, "
                "'INSERT of a type that is no govledger event', TG_TABLE_NAME; END IF; "
                "RETURN NEW; END $$"
            ).format(message=Literal(REFUSE), topics=Literal(sorted(TOPICS)), **names),
            SQL(
                "CREATE OR REPLACE FUNCTION {schema}.govledger_link_in_order() "
                "RETURNS trigger LANGUAGE plpgsql AS $$ "
                "DECLARE e record; last record; BEGIN "
                "SELECT position, link INTO last FROM {schema}.{chain} "
                "ORDER BY position DESC LIMIT 1; "
                "SELECT topic, state INTO e FROM {schema}.{events} "
                "WHERE originator_id = NEW.originator_id "
                "AND originator_version = NEW.originator_version; "
                "IF NEW.position <> coalesce(last.position, 0) + 1 "
                "OR e.state IS NULL OR NEW.link IS DISTINCT FROM {schema}.govledger_link("
                "coalesce(last.link, {genesis}), NEW.originator_id, NEW.originator_version, "
                "e.topic, e.state) THEN RAISE EXCEPTION {message}, "
                "'INSERT of a link that is not the next event''s', TG_TABLE_NAME; "
                "END IF; RETURN NEW; END $$"
            ).format(message=Literal(REFUSE), genesis=Literal(GENESIS), **names),
            SQL(
                "CREATE TABLE IF NOT EXISTS {schema}.{tree} (level int NOT NULL, "
                "idx bigint NOT NULL, hash bytea NOT NULL, PRIMARY KEY (level, idx))"
            ).format(**names),
            SQL(
                "CREATE TABLE IF NOT EXISTS {schema}.{kept} (number bigserial PRIMARY KEY, "
                "size bigint NOT NULL, note text NOT NULL, kept_at text NOT NULL)"
            ).format(**names),
            SQL(
                "CREATE OR REPLACE FUNCTION {schema}.govledger_leaf("
                "originator_id text, originator_version bigint, topic text, state bytea) "
                "RETURNS bytea LANGUAGE sql IMMUTABLE AS $$ SELECT sha256('\\x00'::bytea "
                "|| int8send(octet_length(convert_to(originator_id, 'UTF8'))::int8) "
                "|| convert_to(originator_id, 'UTF8') "
                "|| int8send(octet_length(originator_version::text)::int8) "
                "|| convert_to(originator_version::text, 'UTF8') "
                "|| int8send(octet_length(convert_to(topic, 'UTF8'))::int8) "
                "|| convert_to(topic, 'UTF8') "
                "|| int8send(octet_length(state)::int8) || state) $$"
            ).format(**names),
            SQL(
                "CREATE OR REPLACE FUNCTION {schema}.govledger_node_in_order() "
                "RETURNS trigger LANGUAGE plpgsql AS $$ "
                "DECLARE e record; l bytea; r bytea; BEGIN "
                "IF NEW.level = 0 THEN "
                "SELECT ev.originator_id, ev.originator_version, ev.topic, ev.state INTO e "
                "FROM {schema}.{chain} c JOIN {schema}.{events} ev "
                "ON ev.originator_id = c.originator_id "
                "AND ev.originator_version = c.originator_version "
                "WHERE c.position = NEW.idx + 1; "
                "IF NEW.idx <> coalesce((SELECT max(idx) FROM {schema}.{tree} "
                "WHERE level = 0), -1) + 1 OR e.state IS NULL "
                "OR NEW.hash IS DISTINCT FROM {schema}.govledger_leaf(e.originator_id, "
                "e.originator_version, e.topic, e.state) THEN RAISE EXCEPTION {message}, "
                "'INSERT of a leaf that is not the next event''s', TG_TABLE_NAME; END IF; "
                "ELSE "
                "SELECT hash INTO l FROM {schema}.{tree} WHERE level = NEW.level - 1 "
                "AND idx = 2 * NEW.idx; "
                "SELECT hash INTO r FROM {schema}.{tree} WHERE level = NEW.level - 1 "
                "AND idx = 2 * NEW.idx + 1; "
                "IF NEW.level < 0 OR l IS NULL OR r IS NULL OR NEW.hash IS DISTINCT FROM "
                "sha256('\\x01'::bytea || l || r) THEN RAISE EXCEPTION {message}, "
                "'INSERT of a node that is not its children''s', TG_TABLE_NAME; END IF; "
                "END IF; RETURN NEW; END $$"
            ).format(message=Literal(REFUSE), **names),
            SQL(
                "CREATE OR REPLACE FUNCTION {schema}.govledger_checkpoint_in_order() "
                "RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "IF NEW.number <= coalesce((SELECT max(number) FROM {schema}.{kept}), 0) "
                "THEN RAISE EXCEPTION {message}, 'INSERT out of order', TG_TABLE_NAME; "
                "END IF; RETURN NEW; END $$"
            ).format(message=Literal(REFUSE), **names),
        ]
        for table, check in (
            (self.events, "event_in_order"),
            (self.chain, "link_in_order"),
            (self.tree, "node_in_order"),
            (self.kept, "checkpoint_in_order"),
        ):
            for name, when, each, function in (
                (refuse_change, "BEFORE UPDATE OR DELETE", "ROW", "refuse_change"),
                (refuse_truncate, "BEFORE TRUNCATE", "STATEMENT", "refuse_change"),
                (append_only, "BEFORE INSERT", "ROW", check),
            ):
                statements.append(
                    SQL(
                        "CREATE OR REPLACE TRIGGER {name} " + when + " ON {schema}.{table} "
                        "FOR EACH " + each + " EXECUTE FUNCTION {schema}.{function}()"
                    ).format(
                        name=name,
                        table=table,
                        function=Identifier(f"govledger_{function}"),
                        schema=self.schema,
                    )
                )
        return statements

    def _head(self, curs: Cursor[DictRow], before: int) -> tuple[int, str]:
        curs.execute(
            SQL(
                "SELECT position, link, originator_id, originator_version "
                "FROM {schema}.{chain} ORDER BY position DESC LIMIT 1"
            ).format(schema=self.schema, chain=self.chain)
        )
        last = curs.fetchone()
        curs.execute(
            SQL(
                "SELECT originator_id, originator_version FROM {schema}.{events} "
                "WHERE notification_id < %s ORDER BY notification_id DESC LIMIT 1"
            ).format(schema=self.schema, events=self.events),
            (before,),
        )
        previous = curs.fetchone()
        return head_for_append(
            None
            if last is None
            else (
                last["position"],
                last["link"],
                last["originator_id"],
                last["originator_version"],
            ),
            None
            if previous is None
            else (previous["originator_id"], previous["originator_version"]),
        )

    def _insert_links(self, curs: Cursor[DictRow], rows: list[tuple[Any, ...]]) -> None:
        if rows:
            curs.executemany(
                SQL("INSERT INTO {schema}.{chain} VALUES (%s,%s,%s,%s,%s,%s)").format(
                    schema=self.schema, chain=self.chain
                ),
                rows,
            )

    def fetch_linked(self, tail: str, params: Sequence[Any], cursor: Any = None) -> list[Any]:
        statement = self.linked_select + SQL(tail.replace("?", "%s"))  # type: ignore[arg-type]
        if cursor is not None:
            with cursor.connection.cursor(row_factory=tuple_row) as curs:
                curs.execute(statement, params, prepare=True)
                return curs.fetchall()
        with (
            self.datastore.get_connection() as conn,
            conn.cursor(row_factory=tuple_row) as curs,
        ):
            curs.execute(statement, params, prepare=True)
            return curs.fetchall()

    def adopt(self) -> int:
        """Link every stored event, in store order, into an empty chain; the count linked."""
        with self.datastore.transaction(commit=True) as curs:
            self._lock_table(curs)
            self._put_guards(curs)
            curs.execute(
                SQL("SELECT count(*) AS n FROM {schema}.{chain}").format(
                    schema=self.schema, chain=self.chain
                )
            )
            links = curs.fetchone()["n"]  # type: ignore[index]
            curs.execute(
                SQL("SELECT min(notification_id) AS first FROM {schema}.{events}").format(
                    schema=self.schema, events=self.events
                )
            )
            refuse_adopt(links, curs.fetchone()["first"])  # type: ignore[index]
            curs.execute(
                SQL(
                    "SELECT originator_id, originator_version, topic, state "
                    "FROM {schema}.{events} ORDER BY notification_id"
                ).format(schema=self.schema, events=self.events)
            )
            earlier = [
                (r["originator_id"], r["originator_version"], r["topic"], r["state"])
                for r in curs.fetchall()
            ]
            rows = chain_rows((0, GENESIS), earlier, ADOPTED)
            self._insert_links(curs, rows)
            return len(rows)

    def originator_ids(self, prefix: str) -> list[str]:
        """The linked aggregates whose id starts with `prefix`."""
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(
                SQL(
                    "SELECT DISTINCT originator_id FROM {schema}.{chain} "
                    "WHERE starts_with(originator_id, %s) ORDER BY originator_id"
                ).format(schema=self.schema, chain=self.chain),
                (prefix,),
            )
            return [row["originator_id"] for row in curs.fetchall()]

    def damage(self) -> str | None:
        """Nothing: the server keeps its own pages whole."""
        return None

    def chain_is_stored(self) -> bool:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(
                "SELECT 1 FROM information_schema.tables "
                "WHERE table_schema = %s AND table_name = %s",
                (self.datastore.schema, self.chain_table_name),
            )
            return curs.fetchone() is not None

    # the tree (tree.py)

    def _tree_tables(self, c: Any) -> bool:
        c.execute(
            "SELECT count(*) AS n FROM information_schema.tables "
            "WHERE table_schema = %s AND table_name = ANY(%s)",
            (self.datastore.schema, [self.tree_name, self.kept_name]),
        )
        row = c.fetchone()
        return bool(row is not None and row[0] == 2)

    def _rows(self, c: Any, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        c.execute(sql.replace("?", "%s"), params)  # type: ignore[arg-type]
        return [tuple(row) for row in c.fetchall()]

    def _many(self, c: Any, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            c.executemany(sql.replace("?", "%s"), rows)  # type: ignore[arg-type]

    @contextlib.contextmanager
    def reading(self) -> Iterator[Any]:
        with (
            self.datastore.get_connection() as conn,
            conn.transaction(),
            conn.cursor(row_factory=tuple_row) as curs,
        ):
            curs.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield curs

    @contextlib.contextmanager
    def writing(self) -> Iterator[Any]:
        with self.datastore.transaction(commit=True) as curs:
            self._lock_table(curs)
            self._put_guards(curs)
            with curs.connection.cursor(row_factory=tuple_row) as rows:
                yield rows

    def select_links(self, after: int, limit: int) -> list[StoredLink]:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(
                SQL(
                    "SELECT * FROM {schema}.{chain} WHERE position > %s ORDER BY position LIMIT %s"
                ).format(schema=self.schema, chain=self.chain),
                (after, limit),
            )
            return [stored_link(row) for row in curs.fetchall()]
