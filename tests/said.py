"""Reading what a recording command said, apart from the id of the event it wrote."""

from __future__ import annotations

import re

EVENT_TAG = re.compile(r"^\[event [0-9a-f-]{8,36}\] ", re.M)  # an id, or its unique prefix


def untagged(text: str) -> str:
    """`text` with the `[event ID] ` that begins each recording's line taken off."""
    return EVENT_TAG.sub("", text)
