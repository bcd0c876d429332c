"""One aggregate's recorded events, looked up by its id: an indexed read that costs
the same however long the rest of the history is.

The events are read through the tables' own read-only connection, each checked
against the hash chain as the ledger's recorder checks what it reads, and
decoded with the ledger's mapper.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from projections.tables.read import Tables


def recorded_events(
    tables: Tables, entities: Iterable[str], known_at: datetime | None = None
) -> dict[str, list[Any]]:
    """Each entity's events recorded by `known_at` (all when None), in record order."""
    from ledger.store.linked import QueryReads
    from ledger.store.mapper import OrjsonTranscoder, PydanticMapper

    mapper = PydanticMapper(transcoder=OrjsonTranscoder())
    reads = QueryReads(
        tables.query, tables.events_table, "notification_id" if tables.postgres else "rowid"
    )
    found: dict[str, list[Any]] = {}
    for entity in dict.fromkeys(entities):
        events = [mapper.to_domain_event(e) for e in reads.linked_events(None, entity)]
        found[entity] = [e for e in events if known_at is None or e.timestamp <= known_at]
    return found
