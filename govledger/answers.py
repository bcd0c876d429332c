"""The rows each read question answers with, for the Python API and the read commands
alike: what a command prints in `--format json` is what these return. Each answer
carries its horizon (what it is complete to), which the commands print as a banner.

`source` is an open ledger (`govledger.Ledger`, or the command line's session)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ledger.domain import events as ev
    from ledger.domain.release_history import ReleaseState
    from ledger.domain.state import ProposalState
    from projections.queries import Horizon

Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class Answer:
    rows: Rows
    horizon: Horizon


@dataclass(frozen=True)
class ProposalAnswer(Answer):
    """One proposal on a date; `absent` says why there is nothing to show (it had not
    been recorded by the time asked, or nothing had happened to it by the date)."""

    state: ProposalState | None = None
    recorded: list[ev.ProposalEvent] = field(default_factory=list)
    absent: str = ""


@dataclass(frozen=True)
class CodeAnswer(Answer):
    pending: list[ev.VersionEffective] = field(default_factory=list)


@dataclass(frozen=True)
class ReleaseAnswer(Answer):
    """One release on a date (`rows`: its facts, history and proposals, as one row)."""

    state: ReleaseState | None = None
    versions: list[str] = field(default_factory=list)
    proposals: Rows = field(default_factory=list)
    absent: str = ""


def known_code(code: str | None) -> None:
    """An unknown code is refused, not answered with nothing."""
    if code is not None:
        from ledger.domain.processes import process_for

        process_for(code)


def register(
    source: Any,
    *,
    as_of: date,
    known_at: datetime | None = None,
    open_only: bool = False,
    code: str | None = None,
) -> Answer:
    from projections import queries

    known_code(code)
    rows, horizon = queries.register(
        source, as_of=as_of, known_at=known_at, open_only=open_only, code=code
    )
    return Answer(rows, horizon)


def proposal(
    source: Any, code: str, proposal_id: str, *, as_of: date, known_at: datetime | None = None
) -> ProposalAnswer:
    """A proposal's state on `as_of`: its register row, class, rules, other ids, titles in
    the sources, timeline and disputes, as one row."""
    from ledger.domain.proposal import proposal_key
    from projections import queries
    from projections.views.disputes import dispute_row, disputes_by
    from projections.views.register import register_row
    from projections.views.timeline import timeline_rows

    state, recorded, horizon = queries.proposal(
        source, proposal_key(code, proposal_id), as_of=as_of, known_at=known_at
    )
    if state is None:
        why = absence(source, code, proposal_id, recorded, horizon)
        return ProposalAnswer([], horizon, None, recorded, why)
    row = register_row(state)
    row.update(about(state))
    row["titles_in_sources"] = [{"title": t, "source": s} for t, s in state.titles]
    row["timeline"] = timeline_rows(state, recorded)
    disputes = disputes_by(recorded, as_of)
    if disputes:
        row["disputes"] = [dispute_row(d, state.shown_id) for d in disputes]
    return ProposalAnswer([row], horizon, state, recorded)


def about(state: ProposalState) -> dict[str, Any]:
    """What a proposal's view adds to its register row: its class, rules and other ids."""
    from ledger.domain.processes import process_for

    return {
        "stage": process_for(state.code).stage_of(state.status),
        "process": state.process,
        "ids": [{"id": ref, "from": since} for ref, since in state.references],
        "alternative_of": state.alternative_of,
        "variant": state.variant,
    }


def history(
    source: Any, code: str, proposal_id: str, *, as_of: date, known_at: datetime | None = None
) -> ProposalAnswer:
    """The recorded events of one proposal that happened by `as_of`, both times each."""
    from ledger.domain.proposal import proposal_key
    from projections import queries
    from projections.views.timeline import history_rows

    _, recorded, horizon = queries.proposal(
        source, proposal_key(code, proposal_id), as_of=as_of, known_at=known_at
    )
    if not recorded:
        why = absence(source, code, proposal_id, recorded, horizon)
        return ProposalAnswer([], horizon, None, recorded, why)
    return ProposalAnswer(history_rows(recorded, as_of), horizon, None, recorded)


def absence(source: Any, code: str, proposal_id: str, recorded: list[Any], horizon: Horizon) -> str:
    """Why a view of a proposal at a time before it is empty (an answer, not a refusal).
    A proposal the ledger has never held is not found."""
    from ledger.domain.errors import NotFound
    from ledger.domain.proposal import proposal_key
    from projections import queries

    if recorded:
        return f"nothing had happened to it by {horizon.as_of.isoformat()}"
    if (
        horizon.known_at is not None
        and queries.proposal(source, proposal_key(code, proposal_id), as_of=horizon.as_of)[1]
    ):
        return f"not yet recorded as known at {horizon.known_at.isoformat(timespec='seconds')}"
    raise NotFound(f"{proposal_id}: not in the ledger")


