"""Copying a ledger to another store: its stored events, unchanged and in record order.

Record times, actors and sources are inside each stored event, so copying the
stored bytes keeps them. The target may already hold the start of the same
history (an earlier or interrupted run): only what follows is copied. A target
holding anything else is refused before a single event is written.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from eventsourcing.persistence import ApplicationRecorder, Notification, StoredEvent

from ledger.domain.errors import LedgerError

BATCH = 500


class DifferentHistory(LedgerError):
    """The target already holds events that are not the source's."""


@dataclass(frozen=True)
class Migrated:
    copied: int
    already_there: int


def migrate(source: ApplicationRecorder, target: ApplicationRecorder) -> Migrated:
    """Copy every stored event of `source` that `target` does not yet hold, in batches."""
    held = _notifications(target)
    exhausted = False
    copied = already_there = 0
    for page in _pages(source):
        missing: list[StoredEvent] = []
        for event in page:
            theirs = None if exhausted else next(held, None)
            if theirs is None:
                exhausted = True
                missing.append(_unchanged(event))
            elif _content(theirs) != _content(event):
                raise DifferentHistory(
                    f"the target already holds a different ledger: its event "
                    f"{already_there + 1} is {_name(theirs)}, where the source has "
                    f"{_name(event)}; nothing copied"
                )
            else:
                already_there += 1
        if missing:
            target.insert_events(missing)
            copied += len(missing)
    return Migrated(copied, already_there)


def _pages(recorder: ApplicationRecorder) -> Iterator[Sequence[Notification]]:
    position = 0
    while True:
        page = recorder.select_notifications(position, BATCH, inclusive_of_start=False)
        if page:
            yield page
        if len(page) < BATCH:
            return
        position = page[-1].id


def _notifications(recorder: ApplicationRecorder) -> Iterator[Notification]:
    for page in _pages(recorder):
        yield from page


def _unchanged(event: Notification) -> StoredEvent:
    return StoredEvent(
        originator_id=event.originator_id,
        originator_version=event.originator_version,
        topic=event.topic,
        state=bytes(event.state),
    )


def _content(event: Notification) -> tuple[str, int, str, bytes]:
    return (str(event.originator_id), event.originator_version, event.topic, bytes(event.state))


def _name(event: Notification) -> str:
    return f"{event.originator_id} v{event.originator_version}"
