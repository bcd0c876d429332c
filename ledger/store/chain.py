"""The hash chain over every recorded event: how a link is made, and where a save appends
(`audit.py` is how an auditor checks the whole chain).

Each event's link is a SHA-256 over a canonical encoding of the event (its
aggregate id, version, topic and stored bytes) and the link before it. Nothing
store-specific (no notification id, no row id) enters a link, so a ledger
copied to another store by replaying its stored events in order has the same
chain and the same head.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ledger.domain.errors import LedgerError

TAG = b"govledger chain v1\n"
GENESIS = "0" * 64

WITH_THE_EVENT = "with the event"
BACKFILLED = "backfilled"  # linked by an earlier release on the first save after the events
ADOPTED = "adopted"  # linked by `govledger adopt`


class ChainDamaged(LedgerError):
    """The stored chain does not end where the stored events do: nothing is recorded."""


def head_for_append(
    last: tuple[int, str, str, int] | None, previous: tuple[str, int] | None
) -> tuple[int, str]:
    """The (position, link) a save links its events after, given the last stored link
    (position, link, originator id, version) and the last event stored before the save's.
    Refused unless that link is that event's: a save never links earlier events."""
    if last is None and previous is None:
        return 0, GENESIS
    if last is None:
        raise ChainDamaged(
            "nothing recorded: the hash chain covers none of the events already stored "
            "(its links were removed, or the ledger was recorded without one); "
            "govledger verify says which"
        )
    position, head, originator_id, version = last
    if previous is None or (str(previous[0]), previous[1]) != (originator_id, version):
        stored = "no event" if previous is None else key_of(*previous)
        raise ChainDamaged(
            f"nothing recorded: the chain's last link (position {position}, "
            f"{key_of(originator_id, version)}) is not the link of the last event stored "
            f"({stored}): the store was changed outside govledger; "
            "govledger verify names the first bad row"
        )
    return position, head


def refuse_adopt(links: int, first_row: int | None) -> None:
    """`adopt` links only a ledger that has events and no link at all."""
    if links:
        raise ChainDamaged(
            f"nothing adopted: the ledger already has a hash chain ({links} links); "
            "govledger verify checks it"
        )
    if first_row is None:
        raise ChainDamaged("nothing adopted: the ledger holds no events")
    if first_row < 1:
        raise ChainDamaged(
            f"nothing adopted: an event is stored at row {first_row}, outside the range "
            "govledger records in; copy the ledger with govledger migrate instead"
        )


def link(
    previous: str, originator_id: str, originator_version: int, topic: str, state: bytes
) -> str:
    """The link of one event, given the link of the event recorded before it."""
    parts = [str(originator_id).encode(), str(originator_version).encode(), topic.encode()]
    parts.append(state if type(state) is bytes else bytes(state))
    framed = [TAG, bytes.fromhex(previous)]
    for part in parts:
        framed.append(len(part).to_bytes(8, "big"))
        framed.append(part)
    return hashlib.sha256(b"".join(framed)).hexdigest()


@dataclass(frozen=True)
class StoredLink:
    position: int
    originator_id: str
    originator_version: int
    link: str
    how: str
    linked_at: str


def key_of(originator_id: object, originator_version: int) -> str:
    return f"{originator_id} v{originator_version}"
