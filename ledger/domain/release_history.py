"""A release's state as a pure fold of its recorded events, in the order they happened.

The announcement (`ReleasePlanned`) defines the release: its name and the go-live
first planned. Every other event happened after it, and is applied by when it
happened. A release whose announcement no source gives starts at the first event
recorded of it, its announcement not recorded (an announcement found later may be
recorded before that event). The events: a scope baselined (the whole list of
proposals, each baseline replacing the last), a go-live moved by a dated decision
(from the date it then had), a version number published, the release going live. An
event its history does not allow is kept in `violations`, not applied, like a
proposal's step against its process.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from ledger.domain import events as ev
from ledger.domain.corrections import standing, visible
from ledger.domain.dates import certainly_before, effective_date


@dataclass(frozen=True)
class Entry:
    """One event of the release's history, told, with the release as it left it."""

    on: str
    event: ev.ReleaseEvent
    text: str
    go_live: str | None
    went_live: str | None
    version: str | None
    scope: tuple[str, ...]


@dataclass
class ReleaseState:
    code: str
    name: str
    announced: str | None  # None: its announcement is not recorded
    planned: str | None  # the go-live first planned
    go_live: str | None = None  # the go-live it has (planned, or moved to)
    went_live: str | None = None
    version: str | None = None
    numbered_on: str | None = None
    scope: tuple[str, ...] = ()
    scoped_on: str | None = None
    moves: list[tuple[str, str | None, str, str | None]] = field(default_factory=list)
    history: list[Entry] = field(default_factory=list)
    violations: list[tuple[ev.ReleaseEvent, str]] = field(default_factory=list)


def order_key(e: ev.ReleaseEvent) -> tuple[date, bool, int]:
    return effective_date(e.on), not isinstance(e, ev.ReleasePlanned), e.originator_version


def fold_release(
    events: Iterable[ev.ReleaseEvent],
    as_of: date | None = None,
    known_at: datetime | None = None,
) -> ReleaseState | None:
    """The release on `as_of` (valid time) as recorded by `known_at` (record time); None
    before anything recorded of it had happened, or when nothing of it stands."""
    ordered = sorted(standing(visible(events, known_at)), key=order_key)
    plans = [e for e in ordered if isinstance(e, ev.ReleasePlanned)]
    plan = plans[0] if plans else None
    first = plan or (ordered[0] if ordered else None)
    if first is None or (as_of is not None and effective_date(first.on) > as_of):
        return None
    if plan is None:
        state = ReleaseState(first.code, first.release, None, None)
    else:
        state = ReleaseState(plan.code, plan.release, plan.on, plan.go_live, plan.go_live)
    for event in ordered:
        if as_of is not None and effective_date(event.on) > as_of:
            continue
        reason = refusal(state, plan, event)
        if reason:
            state.violations.append((event, reason))
        else:
            _apply(state, event)
    return state


def refusal(state: ReleaseState, plan: ev.ReleasePlanned | None, e: ev.ReleaseEvent) -> str | None:
    """Why the release, as `state` has it, cannot have had `e` happen, or None."""
    if isinstance(e, ev.ReleasePlanned):
        return "it is already in the ledger" if e is not plan else None
    if plan is not None and certainly_before(e.on, plan.on):
        return f"it was announced on {plan.on}"
    if isinstance(e, ev.ReleaseWentLive | ev.ReleaseScoped | ev.ReleaseMoved) and (
        state.went_live is not None and certainly_before(state.went_live, e.on)
    ):
        return f"it went live on {state.went_live}"
    if isinstance(e, ev.ReleaseWentLive) and state.went_live is not None:
        return f"it went live on {state.went_live}"
    if isinstance(e, ev.ReleaseMoved) and e.go_live == state.go_live:
        return f"its go-live is already {e.go_live}"
    if isinstance(e, ev.ReleaseNumbered) and state.version is not None:
        return f"its version number {state.version} was published on {state.numbered_on}"
    return None


def _apply(s: ReleaseState, e: ev.ReleaseEvent) -> None:
    text = e.summary()
    if isinstance(e, ev.ReleaseScoped):
        text = _scoped(s, e)
    elif isinstance(e, ev.ReleaseMoved):
        text = f"go-live moved from {s.go_live or 'a date not recorded'} to {e.go_live}, "
        text += ev.decided(e.decided_by)
        s.moves.append((e.on, s.go_live, e.go_live, e.decided_by))
        s.go_live = e.go_live
    elif isinstance(e, ev.ReleaseNumbered):
        s.version, s.numbered_on = e.version, e.on
    elif isinstance(e, ev.ReleaseWentLive):
        if s.go_live and s.go_live != e.on:
            text += f" (its go-live was {s.go_live})"
        s.went_live = e.on
    s.history.append(Entry(e.on, e, text, s.go_live, s.went_live, s.version, s.scope))


def _scoped(s: ReleaseState, e: ev.ReleaseScoped) -> str:
    text = e.summary()
    if s.scoped_on is not None:
        added = [p for p in e.proposals if p not in s.scope]
        removed = [p for p in s.scope if p not in e.proposals]
        changes = [f"added {', '.join(added)}" if added else ""]
        changes.append(f"removed {', '.join(removed)}" if removed else "")
        text += f" ({'; '.join(c for c in changes if c) or 'unchanged'})"
    s.scope, s.scoped_on = tuple(e.proposals), e.on
    return text


def refusal_of(events: list[ev.ReleaseEvent], new: ev.ReleaseEvent) -> str | None:
    """Why recording `new` among a release's `events` is not allowed, or None: its own
    refusal, or the recorded event it would make impossible."""
    before = fold_release(events)
    known = {e.event_id for e, _ in before.violations} if before else set()
    after = fold_release([*events, new])
    if after is None:
        return None
    for event, reason in after.violations:
        if event.event_id in known:
            continue
        if event.event_id in (new.event_id, getattr(new, "corrects", None)):
            return reason
        return (
            f"it would make the recorded {event.label} of {event.on} "
            f"(event {event.event_id}) impossible: {reason}"
        )
    return None
