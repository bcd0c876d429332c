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
    from eventsourcing.persistence import StoredEvent

    from ledger.linked import LinkedRow, checked, linked_select
    from ledger.persistence import OrjsonTranscoder, PydanticMapper

    mapper = PydanticMapper(transcoder=OrjsonTranscoder())
    select = linked_select(
        tables.events_table,
        f"{tables.events_table}_chain",
        "notification_id" if tables.postgres else "rowid",
    )
    found: dict[str, list[Any]] = {}
    for entity in dict.fromkeys(entities):
        rows = checked(
            [
                LinkedRow(row[0], row[1], row[2], row[3], bytes(row[4]), *row[5:])
                for row in tables.query(
                    f"{select}WHERE e.originator_id = ? ORDER BY e.originator_version", (entity,)
                )
            ]
        )
        events = [
            mapper.to_domain_event(
                StoredEvent(row.originator_id, row.originator_version, row.topic, row.state)
            )
            for row in rows
        ]
        found[entity] = [e for e in events if known_at is None or e.timestamp <= known_at]
    return found
