"""A recorded date as a Panel paper writes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Day:
    """A recorded date: a day ('2017-04-05') or a month ('2017-02'), shown in words."""

    iso: str

    @property
    def words(self) -> str:
        if len(self.iso) == 7:
            return date.fromisoformat(f"{self.iso}-01").strftime("%B %Y")
        day = date.fromisoformat(self.iso)
        return f"{day.day} {day.strftime('%B %Y')}"

    def __str__(self) -> str:
        return self.words
