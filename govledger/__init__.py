"""govledger from Python: open a ledger, ask it what the read commands ask, record.

    import govledger

    with govledger.open("events.db") as ledger:
        rows = ledger.register(open_only=True, as_of="2017-04-10")
        frame = govledger.frame(rows)  # with pandas installed

Each read method returns what its command prints with `--format json`: plain dicts, the
same keys and values. A refusal is the command line's, raised as an exception:
`InvalidInput` (a malformed value), `NotFound` (nothing of that name in the ledger),
`ProcessViolation` (a step the code's process does not allow), each a `LedgerError`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ledger.domain.errors import InvalidInput, LedgerError, NotFound, ProcessViolation

if TYPE_CHECKING:
    from govledger.api import Ledger, open
    from govledger.frames import frame

__all__ = [
    "InvalidInput",
    "Ledger",
    "LedgerError",
    "NotFound",
    "ProcessViolation",
    "frame",
    "open",
]


def __getattr__(name: str) -> Any:
    """The API, imported when first used, so that the command line (which shares the
    open ledger and the answers) starts without it."""
    if name in ("Ledger", "open"):
        from govledger import api

        return getattr(api, name)
    if name == "frame":
        from govledger.frames import frame

        return frame
    raise AttributeError(f"module 'govledger' has no attribute {name!r}")
