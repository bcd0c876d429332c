"""How `verify` checks the stored Merkle tree: every stored node recomputed from the
events as linked (after the chain has been checked) and compared."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from ledger import merkle


@dataclass(frozen=True)
class TreeVerdict:
    intact: bool
    line: str


def audit_tree(recorder: Any) -> TreeVerdict:
    size = recorder.tree_size()
    expected = recorder.tree_from_events(size)
    root = base64.b64encode(merkle.root(lambda lv, ix: expected[(lv, ix)], size)).decode()
    seen = 0
    for level, index, stored in recorder.stored_tree():
        wanted = expected.get((level, index))
        if wanted is None:
            return TreeVerdict(
                False,
                f"Merkle tree broken: it holds node {level}/{index}, beyond the {size} "
                "events the chain links",
            )
        if stored != wanted:
            first = index << level
            what = "leaf" if level == 0 else f"node {level}/{index} (events {first + 1}-"
            what += "" if level == 0 else f"{first + (1 << level)})"
            return TreeVerdict(
                False,
                f"Merkle tree broken at event {first + 1} ({recorder.key_at(first + 1)}): "
                f"the stored {what} is not the hash of the events as stored",
            )
        seen += 1
    if seen == 0 and size:
        return TreeVerdict(
            True,
            f"Merkle tree not stored yet (the next recording builds it): root of the "
            f"{size} events {root}",
        )
    if seen != len(expected):
        return TreeVerdict(
            False,
            f"Merkle tree broken: it holds {seen} of the {len(expected)} nodes of the "
            f"{size} events: nodes were removed",
        )
    return TreeVerdict(True, f"Merkle tree intact: {size} leaves, root {root}")
