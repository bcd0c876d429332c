"""The dates a caller gives: a `datetime.date` (or `datetime`), or the text the command
line takes, each refused as the command line refuses it, naming the argument."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from ledger.domain.errors import InvalidInput

Day = date | str
Moment = datetime | date | str


def day(value: Day | None, name: str = "as_of") -> date:
    """A day to view the world on (default today); a month (`2017-04`) means its last day."""
    from ledger.domain.dates import parse_as_of

    if value is None:
        return date.today()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return parse_as_of(value, name)
    raise InvalidInput(f"{name} {value!r} is not a date: give a datetime.date or YYYY-MM-DD")


def moment(value: Moment | None, name: str = "known_at") -> datetime | None:
    """A record time (default: everything recorded): a date means the end of that day UTC,
    a date-time without a zone is UTC."""
    from ledger.domain.dates import parse_known_at

    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time.max, tzinfo=UTC)
    if isinstance(value, str):
        return parse_known_at(value, name)
    raise InvalidInput(f"{name} {value!r} is not a date or date-time")


def text(value: Day | None) -> str | None:
    """A recorded date as the ledger stores it: `YYYY-MM-DD`, or `YYYY-MM` as given."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value
