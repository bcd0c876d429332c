"""Python's cycle collector paused while the projection tables are caught up."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Pause:
    """How many projectors, in any thread, have the cycle collector paused."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    depth: int = 0
    resume: bool = False  # whether it was running when the first of them paused it


PAUSE = Pause()


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Projecting makes no reference cycles, but holds many objects (the aggregates at
    hand), which every pass of Python's cycle collector would walk: it is paused until
    the last projector running is done."""
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
