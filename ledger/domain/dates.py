"""When something happened: a day, or only a month when that is all a source gives."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import lru_cache

from ledger.domain.caches import CACHED
from ledger.domain.errors import InvalidInput

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)
EARLIEST_YEAR = 1990
LATEST_YEAR = 2100


@dataclass(frozen=True, order=False)
class EventDate:
    """A day (`2017-04-05`) or a month (`2017-02`); a month counts from its last day."""

    text: str
    effective: date

    @property
    def is_month(self) -> bool:
        return len(self.text) == 7

    @property
    def first(self) -> date:
        """The earliest day it can mean (a month: its first day)."""
        return self.effective.replace(day=1) if self.is_month else self.effective

    def __str__(self) -> str:
        return self.text


def parse_event_date(text: str, what: str = "date") -> EventDate:
    """Parse YYYY-MM-DD or YYYY-MM, refusing anything else with a one-line reason."""
    value = (text or "").strip()
    if not value:
        raise InvalidInput(f"{what} is empty: use YYYY-MM-DD, or YYYY-MM for a month")
    day = _DAY.match(value)
    month = _MONTH.match(value)
    try:
        if day:
            effective = date(int(day[1]), int(day[2]), int(day[3]))
        elif month:
            year, mon = int(month[1]), int(month[2])
            effective = date(year, mon, calendar.monthrange(year, mon)[1])
        else:
            raise ValueError
    except ValueError:
        raise InvalidInput(
            f"{what} {text!r} is not a date: use YYYY-MM-DD, or YYYY-MM for a month"
        ) from None
    if not EARLIEST_YEAR <= effective.year <= LATEST_YEAR:
        raise InvalidInput(f"{what} {text!r} is out of range ({EARLIEST_YEAR} to {LATEST_YEAR})")
    return EventDate(value, effective)


def first_day(when: EventDate) -> date:
    """The first day a recorded date may mean (of a month, its first)."""
    return when.effective.replace(day=1) if when.is_month else when.effective


def certainly_before(earlier: str, later: str) -> bool:
    """Whether `earlier` happened before `later` whatever days their months may mean."""
    return effective_date(earlier) < first_day(parse_event_date(later))


@lru_cache(maxsize=CACHED)
def effective_date(text: str) -> date:
    """The day from which a recorded date counts (month-precise: its last day)."""
    return parse_event_date(text).effective


def parse_as_of(text: str, what: str = "--as-of") -> date:
    """A day to view the world on; a month means its last day."""
    return parse_event_date(text, what).effective


def parse_known_at(text: str, what: str = "--known-at") -> datetime:
    """A record time: an ISO 8601 date (its end, UTC) or date-time (UTC if no zone)."""
    value = (text or "").strip()
    if not value:
        raise InvalidInput(
            f"{what} is empty: use an ISO 8601 date or date-time "
            "(e.g. 2026-12-01 or 2026-12-01T09:30:00Z)"
        )
    try:
        if _DAY.match(value):
            day = date.fromisoformat(value)
            return datetime.combine(day, time.max, tzinfo=UTC)
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(
            f"{what} {text!r} is not an ISO 8601 date or date-time "
            "(e.g. 2026-12-01 or 2026-12-01T09:30:00Z)"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
