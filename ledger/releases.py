"""Recording a release's events, and checking what names a release against it: the
part of the one dispatch (`handlers.apply`) that a release's events take."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ledger.commands import RELEASE_COMMANDS
from ledger.domain import events as ev
from ledger.domain.dates import certainly_before, parse_event_date
from ledger.domain.errors import InvalidInput, NotFound, ProcessViolation
from ledger.domain.proposal import proposal_key
from ledger.domain.release import Release, release_key
from ledger.domain.version import version_key

if TYPE_CHECKING:
    from ledger.aggregates import Aggregates


def record_release(
    uow: Aggregates, kind: str, code: str, name: str, fields: dict[str, Any]
) -> bool:
    """Record one event of `kind` on the release `name`; False when it is already held."""
    facts = {k: v for k, v in fields.items() if k not in ("code", "release")}
    key = release_key(code, name)
    release: Release | None = uow.get(key)
    if release is not None and facts.get("event_id") in release.event_ids:
        return False
    if release is None:  # known first by a later event, its announcement not recorded
        release = Release(key)
        uow.add(release)
    scope = facts.get("proposals") or (facts.get("changes") or {}).get("proposals") or []
    _in_the_ledger(uow, code, release.name if release.events else name, scope)
    if kind == ev.ReleaseNumbered.kind:
        _numbered_alike(uow, code, release.name, facts.get("version"), facts.get("on"))
    RELEASE_COMMANDS[kind].run(release, code=code, release=name.strip(), **facts)
    return True


def _in_the_ledger(uow: Aggregates, code: str, name: str, proposals: list[str]) -> None:
    for proposal_id in proposals:
        if isinstance(proposal_id, str) and uow.get(proposal_key(code, proposal_id)) is None:
            raise NotFound(
                f"{name}: cannot baseline its scope: {proposal_id} is not in the ledger "
                "(submit or baseline it first)"
            )


def _numbered_alike(
    uow: Aggregates, code: str, name: str, number: str | None, on: str | None
) -> None:
    """A release's number names no version recorded as brought by another release."""
    if not number:
        return
    try:
        key = version_key(code, number)
    except InvalidInput:
        return  # the release refuses the number itself, in its own words
    version = uow.get(key)
    made = version.standing if version is not None else None
    if (
        made is not None
        and made.release
        and release_key(code, made.release) != release_key(code, name)
    ):
        raise ProcessViolation(
            f"{name}: cannot record version number published on {on}: {made.subject} is "
            f"recorded as brought by {made.release}"
        )


def named_release(
    uow: Aggregates, code: str, name: str | None, on: str, who: str, what: Callable[[], str]
) -> str | None:
    """The release an implementation or a version names, as it is recorded (its name as
    announced), checked against it: nothing goes live in a release before it was
    announced. A release the ledger does not hold is kept as given (a gap, not a
    contradiction). `who` and `what()` name the step in a refusal."""
    if not name or not name.strip():
        return None
    release: Release | None = uow.get(release_key(code, name))
    state = release.state if release is not None else None
    if state is None:
        return name.strip()
    parse_event_date(on, "the date it happened")
    if state.announced is not None and certainly_before(on, state.announced):
        raise ProcessViolation(
            f"{who}: cannot record {what()} on {on}: {state.name} was announced on "
            f"{state.announced}"
        )
    return state.name


def release_number(uow: Aggregates, code: str, name: str | None) -> tuple[str, str, str] | None:
    """(release, its version number, when published) where the release named has one."""
    if not name:
        return None
    release: Release | None = uow.get(release_key(code, name))
    state = release.state if release is not None else None
    if state is None or state.version is None:
        return None
    return state.name, state.version, state.numbered_on or ""
