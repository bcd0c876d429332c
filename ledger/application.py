"""The ledger's use cases, on eventsourcing's Application: each one saves atomically."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from typing import Any, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application

from ledger.conflicts import retried
from ledger.domain import events as ev
from ledger.domain.aggregate import LedgerAggregate
from ledger.domain.citations import described
from ledger.domain.errors import InvalidInput, NotFound
from ledger.domain.ids import split_id
from ledger.domain.proposal import Proposal, proposal_key
from ledger.domain.release import Release, release_key
from ledger.domain.version import CodeVersion, version_key
from ledger.handlers import apply
from ledger.interchange.lines import Line
from ledger.outcome import ImportOutcome, Outcome, RecordedEvent, written
from ledger.store.event_ids import LENGTH, SHORTEST_PREFIX, normalised_prefix, shortest_unique
from ledger.store.linked import as_stored_event
from ledger.store.notifications import notifications
from ledger.store.settings import store_env

AMBIGUOUS_SHOWN = 5
NEIGHBOURS_ASKED = 200  # beyond this many ids, one read of every id is cheaper


class UnitOfWork:
    """The aggregates one use case touches, saved together or not at all."""

    def __init__(self, app: GovLedger) -> None:
        self.app = app
        self.touched: dict[str, LedgerAggregate] = {}

    def get(self, key: str) -> Any | None:
        if key not in self.touched:
            try:
                self.touched[key] = self.app.repository.get(key)
            except AggregateNotFoundError:
                return None
        return self.touched[key]

    def add(self, aggregate: LedgerAggregate) -> None:
        self.touched[aggregate.id] = aggregate

    def written(self) -> tuple[RecordedEvent, ...]:
        """The events the use case has made so far, not yet saved."""
        return written(self.touched.values())

    def rehearse(self) -> None:
        """Write what `commit` would save in a transaction rolled back, so that the store
        refuses what it would refuse, and keep nothing."""
        from ledger.store.transaction import rolled_back

        to_stored = self.app.mapper.to_stored_event
        stored = [to_stored(e) for a in self.touched.values() for e in a._pending]
        if stored:
            with rolled_back(self.app.recorder) as store:
                store.insert(stored)

    def commit(self) -> int:
        pending = [a for a in self.touched.values() if a._pending]
        count = sum(len(a._pending) for a in pending)
        if pending:
            self.app.save(*pending)
        return count


class GovLedger(Application[str]):
    name = "govledger"

    def __init__(self, db: str = "events.db", env: dict[str, str] | None = None):
        super().__init__(env={**store_env(db), **(env or {})})

    def record(
        self, kind: str, code: str, subject: str, *, dry_run: bool = False, **fields: Any
    ) -> Outcome:
        """Record one action (a proposal step, a version, a release's event): the outcome
        names every event written, none if it was already held. A dry run checks it all
        the same and writes nothing."""
        return retried(lambda: self._record_once(kind, code, subject, fields, dry_run), subject)

    def _record_once(
        self, kind: str, code: str, subject: str, fields: dict[str, Any], dry_run: bool
    ) -> Outcome:
        uow = UnitOfWork(self)
        apply(uow, kind, code, subject, fields)
        outcome = Outcome(uow.written(), dry_run)
        if dry_run:
            uow.rehearse()
        else:
            uow.commit()
        return outcome

    def import_lines(
        self, lines: Iterable[Line], actor: str, *, dry_run: bool = False
    ) -> ImportOutcome:
        """Record every line or none, in one transaction, reading them as they come. A dry
        run writes them in that transaction, so that the store checks them too, and rolls
        it back."""
        from ledger.importer import import_stream

        return import_stream(self, lines, actor, dry_run=dry_run)

    def correct(
        self,
        event_id: UUID | str,
        changes: dict[str, Any],
        reason: str,
        actor: str,
        *,
        dry_run: bool = False,
    ) -> Outcome:
        """Supersede a recorded event's facts with a new event (`about`: that event);
        `event_id` may be a unique prefix of the id."""
        target = self.find_event(event_id)
        facts = {"corrects": target.event_id, "changes": changes, "reason": reason}
        return self._about(target, "corrected", actor, dry_run, **facts)

    def retract(
        self, event_id: UUID | str, reason: str, actor: str, *, dry_run: bool = False
    ) -> Outcome:
        """Withdraw an event recorded in error with a new event (`about`: that event)."""
        target = self.find_event(event_id)
        facts = {"retracts": target.event_id, "reason": reason}
        return self._about(target, "retracted", actor, dry_run, **facts)

    def cite(
        self,
        event_id: UUID | str,
        source: str,
        disputes: dict[str, Any],
        actor: str,
        on: str | None = None,
        *,
        dry_run: bool = False,
    ) -> Outcome:
        """Record a further source of a recorded event, confirming it or disputing facts of
        it (the event is not changed); the outcome's `disputes` are those it records."""
        target = self.find_event(event_id)
        facts = {"on": on, "cites": target.event_id, "source": source, "disputes": disputes}
        outcome = self._about(target, "cited", actor, dry_run, **facts)
        return replace(outcome, about=f"{outcome.events[0].subject}, {described(target)}")

    def _about(
        self, target: ev.LedgerEvent, kind: str, actor: str, dry_run: bool, **fields: Any
    ) -> Outcome:
        """Record an event of `kind` about `target` (a correction, retraction or citation)."""
        code, subject = split_id(target.originator_id)
        if isinstance(target, ev.VersionEvent):
            if kind == "cited":
                raise InvalidInput(
                    f"{code} {subject}: event {target.event_id} is of a version; sources are cited "
                    "for a proposal's events"
                )
            kind = f"version_{kind}"
        if isinstance(target, ev.ReleaseEvent):
            kind, subject = f"release_{kind}", target.release
        facts = {"actor": actor, **fields, "on": fields.get("on") or date.today().isoformat()}
        outcome = retried(lambda: self._record_once(kind, code, subject, facts, dry_run), subject)
        shown = subject
        if isinstance(target, ev.VersionEffective) and target.number is None:
            shown = target.subject
        return replace(outcome, about=f"{shown} {target.kind.replace('_', ' ')} of {target.on}")

    def find_event(self, event_id: UUID | str) -> ev.LedgerEvent:
        """The recorded event of this id, or of the one id this prefix starts."""
        full = self.resolve_event_id(event_id)
        found = self._store.linked_event_with_id(full)
        if found is None:
            raise NotFound(f"no recorded event {full}")
        return cast(ev.LedgerEvent, self.mapper.to_domain_event(as_stored_event(found)))

    @property
    def _store(self) -> Any:
        """The recorder with govledger's reads (the chain's, the tree's)."""
        return self.recorder

    def resolve_event_id(self, given: UUID | str) -> str:
        """The full id of the event `given` names: an id, or a prefix of one (at least
        four characters) that starts no other recorded event's id."""
        text = str(given).strip()
        prefix = normalised_prefix(text)
        if prefix is None:
            raise InvalidInput(
                f"{text[:40]!r} is not an event id or the start of one (see `govledger history ID`)"
            )
        if len(prefix) == LENGTH:
            return prefix
        if len(prefix) < SHORTEST_PREFIX:
            raise InvalidInput(
                f"{text!r}: give at least {SHORTEST_PREFIX} characters of the event id"
            )
        found = self._store.event_ids_starting(prefix, AMBIGUOUS_SHOWN + 1)
        if not found:
            raise NotFound(f"no recorded event's id starts {prefix}")
        if len(found) > 1:
            many = f"more than {AMBIGUOUS_SHOWN}" if len(found) > AMBIGUOUS_SHOWN else len(found)
            listed = "; ".join(self._candidate(c) for c in found[:AMBIGUOUS_SHOWN])
            raise InvalidInput(
                f"{prefix} is ambiguous: it starts {many} events: {listed} (give more characters)"
            )
        return found[0]

    def short_event_ids(self, event_ids: Iterable[str]) -> dict[str, str]:
        """Each id cut to the shortest prefix, of at least eight characters, that starts
        no other recorded event's id (what tables show, and `resolve_event_id` takes)."""
        wanted = {str(e) for e in event_ids}
        if len(wanted) > NEIGHBOURS_ASKED:
            return shortest_unique(self._store.all_event_ids(), wanted)
        shown: dict[str, str] = {}
        for event_id in wanted:
            around = sorted(set(self._store.event_ids_around(event_id)))
            shown.update(shortest_unique(around, {event_id}))
        return shown

    def _candidate(self, event_id: str) -> str:
        found = self._store.linked_event_with_id(event_id)
        if found is None:
            return event_id
        event = cast(ev.LedgerEvent, self.mapper.to_domain_event(as_stored_event(found)))
        code, subject = split_id(event.originator_id)
        return f"{event_id} ({code} {subject} {event.kind.replace('_', ' ')} of {event.on})"

    def read_events(self, after: int = 0) -> Iterator[tuple[int, ev.LedgerEvent]]:
        """Every event in record order, with its position in the ledger."""
        for notification in notifications(self.recorder, after):
            yield notification.id, cast(ev.LedgerEvent, self.mapper.to_domain_event(notification))

    def proposal(self, code: str, proposal_id: str) -> Proposal:
        try:
            return self.repository.get(proposal_key(code, proposal_id))
        except AggregateNotFoundError:
            raise NotFound(f"{proposal_id}: not in the ledger") from None

    def version(self, code: str, number: str) -> CodeVersion:
        """A version by its number (a change with none: by `ids.unnumbered`)."""
        try:
            return self.repository.get(version_key(code, number))
        except AggregateNotFoundError:
            raise NotFound(f"{code} {number}: no such version in the ledger") from None

    def release(self, code: str, name: str) -> Release | None:
        """A release by its name, in any case and spacing; None when none is recorded."""
        try:
            return self.repository.get(release_key(code, name))
        except AggregateNotFoundError:
            return None
