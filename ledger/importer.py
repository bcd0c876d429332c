"""Importing a JSON Lines file as it is read, in one store transaction, in flat memory.

Each line is checked and applied as it arrives; its events are written in batches
through the import's own transaction, so nothing is visible to others (and nothing
stays) unless every line is good. Only the aggregates used lately are kept; one
needed again is read back through the same transaction, which sees the batches
already written.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol, cast
from uuid import UUID, uuid5

from ledger.collector import collector_paused
from ledger.commands import COMMANDS, RELEASE_COMMANDS
from ledger.domain.errors import InvalidInput, LedgerError
from ledger.domain.events import Implemented, LedgerEvent, VersionEffective
from ledger.domain.fold import RunningFold, valid_order
from ledger.domain.ids import unnumbered
from ledger.domain.proposal import Proposal, proposal_key
from ledger.domain.release import release_key
from ledger.domain.version import version_key
from ledger.handlers import apply
from ledger.import_ids import StreamedIdChecks
from ledger.outcome import ImportOutcome
from ledger.store.transaction import ImportStore, import_transaction, rolled_back

if TYPE_CHECKING:
    from ledger.domain.aggregate import LedgerAggregate
    from ledger.interchange.lines import Line


class Ledger(Protocol):
    """What an import needs of an open ledger (a GovLedger): its recorder and its mapper."""

    recorder: Any
    mapper: Any


BATCH = 2_000  # lines whose events are written together
KEPT_EVENTS = 20_000  # events of the aggregates kept in memory after a write, at most


def import_stream(
    app: Ledger, lines: Iterable[Line], actor: str, *, dry_run: bool = False
) -> ImportOutcome:
    """Record every line or none (a dry run: none, having written and checked them all)."""
    with (
        collector_paused(),
        (rolled_back if dry_run else import_transaction)(app.recorder) as store,
    ):
        checks = StreamedIdChecks(store.held_ids())
        try:
            outcome = StreamingImport(app, store, checks, actor).run(lines)
        finally:
            checks.close()
    return replace(outcome, dry_run=dry_run)


class StreamingImport:
    """The aggregates an import touches, as the unit of work `handlers.apply` uses."""

    def __init__(
        self, app: Ledger, store: ImportStore, checks: StreamedIdChecks, actor: str
    ) -> None:
        self.app = app
        self.store = store
        self.checks = checks
        self.actor = actor
        self.cache: OrderedDict[str, LedgerAggregate] = OrderedDict()
        # Touched since the last write, in the order first touched: each one's events are
        # written together, as a unit of work saves them.
        self.touched: dict[str, LedgerAggregate] = {}
        self.lines = 0  # since the last write
        self.read = self.stored = self.held = 0
        # A version line records its proposals' `implemented` events itself; a line of
        # the file for one of those events (as `events` writes them) is held when the
        # version's line was.
        self.derived: dict[UUID, bool] = {}

    def get(self, key: str) -> Any | None:
        aggregate = self.cache.get(key)
        if aggregate is None:
            aggregate = self._load(key)
            if aggregate is None:
                return None
            self.cache[key] = aggregate
        else:
            self.cache.move_to_end(key)
        if isinstance(aggregate, Proposal) and aggregate.running.stale:
            aggregate.running = refolded(aggregate)
        self.touched.setdefault(key, aggregate)
        return aggregate

    def add(self, aggregate: LedgerAggregate) -> None:
        self.cache[aggregate.id] = aggregate
        self.touched.setdefault(aggregate.id, aggregate)

    def run(self, lines: Iterable[Line]) -> ImportOutcome:
        rest = iter(lines)
        for line in rest:  # a line of the wrong shape stops the import here
            try:
                self._line(line)
                self.lines += 1
                if self.lines >= BATCH:
                    self._flush()
                    self._forget_least_recent()
            except LedgerError as refusal:
                raise self._first_refusal(refusal, rest) from None
        try:
            self._flush()
        except LedgerError as refusal:
            raise self._first_refusal(refusal, rest) from None
        return ImportOutcome(self.read, self.stored, self.held)

    def _first_refusal(self, refusal: LedgerError, rest: Iterator[Line]) -> LedgerError:
        """What a file checked whole before recording would be refused for: a line of
        the wrong shape anywhere, else an event id reused or held elsewhere, else this."""
        try:
            for line in rest:
                with suppress(InvalidInput):
                    self.checks.add(line, self._key(line))
        except InvalidInput as wrong_shape:
            return wrong_shape
        problem = self.checks.check()
        return InvalidInput(problem[1]) if problem else refusal

    def _line(self, line: Line) -> None:
        event_id = line.fields["event_id"]
        self.read += 1
        if line.kind == Implemented.kind and event_id in self.derived:
            self.held += self.derived[event_id]
            return
        self.checks.add(line, self._key(line) if self.checks.any_held else "")
        try:
            recorded = apply(
                self, line.kind, line.code, line.subject, {"actor": self.actor, **line.fields}
            )
        except LedgerError as error:
            raise type(error)(f"line {line.number}: {error}") from None
        self.held += not recorded
        if line.kind == VersionEffective.kind:
            for proposal_id in line.fields.get("implements") or []:
                self.derived[uuid5(event_id, proposal_id)] = not recorded

    def _key(self, line: Line) -> str:
        try:
            if line.kind in COMMANDS:
                return proposal_key(line.code, line.subject)
            if line.kind in RELEASE_COMMANDS:
                return release_key(line.code, line.subject)
            return version_key(line.code, line.subject or unnumbered(line.fields["event_id"]))
        except InvalidInput as error:
            raise InvalidInput(f"line {line.number}: {error}") from None

    def _flush(self) -> None:
        to_stored = self.app.mapper.to_stored_event
        stored = [to_stored(e) for a in self.touched.values() for e in a.collect_events()]
        if stored:
            self.store.insert(stored)
            self.stored += len(stored)
        self.touched.clear()
        self.lines = 0
        problem = self.checks.check()
        if problem:
            raise InvalidInput(problem[1])

    def _forget_least_recent(self) -> None:
        """Keep memory flat: drop the aggregates used least lately (each is read back if a
        later line needs it) until those kept hold at most KEPT_EVENTS events."""
        held = sum(len(a.events) for a in self.cache.values())
        while held > KEPT_EVENTS and self.cache:
            held -= len(self.cache.popitem(last=False)[1].events)

    def _load(self, key: str) -> LedgerAggregate | None:
        aggregate = None
        for stored in self.store.load(key):
            event = cast(LedgerEvent, self.app.mapper.to_domain_event(stored))
            aggregate = event.mutate(aggregate)
        return aggregate


def refolded(proposal: Proposal) -> RunningFold:
    """A running fold of the proposal's standing events in the order they happened: the
    full fold's answer, from which the next step in valid-time order is one step."""
    from ledger.domain.corrections import standing

    running = RunningFold()
    for event in valid_order(standing(proposal.events)):
        running.append(event)
    return running
