"""Python's cycle collector paused for long work that makes no reference cycles (an
import, a projection's catch-up): each of its passes would walk every object at hand,
the aggregates held included, for nothing to free."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Pause:
    """How many blocks, in any thread, have the cycle collector paused."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    depth: int = 0
    resume: bool = False  # whether it ran when the first of them paused it


PAUSE = Pause()


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off while the block runs, and as it was found once the last block
    paused, in any thread, is done."""
    with PAUSE.lock:
        if PAUSE.depth == 0:
            PAUSE.resume = gc.isenabled()
            gc.disable()
        PAUSE.depth += 1
    try:
        yield
    finally:
        with PAUSE.lock:
            PAUSE.depth -= 1
            if PAUSE.depth == 0 and PAUSE.resume:
                gc.enable()
