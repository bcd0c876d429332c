"""The shape of a code's modification process, as data.

A `Process` names its statuses, its ids, paths and routes, who decides, and its
steps: which event records each step, from which statuses it may be taken and
what it leads to. Every status is also classified in one vocabulary shared by
all codes (`STAGES`), so that a register of several codes can group the UNC's
Workgroup with the BSC's Assessment Procedure and the SEC's Refinement. The
definitions themselves live in `ledger.domain.processes`, one file per code and
era; nothing outside them names a status or a step's effect.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

from ledger.domain.errors import InvalidInput

STAGES: Mapping[str, str] = MappingProxyType(
    {
        "development": "shaped before it is a formal proposal",
        "raised": "raised, awaiting its first consideration",
        "assessment": "being assessed before its route is set",
        "refinement": "refined by a working group",
        "consultation": "consulted on in its report phase",
        "decision": "awaiting the vote of the body that decides or recommends",
        "authority": "awaiting the Authority's decision",
        "suspended": "suspended by direction",
        "approved": "approved, awaiting implementation",
        "implementing": "implemented in part, the rest awaited",
        "implemented": "implemented",
        "rejected": "rejected",
        "withdrawn": "withdrawn by its proposer",
        "cancelled": "cancelled by direction",
    }
)
"""The classification every code's statuses share, in the order a proposal goes."""
CLOSED_STAGES = frozenset(
    {"approved", "implementing", "implemented", "rejected", "withdrawn", "cancelled"}
)
IMPLEMENTATION_STAGES = frozenset({"implementing", "implemented"})  # reached by implementing
OUTCOMES = ("approve", "reject")  # a vote's or a determination's
FIRST_OUTCOMES = ("accepted", "referred")  # of a proposal's first consideration
VARIANTS = ("fast-track", "urgent")
VOTE_READINGS = ("decision", "recommendation")  # what a vote was, where a source says so
VERSION_BASES = ("modification", "designation", "direction")  # what makes a new version
UNNUMBERED_BASES = ("designation", "direction")  # by the Secretary of State, maybe with no number
EMPTY: Mapping[str, Any] = MappingProxyType({})
IN_PARTS = "extent"  # the fact of an implementation that says whether it is a part: part | whole


def step_key(kind: str, name: str = "") -> str:
    """How a process files a step: its event kind, and for a milestone its name too."""
    return f"{kind}:{name}" if name else kind


@dataclass(frozen=True)
class Status:
    name: str  # the words the register shows
    stage: str  # its class in the shared vocabulary (a key of STAGES)
    group: str = ""  # the register heading it is listed under; the name if empty
    rule: str = ""  # what must happen next, quoted when a step is refused from it

    @property
    def decided(self) -> bool:
        return self.stage in CLOSED_STAGES

    @property
    def heading(self) -> str:
        return self.group or self.name


@dataclass(frozen=True)
class Effect:
    """What a step does to a proposal's status."""

    to: str | None = None  # the status it leads to; None keeps the status
    by: str = ""  # or the event's fact whose value picks the status (a value not listed: `to`)
    choices: Mapping[str, str] = field(default_factory=lambda: EMPTY)  # fact's value -> status
    recommends: str | None = None  # off a self-governance path the body recommends: status
    suspends: bool = False  # remembers the status, to go back to it
    resumes: bool = False


@dataclass(frozen=True)
class Decision:
    """A step that is a decision: who takes it and what it was, from the event's facts."""

    body: str  # a body's name, or "{fact}" to take it from the event
    outcome: str  # "{fact}" placeholders are filled from the event
    by_variant: Mapping[str, str] = field(
        default_factory=lambda: EMPTY
    )  # the body instead, for a variant (fast-track)

    def body_for(self, facts: Mapping[str, Any], variant: str | None) -> str:
        return _filled(self.by_variant.get(variant or "", self.body), facts)

    def outcome_for(self, facts: Mapping[str, Any]) -> str:
        return _filled(self.outcome, facts)


def _filled(template: str, facts: Mapping[str, Any]) -> str:
    return template.format_map({k: "" if v is None else v for k, v in facts.items()})


@dataclass(frozen=True)
class Step:
    kind: str  # the event kind that records it
    label: str  # its name in the process's words
    allowed_from: frozenset[str]
    effect: Effect = Effect()
    name: str = ""  # for a milestone (kind "milestone"), the process's name for it
    implies: str | None = None  # the earlier stage it implies when none is recorded
    decision: Decision | None = None
    choices: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: EMPTY
    )  # fact -> the values it may take
    requires_one_of: tuple[str, ...] = ()  # facts of which at least one must be given
    needs_path: bool = False  # its effect depends on the path
    not_on_self_governance: bool = False  # the Authority does not decide a self-governance path

    @property
    def key(self) -> str:
        return step_key(self.kind, self.name)

    @property
    def in_parts(self) -> bool:
        """Whether the step can implement a change in parts (its `extent` picks the status)."""
        return self.effect.by == IN_PARTS

    def check_choice(self, fact: str, value: str | None, name: str = "") -> None:
        """Refuse a value this step does not offer for `fact` (`name` is how to call it)."""
        allowed = self.choices.get(fact)
        if allowed is not None and value not in allowed:
            raise InvalidInput(f"{name or fact} {value!r} is not one of: {', '.join(allowed)}")


