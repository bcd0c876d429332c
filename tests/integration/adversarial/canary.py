"""A callable that a tampered row names as its event type: if any read ever resolved a
stored topic to it and called it, `TRIPPED` would say so."""

from typing import Any

TRIPPED: list[Any] = []


def trip(*args: Any, **kwargs: Any) -> None:
    TRIPPED.append((args, kwargs))


class Event:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        TRIPPED.append((args, kwargs))
