"""Saving when another writer got there first: run the use case again, a few times."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from eventsourcing.persistence import RecordConflictError

from ledger.domain.errors import ProcessViolation

ATTEMPTS = 20
T = TypeVar("T")


def retried(use_case: Callable[[], T], subject: str) -> T:
    """Run `use_case`; if its save conflicts with another writer's, reload and run it again.

    Each run loads the aggregates afresh and checks the process rules against
    what the other writer recorded, so a step that became illegal is refused.
    """
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return use_case()
        except RecordConflictError as error:
            refused = guard_refusal(error)
            if refused:
                raise ProcessViolation(
                    f"{subject}: nothing recorded: the ledger's store refused the write: {refused}"
                ) from None
            if attempt == ATTEMPTS:
                break
            time.sleep(random.uniform(0, min(0.25, 0.005 * 2**attempt)))
    raise ProcessViolation(
        f"{subject}: nothing recorded: other writers recorded on it {ATTEMPTS} times "
        "while this was being recorded; try again"
    )


def guard_refusal(error: Exception) -> str | None:
    """What a guard of the store said, where it refused a write no retry can make (an
    UPDATE, a DELETE, a foreign type: someone changed the store's rules); None for a
    write another writer got in first (a key already stored: a retry loads it)."""
    said = str(error)
    if "refused" not in said or "REPLACE on" in said:
        return None
    return said.removeprefix("govledger: ").strip()
