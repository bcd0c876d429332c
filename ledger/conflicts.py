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
        except RecordConflictError:
            if attempt == ATTEMPTS:
                break
            time.sleep(random.uniform(0, min(0.25, 0.005 * 2**attempt)))
    raise ProcessViolation(
        f"{subject}: nothing recorded: other writers recorded on it {ATTEMPTS} times "
        "while this was being recorded; try again"
    )
