"""When a schedule was announced, and what that means for a view of an earlier date.

A schedule has two dates of its own: the date it is for (the event's `on`) and the
date it was announced (`announced`, a day or a month). A view of a date shows it as
pending when its date is still to come and it had been announced by then; a month
counts from its last day, as every month-precise date does. An announcement date no
source gives is unknown, not invented: such a schedule is shown as pending in views
of every date before its own, and says that its announcement date is not recorded.
"""

from __future__ import annotations

from datetime import date

from ledger.domain.dates import effective_date, parse_event_date

NOT_RECORDED = "announcement date not recorded"


def announced_by(announced: str | None, day: date) -> bool:
    """Whether a schedule announced on `announced` (None: not recorded) shows on `day`."""
    return announced is None or effective_date(announced) <= day


def is_pending(on: str, announced: str | None, day: date) -> bool:
    """Whether a schedule for `on` is pending in a view of `day`."""
    return effective_date(on) > day and announced_by(announced, day)


def announcement(announced: str | None) -> str:
    """`announced 2017-04-10`, or that no source gives the date."""
    return f"announced {announced}" if announced else NOT_RECORDED


def announcement_problem(on: str, announced: str) -> str | None:
    """Why a schedule for `on` cannot have been announced on `announced`, or None. Only
    an announcement certainly after the date is refused: a month may mean any of its days."""
    told = parse_event_date(announced, "announcement date")
    target = parse_event_date(on, "the date it happened")
    if told.first > target.effective:
        return f"announcement date {told} is after the date scheduled, {target}"
    return None
