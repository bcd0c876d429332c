"""What proposals and versions share: an event list, a version, pending events."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from ledger.domain import events as ev
from ledger.domain.dates import parse_event_date
from ledger.domain.errors import InvalidInput
from ledger.domain.text import check_text

MAX_TEXT = 10_000


class LedgerAggregate:
    """An event-sourced aggregate for eventsourcing's repository and `save`."""

    def __init__(self, originator_id: str) -> None:
        self._id = originator_id
        self.version = 0
        self.modified_on: datetime | None = None
        self.events: list[Any] = []
        self.event_ids: set[UUID] = set()
        self._pending: list[ev.LedgerEvent] = []

    @property
    def id(self) -> str:
        return self._id

    def take(self, event: ev.LedgerEvent) -> None:
        if event.originator_version != self.version + 1:
            raise ValueError(
                f"{self.id}: event version {event.originator_version} "
                f"does not follow {self.version}"
            )
        self.events.append(event)
        self.event_ids.add(event.event_id)
        self.version = event.originator_version
        self.modified_on = event.timestamp

    def collect_events(self) -> list[ev.LedgerEvent]:
        collected, self._pending = self._pending, []
        return collected

    def _new_event(self, cls: type[ev.LedgerEvent], **fields: Any) -> Any:
        return cls(
            originator_id=self.id,
            originator_version=self.version + 1,
            timestamp=cls.create_timestamp(),
            **envelope(**fields),
        )

    def _append(self, event: ev.LedgerEvent) -> None:
        self.take(event)
        self._pending.append(event)


def envelope(
    *,
    on: str,
    actor: str,
    event_id: UUID | None = None,
    source: str | None = None,
    note: str | None = None,
    title_as_given: str | None = None,
    **facts: Any,
) -> dict[str, Any]:
    """Check the fields every event carries; return them with the event's own facts."""
    parse_event_date(on, "the date it happened")
    if not (actor or "").strip():
        raise InvalidInput("no actor: give --actor or set GOVLEDGER_ACTOR")
    for name, value in (
        ("actor", actor),
        ("source", source),
        ("note", note),
        ("title_as_given", title_as_given),
        *facts.items(),
    ):
        if isinstance(value, str) and len(value) > MAX_TEXT:
            raise InvalidInput(
                f"{name.removesuffix('_as_given')} is longer than {MAX_TEXT} characters"
            )
        check_text(name, value)
    return dict(
        on=on.strip(),
        actor=actor.strip(),
        event_id=event_id or uuid4(),
        source=source or None,
        note=note or None,
        title_as_given=title_as_given or None,
        **facts,
    )


def required(name: str, value: str | None) -> str:
    if not (value or "").strip():
        raise InvalidInput(f"{name} is required")
    return (value or "").strip()


def one_of(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise InvalidInput(f"{name} {value!r} is not one of: {', '.join(allowed)}")
    return value
