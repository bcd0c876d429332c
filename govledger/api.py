"""A ledger opened from Python: the read questions and the recording use cases."""

from __future__ import annotations

from govledger.amending import Amending
from govledger.reading import Reading
from govledger.release_recording import ReleaseRecording


class Ledger(Reading, ReleaseRecording, Amending):
    """A govledger ledger: a SQLite file or a `postgresql://` URL. Close it when done
    (or use it in a `with` block)."""


def open(db: str = "events.db", *, actor: str | None = None) -> Ledger:
    """Open the ledger at `db`. Reading a file that does not exist is refused
    (`NotFound`); the first recording creates it. `actor` is who records (default
    GOVLEDGER_ACTOR, else the OS user)."""
    return Ledger(str(db), actor)
