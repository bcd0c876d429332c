"""Where a use case finds the aggregates it touches: the one thing the dispatch
(`handlers.apply`) and the parts it hands a version's or a release's events to share."""

from __future__ import annotations

from typing import Any, Protocol

from ledger.domain.aggregate import LedgerAggregate


class Aggregates(Protocol):
    """Where a use case finds the aggregates it touches, and adds new ones."""

    def get(self, key: str) -> Any | None: ...

    def add(self, aggregate: LedgerAggregate) -> None: ...