@dataclass(frozen=True)
class IdForm:
    """One way the code writes a proposal's id: a pattern, how to spell it, what it starts as."""

    name: str  # "Draft Proposal"
    pattern: str  # a full match of the id as written, with a group `n` (and optionally `suffix`)
    spelling: str  # how it is written out, e.g. "DP{n:03d}"
    raised_as: str | None = None  # the status a proposal raised under this form starts in

    def match(self, written: str) -> dict[str, Any] | None:
        found = re.fullmatch(self.pattern, written, re.ASCII)
        if found is None:
            return None
        parts = found.groupdict()
        return {"n": int(parts["n"]), "suffix": parts.get("suffix") or ""}

    def spell(self, parts: Mapping[str, Any]) -> str:
        return self.spelling.format(**parts)


@dataclass(frozen=True)
class Process:
    """The rules of one code's modification process, in force from a date."""

    code: str
    name: str  # "the SEC process of November 2018"
    in_force_from: date | None
    statuses: tuple[Status, ...]
    ids: tuple[IdForm, ...]  # the forms a proposal may be raised under, the default first
    key_spelling: str  # the stored key of a proposal, from its number: one for every era
    paths: Mapping[str, str]
    self_governance_paths: frozenset[str]
    steps: tuple[Step, ...]
    bodies: Mapping[str, str]  # who decides what
    raised_status: str = ""  # the status of a proposal raised under the default form
    version_pattern: str = r"^\d+(\.\d+){0,3}$"
    version_example: str = "5.6"
    summary: str = ""
    path_words: str = "Path {key} ({name})"  # how the process names a path in a sentence
    # how a step is told: "label" (its label and facts) or "summary" (the event's own
    # sentence, in the SEC's words of 2017); milestones are always told by their label
    told_by: str = "label"
    proposal_word: str = "Modification Proposal"  # what the code calls a proposal
    consultation_word: str = "Modification Report Consultation"  # and its report's consultation
    by_status: Mapping[str, Status] = field(init=False, repr=False, compare=False)
    by_key: Mapping[str, Step] = field(init=False, repr=False, compare=False)
    decided: frozenset[str] = field(init=False, repr=False, compare=False)  # decided statuses

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_status", {s.name: s for s in self.statuses})
        object.__setattr__(self, "by_key", {s.key: s for s in self.steps})
        object.__setattr__(self, "decided", frozenset(s.name for s in self.statuses if s.decided))
        unknown = {
            name
            for step in self.steps
            for name in (
                *step.allowed_from,
                step.effect.to,
                step.effect.recommends,
                *step.effect.choices.values(),
            )
            if name is not None and name not in self.by_status
        }
        unknown |= {s.stage for s in self.statuses} - set(STAGES)
        if unknown:
            raise ValueError(f"{self.name}: unknown statuses or stages {sorted(unknown)}")

    @property
    def status_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.statuses)

    def is_open(self, status: str | None) -> bool:
        return status is not None and status not in self.decided

    def stage_of(self, status: str | None) -> str | None:
        found = self.by_status.get(status or "")
        return found.stage if found else None

    def step(self, kind: str, name: str = "") -> Step:
        return self.by_key[step_key(kind, name)]

    def has_step(self, kind: str, name: str = "") -> bool:
        return step_key(kind, name) in self.by_key

    def milestones(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.name)

    def form_of(self, written: str) -> tuple[IdForm, dict[str, Any]] | None:
        for form in self.ids:
            parts = form.match(written or "")
            if parts is not None:
                return form, parts
        return None

    def check_proposal_id(self, proposal_id: str) -> str:
        """The id as this process spells it, or a refusal naming the forms it takes."""
        found = self.form_of(proposal_id)
        if found is None:
            examples = ", ".join(f.spell({"n": 34, "suffix": ""}) for f in self.ids)
            raise InvalidInput(
                f"{proposal_id!r} is not a {self.code} proposal id "
                f"(expected something like {examples})"
            )
        form, parts = found
        return form.spell(parts)

    def key_of(self, proposal_id: str) -> str:
        """The stored key of the proposal an id names, whichever of its forms is written."""
        found = self.form_of(proposal_id)
        if found is None:
            self.check_proposal_id(proposal_id)
        assert found is not None
        return self.key_spelling.format(**found[1])

    def spellings(self, proposal_id: str) -> tuple[str, ...]:
        """Every way this process writes the proposal an id names."""
        found = self.form_of(proposal_id)
        if found is None:
            return ()
        return tuple(dict.fromkeys(f.spell(found[1]) for f in self.ids))

    def check_path(self, path: str) -> str:
        if path not in self.paths:
            known = ", ".join(f"{k} ({v})" for k, v in self.paths.items())
            raise InvalidInput(f"unknown path {path!r}: {self.code} paths are {known}")
        return path

    def check_status(self, status: str) -> str:
        if status not in self.by_status:
            raise InvalidInput(f"unknown status {status!r}: one of {', '.join(self.status_names)}")
        return status

    def check_version_number(self, number: str) -> str:
        if not re.fullmatch(self.version_pattern, number or "", re.ASCII):
            raise InvalidInput(
                f"{number!r} is not a {self.code} version number (e.g. {self.version_example})"
            )
        return number

    def status_phrase(self, status: str) -> str:
        """'its status is X', with the rule that leaves X where the process gives one."""
        known = self.by_status.get(status)
        rule = f" ({known.rule})" if known is not None and known.rule else ""
        return f"its status is {status}{rule}"

    def path_phrase(self, path: str | None) -> str:
        return self.path_words.format(key=path, name=self.paths.get(path or "", path))

    def decides_after_vote(self, path: str | None) -> bool:
        """On a self-governance path the voting body decides; elsewhere it recommends."""
        return path in self.self_governance_paths

    def paths_where_vote_is(self, reading: str) -> tuple[str, ...]:
        """The paths on which a vote is a `reading` (decision or recommendation)."""
        decides = reading == VOTE_READINGS[0]
        return tuple(p for p in self.paths if self.decides_after_vote(p) == decides)

    def bridge(
        self,
        status: str,
        targets: frozenset[str],
        path: str | None,
        prefer: str | None = None,
    ) -> tuple[tuple[Step, str], ...] | None:
        """The fewest steps this process takes from `status` to one of `targets`, each
        with the status it leads to; None when none does (the step contradicts the record).
        Of courses equally short, one ending in `prefer` (where the step itself leads), then
        one through the steps nearest the target (a process lists its steps in course
        order: a closed consultation implies its issue, not a first consideration).
        Only the steps of the process's course bridge a gap: a decision is never implied
        to be a withdrawal, a cancellation or a suspension."""
        frontier: list[tuple[str, tuple[tuple[Step, str], ...]]] = [(status, ())]
        seen = {status}
        while frontier:
            following = []
            reached = [walked for current, walked in frontier if walked and current in targets]
            if reached:
                return next((w for w in reached if w[-1][1] == prefer), reached[0])
            for current, route in frontier:
                for step in reversed(self.steps):
                    if step.kind not in BRIDGING or current not in step.allowed_from:
                        continue
                    if step.not_on_self_governance and path in self.self_governance_paths:
                        continue
                    for after in _leads_to(self, step, path):
                        if after in seen:
                            continue
                        walked = (*route, (step, after))
                        if after not in targets:
                            seen.add(after)
                        following.append((after, walked))
            frontier = following
        return None

    def implies_conversion(self, current: str, written: str) -> bool:
        """Whether `written`, a form a proposal goes by from its start, names a proposal
        that goes by `current`, a form that starts elsewhere (a Draft Proposal's)."""
        return (
            self.initial_status(written) == self.raised_status
            and self.initial_status(current) != self.raised_status
        )

    def initial_status(self, proposal_id: str) -> str:
        found = self.form_of(proposal_id)
        if found is not None and found[0].raised_as:
            return found[0].raised_as
        return self.raised_status


