"""Every recordable action by its kind: one table for the CLI and for imports alike."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ledger.domain import events as ev
from ledger.domain.proposal import Proposal
from ledger.domain.release import Release


@dataclass(frozen=True)
class Command:
    kind: str
    creates: bool
    run: Callable[..., Any]
    facts: tuple[str, ...]  # the fields of its event beyond the common envelope

    def missing(self, fields: dict[str, Any]) -> list[str]:
        """The required fields that `fields` lacks (or leaves empty)."""
        needed = ("on", "actor", *required(self.run))
        return [name for name in needed if fields.get(name) in (None, "")]


@functools.cache
def required(run: Callable[..., Any]) -> tuple[str, ...]:
    """The facts a command (or a version's coming into effect) cannot do without: its
    keyword-only parameters without a default."""
    return tuple(
        p.name
        for p in inspect.signature(run).parameters.values()
        if p.kind is p.KEYWORD_ONLY and p.default is p.empty
    )


COMMON = ("on", "actor", "source", "note", "title_as_given", "event_id")
ENVELOPE = frozenset({"originator_id", "originator_version", "timestamp", *COMMON})


def facts_of(model: type[ev.LedgerEvent]) -> tuple[str, ...]:
    """The fields of an event beyond the common envelope, read off its model."""
    return tuple(name for name in model.model_fields if name not in ENVELOPE)


def _command(
    run: Callable[..., Any], model: type[ev.LedgerEvent], creates: bool = False
) -> Command:
    return Command(model.kind, creates, run, facts_of(model))


COMMANDS: dict[str, Command] = {
    c.kind: c
    for c in (
        _command(Proposal.submit, ev.Submitted, creates=True),
        _command(Proposal.baseline, ev.Baselined, creates=True),
        _command(Proposal.consider_imr, ev.ImrConsidered),
        _command(Proposal.convert, ev.Converted),
        _command(Proposal.record_milestone, ev.Milestone),
        _command(Proposal.start_refinement, ev.RefinementStarted),
        _command(Proposal.issue_consultation, ev.ConsultationIssued),
        _command(Proposal.close_consultation, ev.ConsultationClosed),
        _command(Proposal.vote, ev.ChangeBoardVoted),
        _command(Proposal.determine, ev.AuthorityDetermined),
        _command(Proposal.withdraw, ev.Withdrawn),
        _command(Proposal.cancel, ev.Cancelled),
        _command(Proposal.suspend, ev.Suspended),
        _command(Proposal.resume, ev.Resumed),
        _command(Proposal.implement, ev.Implemented),
        _command(Proposal.schedule, ev.Scheduled),
        _command(Proposal.correct, ev.Corrected),
        _command(Proposal.retract, ev.Retracted),
        _command(Proposal.cite, ev.Cited),
    )
}
RELEASE_COMMANDS: dict[str, Command] = {
    c.kind: c
    for c in (
        _command(Release.plan, ev.ReleasePlanned, creates=True),
        _command(Release.scope, ev.ReleaseScoped),
        _command(Release.move, ev.ReleaseMoved),
        _command(Release.number, ev.ReleaseNumbered),
        _command(Release.go_live, ev.ReleaseWentLive),
        _command(Release.correct, ev.ReleaseCorrected),
        _command(Release.retract, ev.ReleaseRetracted),
    )
}
"""A release's events by kind; each line or command names the release (`release`)."""
VERSION_FACTS = facts_of(ev.VersionEffective)
VERSION_CORRECTION_FACTS = tuple(
    dict.fromkeys(("code", "number", *facts_of(ev.VersionCorrected), "retracts"))
)
