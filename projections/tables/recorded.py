"""One aggregate's recorded events, looked up by its id: an indexed read that costs
the same however long the rest of the history is.

The events are read through the tables' own read-only connection and decoded
with the ledger's mapper, as eventsourcing's recorder would decode them.
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
    from eventsourcing.persistence import StoredEvent

    from ledger.persistence import OrjsonTranscoder, PydanticMapper

    mapper = PydanticMapper(transcoder=OrjsonTranscoder())
    found: dict[str, list[Any]] = {}
    for entity in dict.fromkeys(entities):
        rows = tables.query(
            "SELECT originator_id, originator_version, topic, state "
            f"FROM {tables.events_table} WHERE originator_id = ? ORDER BY originator_version",
            (entity,),
        )
        events = [
            mapper.to_domain_event(StoredEvent(row[0], row[1], row[2], bytes(row[3])))
            for row in rows
        ]
        found[entity] = [e for e in events if known_at is None or e.timestamp <= known_at]
    return found