def events(source: Any) -> Rows:
    """Every event in record order, as the JSON Lines `import` reads."""
    from ledger.interchange.lines import event_line

    return [event_line(position, e) for position, e in source.reader().read_events()]


def code(source: Any, code: str, *, as_of: date, known_at: datetime | None = None) -> CodeAnswer:
    """The code on `as_of`: the version in force, the chain, each section's amendments,
    the versions pending, and what the view is complete to."""
    from projections import queries
    from projections.views.code_view import code_view

    in_force, pending, horizon = queries.versions(source, code, as_of=as_of, known_at=known_at)
    view = code_view(code, as_of, in_force, pending)
    view["complete_to"] = horizon.banner(code)
    return CodeAnswer([view], horizon, pending)


def diff(
    source: Any,
    start: date,
    end: date,
    *,
    known_at: datetime | None = None,
    code: str | None = None,
) -> Answer:
    """What changed after `start` up to `end`, each change with the decision that made it."""
    from projections import queries
    from projections.views.diff import diff_rows

    known_code(code)
    view, horizon = queries.states_between(source, start, end, known_at)
    return Answer(diff_rows(view, start, end, code), horizon)


def reconcile(
    source: Any, path: str, *, code: str, as_of: date, known_at: datetime | None = None
) -> Answer:
    """A published register (CSV, TSV or Markdown with id, title and status columns)
    against the ledger's on `as_of`, as one row: whether they agree, and each difference
    with the `govledger cite` command that records it as a dispute."""
    from pathlib import Path

    from ledger.domain.errors import InvalidInput
    from projections import queries
    from projections.views.reconcile import disputed_keys, read_published, with_disputes
    from projections.views.reconcile import reconcile as compare

    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(f"{path}: not UTF-8 text") from None
    known_code(code)  # a code with no process is refused before anything is read
    published = read_published(text, path)
    states, horizon = queries.register_states(source, as_of, known_at)
    differences = compare(published, states, code)
    folded = queries.folded(source, disputed_keys(differences, code), as_of, known_at)
    differences = with_disputes(differences, folded, code, path)
    row = {
        "file": path,
        "as_of": as_of.isoformat(),
        "agrees": not differences,
        "published_rows": len(published),
        "differences": differences,
    }
    return Answer([row], horizon)


def gaps(
    source: Any, *, as_of: date, known_at: datetime | None = None, code: str | None = None
) -> Answer:
    """Every implied stage, fact no source gave and open dispute on `as_of`."""
    from projections import queries
    from projections.views.disputes import disputes_by
    from projections.views.gaps import gap_rows

    known_code(code)
    states, horizon = queries.folded_states(source, as_of, known_at, code)
    cited, _ = queries.cited(source, as_of, known_at, code)
    rows = gap_rows(states, {key: disputes_by(found, as_of) for key, found in cited.items()})
    return Answer(rows, horizon)


def disputes(
    source: Any, *, as_of: date, known_at: datetime | None = None, code: str | None = None
) -> Answer:
    """Every disputed fact on `as_of`, settled or not, with both values and their sources."""
    from projections import queries
    from projections.views.disputes import dispute_rows

    known_code(code)
    events, horizon = queries.cited(source, as_of, known_at, code)
    return Answer(dispute_rows(events, as_of), horizon)


def releases(
    source: Any, *, as_of: date, known_at: datetime | None = None, code: str | None = None
) -> Answer:
    """The releases announced by `as_of`, as they then stood."""
    from projections import queries
    from projections.views.release_view import release_row

    known_code(code)
    states, horizon = queries.releases(source, as_of=as_of, known_at=known_at, code=code)
    rows = [release_row(s) for s in states]
    if code is not None or len({row["code"] for row in rows}) < 2:
        for row in rows:
            del row["code"]
    return Answer(rows, horizon)


def release(
    source: Any, code: str, name: str, *, as_of: date, known_at: datetime | None = None
) -> ReleaseAnswer:
    """One release on `as_of`: its facts, dated history, versions and proposals."""
    from ledger.domain.errors import NotFound
    from projections import queries
    from projections.views.release_view import history_rows, proposal_rows, release_facts

    found = queries.release(source, code, name, as_of=as_of, known_at=known_at)
    state = found.state
    if state is None:
        if not found.recorded:
            raise NotFound(f"{name.strip()}: not in the ledger")
        why = f"not yet announced by {as_of.isoformat()}"
        return ReleaseAnswer([], found.horizon, absent=why)
    versions = [v.subject for v in found.versions]
    proposals = proposal_rows(state, found.proposals)
    facts = release_facts(state)
    facts.update(versions=versions, history=history_rows(state), proposals=proposals)
    return ReleaseAnswer([facts], found.horizon, state, versions, proposals)
