"""An index from event id to stored event, so that `correct`, `retract`, `cite` and
`prove` find an event, or the events a prefix names, in O(log n).

The index is over an expression of the stored state, not a table of its own: there is
nothing more to write, guard or verify, and a lost index makes a lookup slower, never
wrong. govledger's events are stored as JSON whose first keys are `originator_id`,
`originator_version`, `timestamp` and `event_id`, in that order, and the values before
`event_id` cannot hold an unescaped quote, so the first `"event_id":"` in the state is
the event's own; the 36 bytes after it are its id. A lookup still decodes the row it
finds and compares the id (`confirmed`).
"""

from __future__ import annotations

import orjson

MARK = b'"event_id":"'
LENGTH = 36  # a UUID in its canonical text form
SHORTEST_PREFIX = 4
SHOWN = 8  # the fewest characters an id is shown with (its first group), git's 7 or so
HEX = set("0123456789abcdef-")


def sqlite_expression(state: str) -> str:
    return f"substr({state}, instr({state}, X'{MARK.hex()}') + {len(MARK)}, {LENGTH})"


def postgres_expression(state: str) -> str:
    return (
        f"substring({state} from position('\\x{MARK.hex()}'::bytea in {state}) "
        f"+ {len(MARK)} for {LENGTH})"
    )


def prefix_bounds(prefix: str) -> tuple[bytes, bytes]:
    """The range of stored ids (as bytes) that start with `prefix`."""
    low = prefix.encode()
    return low, low[:-1] + bytes([low[-1] + 1])


def normalised_prefix(text: str) -> str | None:
    """`text` as the start of an event id in canonical form (lower case), or None when
    it cannot be one."""
    prefix = text.strip().lower()
    if not prefix or len(prefix) > LENGTH or not set(prefix) <= HEX:
        return None
    return prefix


def confirmed(state: bytes, event_id: str) -> bool:
    """Whether the stored state is of the event `event_id` (decoded, not matched)."""
    try:
        return str(orjson.loads(state).get("event_id")) == event_id
    except (ValueError, AttributeError):
        return False


def common_length(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def shortest_unique(ordered: list[str], wanted: set[str], minimum: int = SHOWN) -> dict[str, str]:
    """Each id of `wanted` cut to the shortest prefix (of at least `minimum` characters)
    that starts no other id of `ordered` (every stored id, in order)."""
    shown = {}
    for i, event_id in enumerate(ordered):
        if event_id not in wanted:
            continue
        before = common_length(event_id, ordered[i - 1]) if i else 0
        after = common_length(event_id, ordered[i + 1]) if i + 1 < len(ordered) else 0
        shown[event_id] = event_id[: max(minimum, before + 1, after + 1)]
    return shown
