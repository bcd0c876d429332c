"""Who keeps the projection tables, and keeping them: once, or following the events as
they are recorded (PostgreSQL's LISTEN/NOTIFY through eventsourcing's subscription;
on SQLite, a look every `interval` seconds).

On PostgreSQL the tables are kept by the role that owns them (`govledger project`);
a role that may only read them and add events records without touching them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from projections.tables.read import Tables

KEPT_BY = "`govledger project`, run by the role that owns them"


def keep_up(app: Any, progress: Callable[[int, int], None] | None = None) -> bool:
    """Catch the tables up if this role keeps them; False if it may not write them.
    `progress` is told (events projected, of how many) as they are."""
    keeper = Keeper(app)
    if not keeper.may_write():
        return False
    keeper.catch_up(progress)
    return True


def behind(tables: Tables) -> str:
    """What a read from tables that are behind the events shows, in one line."""
    position = tables.position()
    missing = tables.query(
        f"SELECT COUNT(*) FROM {tables.events_table} WHERE {tables.id_column} > ?", (position,)
    )[0][0]
    events = "event" if missing == 1 else "events"
    return (
        f"the projection tables are {missing} {events} behind the ledger (kept by {KEPT_BY}): "
        f"this answer is complete to event {position}"
    )


class Stopping:
    """Asks a follower to stop (a signal, a timeout, enough events), from any thread."""

    def __init__(self) -> None:
        self.requested = threading.Event()
        self.subscription: Any = None

    def stop(self) -> None:
        self.requested.set()
        if self.subscription is not None:
            self.subscription.stop()

    def attach(self, subscription: Any) -> None:
        self.subscription = subscription
        if self.requested.is_set():
            subscription.stop()


class Keeper:
    def __init__(self, app: Any) -> None:
        from projections.projector.catchup import Projector
        from projections.projector.store import ProjectionStore

        self.app = app
        self.store = ProjectionStore(app)
        self.projector = Projector(app, self.store)

    def may_write(self) -> bool:
        return self.store.writable()

    def position(self) -> int:
        return self.store.position()

    def catch_up(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Project every event not yet projected; returns how many."""
        return self.projector.run(progress)

    def follow(self, stopping: Stopping, interval: float, projected: Callable[[int], None]) -> None:
        """Catch up, then again whenever events are recorded, until `stopping` says stop.
        `projected` hears how many events each catch-up projected."""
        projected(self.catch_up())
        if not self.store.postgres:
            while not stopping.requested.wait(interval):
                count = self.catch_up()
                if count:
                    projected(count)
            return
        with self.app.recorder.subscribe(gt=self.position()) as recorded:
            stopping.attach(recorded)
            last = self.position()
            for notification in recorded:
                if stopping.requested.is_set():
                    break
                if notification.id > last:
                    projected(self.catch_up())
                    last = self.position()