BRIDGING = frozenset(
    {
        "imr_considered",
        "converted",
        "refinement_started",
        "consultation_issued",
        "consultation_closed",
        "change_board_voted",
        "authority_determined",
    }
)
"""The steps of a process's course: those a later step may imply when none is recorded."""


def _leads_to(process: Process, step: Step, path: str | None) -> tuple[str, ...]:
    effect = step.effect
    found: list[str] = []
    if effect.recommends and not process.decides_after_vote(path):
        found.append(effect.recommends)
    if effect.recommends is None or path is None or process.decides_after_vote(path):
        if effect.by and effect.by not in ("form", "status"):
            found += [v for k, v in effect.choices.items() if k not in ("reject", "referred")]
        elif effect.to:
            found.append(effect.to)
    return tuple(dict.fromkeys(found))


def milestone(name: str, label: str, allowed: frozenset[str]) -> Step:
    """A step its process names within a stage, recorded by a `milestone` event."""
    return Step("milestone", label, allowed, name=name)


def bookkeeping(
    open_statuses: frozenset[str], awaiting: frozenset[str], every: frozenset[str]
) -> tuple[Step, ...]:
    """The steps every process has: a Panel meeting that considers an open proposal,
    scheduling while it is open or its implementation is awaited, and correcting,
    retracting and citing a further source always."""
    return (
        milestone("panel_meeting", "Panel meeting", open_statuses),
        Step("scheduled", "scheduled", open_statuses | awaiting),
        Step("corrected", "correction", every),
        Step("retracted", "retraction", every),
        Step("cited", "citation of a further source", every),
    )
