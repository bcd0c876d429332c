"""Walking a store in pages: the ledger's events in record order, or the chain's links.

Every walk of the ledger (reading its events, catching the tables up, copying it
to another store, auditing the chain) goes through `pages`, so a page ends and
the next begins in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

PAGE = 500
T = TypeVar("T")


def pages(
    select: Callable[[Any, int], Sequence[T]],
    after: Any = 0,
    size: int = PAGE,
    *,
    limit: int | None = None,
    up_to: int | None = None,
    key: Callable[[T], Any] = lambda row: row.id,  # type: ignore[attr-defined]
) -> Iterator[Sequence[T]]:
    """The non-empty pages `select(after, size)` gives, each after the last one's `key`.
    It stops at a page shorter than asked for; with `limit`, after that many rows; with
    `up_to`, once a page reaches that position (a short page does not stop it then)."""
    position, remaining = after, limit
    while remaining is None or remaining > 0:
        wanted = size if remaining is None else min(size, remaining)
        page = select(position, wanted)
        if not page:
            return
        yield page
        position = key(page[-1])
        if remaining is not None:
            remaining -= len(page)
        if up_to is not None:
            if position >= up_to:
                return
        elif len(page) < wanted:
            return


def notification_pages(
    recorder: Any, after: int = 0, size: int = PAGE, up_to: int | None = None
) -> Iterator[Sequence[Any]]:
    """The recorder's notifications after position `after`, checked, a page at a time."""

    def select(start: int, limit: int) -> Sequence[Any]:
        return recorder.select_notifications(start=start, limit=limit, inclusive_of_start=False)

    if up_to is not None and after >= up_to:
        return iter(())
    return pages(select, after, size, up_to=up_to)


def notifications(recorder: Any, after: int = 0, size: int = PAGE) -> Iterator[Any]:
    """Every notification after position `after`, in record order."""
    for page in notification_pages(recorder, after, size):
        yield from page
