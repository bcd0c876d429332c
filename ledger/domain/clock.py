"""Record time: when the ledger learns something. Replaceable for tests and imports."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime


def _system_now() -> datetime:
    return datetime.now(tz=UTC)


_clock: ContextVar[Callable[[], datetime]] = ContextVar("clock", default=_system_now)


def now() -> datetime:
    return _clock.get()()


@contextmanager
def clock(source: Callable[[], datetime]) -> Iterator[None]:
    """Use `source` for record times within the block."""
    token = _clock.set(source)
    try:
        yield
    finally:
        _clock.reset(token)
