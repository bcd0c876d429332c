"""Python's cycle collector paused for long work that makes no reference cycles (an
import, a projection's catch-up): each of its passes would walk every object at hand,
the aggregates held included, for nothing to free."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off while the block runs, and as it was found afterwards."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
