"""The Merkle tree over the stored events, kept by both stores (the arithmetic is in
`ledger.merkle`).

Leaf i is the event linked at chain position i + 1: its canonical stored bytes, framed as
the chain frames them (aggregate id, version, type and state, each after its length as
eight bytes, big-endian), hashed as an RFC 6962 leaf. A save stores, in its own
transaction and after the chain's links, every perfect subtree its events complete, in
the table `<events>_tree` (level, idx, hash), which is append-only like the events.

A ledger made before the tree existed has none: its first save (any recording, an
import, `checkpoint`) builds it from the events already linked, in that save's
transaction and under the store's write lock, so two writers cannot both build it; until
then every proof is computed from the events themselves. On SQLite the tables are made by
that first save too, so a command that only reads leaves the file as it found it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any, TypeVar

from ledger import merkle
from ledger.store.chain import ChainDamaged
from ledger.store.event_ids import prefix_bounds

T = TypeVar("T")
PAGE = 5_000
KEYS = 300  # nodes asked for in one statement


def leaf_data(originator_id: str, originator_version: int, topic: str, state: bytes) -> bytes:
    parts = [str(originator_id).encode(), str(originator_version).encode(), topic.encode()]
    parts.append(state if type(state) is bytes else bytes(state))
    return b"".join(len(part).to_bytes(8, "big") + part for part in parts)


def leaf_of(row: Sequence[Any]) -> bytes:
    """The leaf hash of a stored event given as (originator id, version, topic, state)."""
    return merkle.leaf_hash(leaf_data(str(row[0]), row[1], row[2], bytes(row[3])))


class KeepsTree:
    """What a recorder that keeps the chain adds to keep the tree. A recorder names its
    tables (as SQL), runs statements on a cursor, and opens read and write cursors."""

    tree_sql: str
    checkpoints_sql: str
    chain_sql: str
    events_sql: str

    def _rows(self, c: Any, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _many(self, c: Any, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    def _tree_tables(self, c: Any) -> bool:
        """Whether the tree's tables are stored (on `c`)."""
        raise NotImplementedError

    def reading(self) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def writing(self) -> AbstractContextManager[Any]:
        """A transaction holding the store's write lock."""
        raise NotImplementedError

    # -- writes ---------------------------------------------------------------------

    def grow_tree(self, c: Any, linked_before: int, rows: Sequence[Sequence[Any]]) -> None:
        """Store the nodes the events `rows` complete, linked after position
        `linked_before`; first the nodes of any events linked before the tree existed."""
        size = self._tree_size(c)
        if size > linked_before:
            raise ChainDamaged(
                f"nothing recorded: the Merkle tree holds {size} leaves, the chain "
                f"{linked_before} links: the store was changed outside govledger; "
                "govledger verify names what"
            )
        while size < linked_before:
            earlier = self._leaves(c, size, min(linked_before, size + PAGE))
            size = self._append(c, size, earlier)
        for start in range(0, len(rows), PAGE):
            size = self._append(c, size, [leaf_of(r) for r in rows[start : start + PAGE]])

    def _append(self, c: Any, size: int, leaves: list[bytes]) -> int:
        got = self._nodes(c, merkle.frontier(size))
        try:
            made = merkle.appended(size, leaves, lambda level, index: got[(level, index)])
        except KeyError:
            raise ChainDamaged(
                "nothing recorded: a node of the Merkle tree is missing: the store was "
                "changed outside govledger; govledger verify names what"
            ) from None
        self._many(c, f"INSERT INTO {self.tree_sql} (level, idx, hash) VALUES (?, ?, ?)", made)
        return size + len(leaves)

    def keep_checkpoint(self, size: int, note: str) -> None:
        with self.writing() as c:
            self._ensure_tree(c)
            self.grow_tree(c, self._chain_size(c), [])
            now = datetime.now(UTC).isoformat(timespec="seconds")
            self._many(
                c,
                f"INSERT INTO {self.checkpoints_sql} (size, note, kept_at) VALUES (?, ?, ?)",
                [(size, note, now)],
            )

    def _ensure_tree(self, c: Any) -> None:
        """Make the tree's tables where they are not stored yet (SQLite)."""

    # -- reads ----------------------------------------------------------------------

    def tree_size(self) -> int:
        """How many events the chain links (the size of the tree over them)."""
        with self.reading() as c:
            return self._chain_size(c)

    def position_of(self, originator_id: str, version: int) -> int | None:
        with self.reading() as c:
            found = self._rows(
                c,
                f"SELECT position FROM {self.chain_sql} "
                "WHERE originator_id = ? AND originator_version = ?",
                (originator_id, version),
            )
            return int(found[0][0]) if found else None

    def tree_compute(self, size: int, build: Callable[[merkle.Get], T]) -> T:
        """`build` run on the tree's nodes, read in one snapshot: the stored nodes when the
        tree reaches `size`, else the tree computed from the events as linked."""
        with self.reading() as c:
            if self._tree_tables(c) and self._tree_size(c) >= size:
                got = self._nodes(c, merkle.needed(build))
                return build(lambda level, index: got[(level, index)])
            nodes = merkle.tree_of(self._leaves(c, 0, size))
        return build(lambda level, index: nodes[(level, index)])

    def root_from_events(self, size: int) -> bytes:
        """The root of the first `size` events, recomputed from the events as linked."""
        with self.reading() as c:
            return merkle.root_of(self._leaf_pages(c, 0, size))

    def tree_from_events(self, size: int) -> dict[tuple[int, int], bytes]:
        with self.reading() as c:
            return merkle.tree_of(self._leaves(c, 0, size))

    def stored_leaf(self, index: int) -> bytes | None:
        with self.reading() as c:
            got = self._nodes(c, {(0, index)}) if self._tree_tables(c) else {}
            return got.get((0, index))

    def key_at(self, position: int) -> str:
        with self.reading() as c:
            found = self._rows(
                c,
                f"SELECT originator_id, originator_version FROM {self.chain_sql} "
                "WHERE position = ?",
                (position,),
            )
        return f"{found[0][0]} v{found[0][1]}" if found else "-"

    event_id_sql: str  # the indexed expression giving a stored event's id (event_ids.py)

    def event_ids_starting(self, prefix: str, limit: int) -> list[str]:
        """Up to `limit` ids of stored events that start with `prefix` (lower case), in
        order; confirmed by `linked_event_with_id` before any is used."""
        low, high = prefix_bounds(prefix)
        with self.reading() as c:
            rows = self._rows(
                c,
                f"SELECT {self.event_id_sql} FROM {self.events_sql} e "
                f"WHERE {self.event_id_sql} >= ? AND {self.event_id_sql} < ? "
                f"ORDER BY {self.event_id_sql} LIMIT ?",
                (low, high, limit),
            )
        return [bytes(r[0]).decode("utf-8", "replace") for r in rows]

    def event_ids_around(self, event_id: str) -> list[str]:
        """The stored ids just before and after `event_id` in order, and itself."""
        with self.reading() as c:
            key = event_id.encode()
            before = self._rows(
                c,
                f"SELECT {self.event_id_sql} FROM {self.events_sql} e "
                f"WHERE {self.event_id_sql} < ? ORDER BY {self.event_id_sql} DESC LIMIT 1",
                (key,),
            )
            after = self._rows(
                c,
                f"SELECT {self.event_id_sql} FROM {self.events_sql} e "
                f"WHERE {self.event_id_sql} > ? ORDER BY {self.event_id_sql} LIMIT 1",
                (key,),
            )
        return [bytes(r[0]).decode("utf-8", "replace") for r in (*before, *after)] + [event_id]

    def all_event_ids(self) -> list[str]:
        """Every stored event's id, in order (read off the index)."""
        with self.reading() as c:
            rows = self._rows(
                c,
                f"SELECT {self.event_id_sql} FROM {self.events_sql} e ORDER BY {self.event_id_sql}",
            )
        return [bytes(r[0]).decode("utf-8", "replace") for r in rows]

    def linked_rows(self, up_to: int) -> list[tuple[int, str, int, str, bytes]]:
        """The events linked at positions 1..up_to, as stored, with their positions."""
        with self.reading() as c:
            rows = self._rows(
                c,
                "SELECT l.position, e.originator_id, e.originator_version, e.topic, e.state "
                f"FROM {self.chain_sql} l JOIN {self.events_sql} e "
                "ON e.originator_id = l.originator_id "
                "AND e.originator_version = l.originator_version "
                "WHERE l.position <= ? ORDER BY l.position",
                (up_to,),
            )
        return [(int(r[0]), str(r[1]), int(r[2]), str(r[3]), bytes(r[4])) for r in rows]

    def kept_checkpoints(self) -> list[tuple[int, str]]:
        with self.reading() as c:
            if not self._tree_tables(c):
                return []
            return [
                (int(r[0]), str(r[1]))
                for r in self._rows(
                    c, f"SELECT size, note FROM {self.checkpoints_sql} ORDER BY number"
                )
            ]

    def stored_tree(self) -> Iterator[tuple[int, int, bytes]]:
        """Every stored node, by level and index (what `verify` compares)."""
        with self.reading() as c:
            if not self._tree_tables(c):
                return
            level, after = 0, -1
            while True:
                page = self._rows(
                    c,
                    f"SELECT level, idx, hash FROM {self.tree_sql} WHERE (level = ? AND idx > ?) "
                    "OR level > ? ORDER BY level, idx LIMIT ?",
                    (level, after, level, PAGE),
                )
                for row in page:
                    yield int(row[0]), int(row[1]), bytes(row[2])
                if len(page) < PAGE:
                    return
                level, after = int(page[-1][0]), int(page[-1][1])

    def _tree_size(self, c: Any) -> int:
        if not self._tree_tables(c):
            return 0
        found = self._rows(c, f"SELECT MAX(idx) FROM {self.tree_sql} WHERE level = 0")
        return 0 if not found or found[0][0] is None else int(found[0][0]) + 1

    def _chain_size(self, c: Any) -> int:
        found = self._rows(c, f"SELECT MAX(position) FROM {self.chain_sql}")
        return 0 if not found or found[0][0] is None else int(found[0][0])

    def _nodes(self, c: Any, keys: set[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
        wanted = sorted(keys)
        got: dict[tuple[int, int], bytes] = {}
        for start in range(0, len(wanted), KEYS):
            chunk = wanted[start : start + KEYS]
            ors = " OR ".join(["(level = ? AND idx = ?)"] * len(chunk))
            params = [v for key in chunk for v in key]
            for row in self._rows(
                c, f"SELECT level, idx, hash FROM {self.tree_sql} WHERE {ors}", params
            ):
                got[(int(row[0]), int(row[1]))] = bytes(row[2])
        return got

    def _leaves(self, c: Any, after: int, up_to: int) -> list[bytes]:
        """The leaf hashes of the events linked at positions after..up_to, as stored."""
        return list(self._leaf_pages(c, after, up_to))

    def _leaf_pages(self, c: Any, after: int, up_to: int) -> Iterator[bytes]:
        count = 0
        start = after
        while after < up_to:
            page = self._rows(
                c,
                "SELECT e.originator_id, e.originator_version, e.topic, e.state "
                f"FROM {self.chain_sql} l JOIN {self.events_sql} e "
                "ON e.originator_id = l.originator_id "
                "AND e.originator_version = l.originator_version "
                "WHERE l.position > ? AND l.position <= ? ORDER BY l.position",
                (after, min(up_to, after + PAGE)),
            )
            if not page:
                break
            for r in page:
                yield leaf_of(r)
            count += len(page)
            after = min(up_to, after + PAGE)
        if count != up_to - start:
            raise ChainDamaged(
                f"the chain links a position after {start} to no stored event: "
                "govledger verify names what"
            )
