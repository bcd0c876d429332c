"""Copying a ledger to another store: its stored events, unchanged and in record order.

Record times, actors and sources are inside each stored event, so copying the
stored bytes keeps them. The target may already hold the start of the same
history (an earlier or interrupted run): only what follows is copied. A target
holding anything else is refused before a single event is written.

The source's hash chain is checked first (a broken source is not copied: the
copy would carry a fresh, intact chain over altered history), and the target's
chain, recomputed as it stores the events, must reach the same head.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import ApplicationRecorder, Notification, StoredEvent

from ledger.domain.errors import LedgerError
from ledger.store.audit import audit
from ledger.store.linked import as_notification
from ledger.store.notifications import notification_pages, notifications, pages

BATCH = 500


class DifferentHistory(LedgerError):
    """The target already holds events that are not the source's."""


class ChainMismatch(LedgerError):
    """A hash chain does not verify, on the source before or the target after copying."""


@dataclass(frozen=True)
class Migrated:
    copied: int
    already_there: int
    head: str  # the chain's head over the source's events, on both stores
    left_behind: str | None = None  # where the source's chain broke, when only its prefix came


def migrate(
    source: Any,
    target: Any,
    verified_prefix: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Migrated:
    """Copy what `target` lacks of `source` (recorders that keep the chain), then check it.
    With `verified_prefix`, a source whose chain is broken gives the events before the
    break: the recovery of a damaged store. `progress` is told (events done, of how many)
    as each batch is copied."""
    before = audit(source)
    if not before.intact and not verified_prefix:
        raise ChainMismatch(
            f"the source's {before.found}; nothing copied "
            "(--verified-prefix copies the events before the break)"
        )
    if before.count == 0:
        raise ChainMismatch(f"the source's {before.found}; no event before it to copy")
    copied, already_there = copy_events(source, target, limit=before.count, progress=progress)
    after = audit(target, checkpoint=before.count)
    if not after.intact:
        raise ChainMismatch(f"after copying, the target's {after.found}")
    if after.checkpoint != before.head:
        raise ChainMismatch(
            f"after copying, the target's chain over the first {before.count} events "
            f"ends at {after.checkpoint}, not at the source's head {before.head}"
        )
    left_behind = None if before.found is None else str(before.found)
    return Migrated(copied, already_there, before.head, left_behind)


def copy_events(
    source: ApplicationRecorder,
    target: ApplicationRecorder,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, int]:
    """Copy the first `limit` (every when None) stored events of `source` that `target`
    does not yet hold, in batches."""
    held = notifications(target, size=BATCH)
    exhausted = False
    copied = already_there = 0
    for page in _pages(source, limit, audited=limit is not None):
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
        if progress is not None and limit is not None:
            progress(copied + already_there, limit)
    return copied, already_there


def _pages(
    recorder: ApplicationRecorder, limit: int | None = None, audited: bool = False
) -> Iterator[Sequence[Notification]]:
    """The recorder's events in record order; `audited`: the first `limit`, which `audit`
    has just checked, read as stored (a row outside the chain's range is not among them)."""
    if not audited:
        return notification_pages(recorder, size=BATCH)

    def stored(after: int, size: int) -> list[Notification]:
        rows = recorder.select_stored(after, size)  # type: ignore[attr-defined]
        return [as_notification(row) for row in rows]

    return pages(stored, 0, BATCH, limit=limit)


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
