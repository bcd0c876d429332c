"""The recording use cases, each one event through the ledger's application, as the
recording commands record them; a step the process does not allow is refused with
`ProcessViolation` or `InvalidInput`, and nothing is written.

Every step takes `on` (when it happened: a `datetime.date`, `YYYY-MM-DD`, or `YYYY-MM`
when a source gives only the month), `code` (default SEC), `source`, `note` and
`strict` (refuse a step whose earlier steps are not recorded). Each returns True if it
recorded the event, False if the ledger already held it."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import suppress
from os import PathLike
from pathlib import Path
from typing import Any, TypedDict, Unpack
from uuid import uuid4

from govledger.connection import Connection
from govledger.times import Day, text
from ledger.domain.errors import InvalidInput
from ledger.domain.text import InvalidText


class Envelope(TypedDict, total=False):
    """What every step takes besides `on`."""

    code: str
    source: str | None
    note: str | None
    title_as_given: str | None
    strict: bool


def refuse_unknown(kind: str, fields: dict[str, Any]) -> None:
    """A keyword no event of `kind` has (a misspelt `source=`) is refused, never dropped."""
    from ledger.commands import COMMANDS, COMMON, RELEASE_COMMANDS, VERSION_FACTS

    command = COMMANDS.get(kind) or RELEASE_COMMANDS.get(kind)
    facts = command.facts if command else VERSION_FACTS
    unknown = sorted(set(fields) - {*COMMON, *facts, "code", "strict"})
    if unknown:
        raise TypeError(f"unexpected keyword argument {unknown[0]!r} for {kind.replace('_', ' ')}")


class Recording(Connection):
    def record(self, kind: str, subject: str, who: str = "", /, **fields: Any) -> bool:
        """Record one event of `kind` (a step of `govledger process`, a version's or a
        release's), a refusal naming `who` (default: the subject) first."""
        refuse_unknown(kind, fields)
        code = fields.pop("code", "SEC")
        fields["on"] = text(fields["on"])
        who = who or subject
        try:
            recorded = self.app.record(kind, code, subject, actor=self.actor, **fields)
        except InvalidInput as error:
            if isinstance(error, InvalidText) or str(error).startswith((f"{who}:", f"{code}:")):
                raise
            raise InvalidInput(f"{who}: cannot record {kind.replace('_', ' ')}: {error}") from None
        self._keep_tables()
        return recorded

    def import_events(self, path: str | PathLike[str]) -> tuple[int, int]:
        """Record every event of a JSON Lines file (as `events` writes them), all or
        nothing; returns how many were recorded and how many the ledger already held."""
        from itertools import chain

        from ledger.interchange.lines import iter_lines

        with Path(path).open("rb") as file:
            lines = iter_lines(file)
            first = next(lines, None)
            if first is None:
                raise InvalidInput(f"{path}: no events in the file")
            found = self.app.import_lines(chain([first], lines), self.actor)
        self._keep_tables()
        return found

    def _keep_tables(self) -> None:
        """The projection tables brought up to what was just recorded, where this role
        keeps them (else the next read, or `govledger project`, does)."""
        from eventsourcing.persistence import PersistenceError

        from projections.projector.keeper import keep_up

        with suppress(PersistenceError):
            keep_up(self.app)

    def submit(
        self,
        proposal_id: str,
        *,
        on: Day,
        title: str | None = None,
        proposer: str | None = None,
        alternative_of: str | None = None,
        path: str | None = None,
        **envelope: Unpack[Envelope],
    ) -> bool:
        """A new Modification Proposal submitted by a party."""
        return self.record(
            "submitted",
            proposal_id,
            on=on,
            title=title,
            proposer=proposer,
            alternative_of=alternative_of,
            path=path,
            **envelope,
        )

    def baseline(
        self,
        proposal_id: str,
        *,
        on: Day,
        title: str | None = None,
        proposer: str | None = None,
        path: str | None = None,
        status: str | None = None,
        **envelope: Unpack[Envelope],
    ) -> bool:
        """A proposal brought in from an existing register, with what it reported."""
        return self.record(
            "baselined",
            proposal_id,
            on=on,
            title=title,
            proposer=proposer,
            path=path,
            status=status,
            **envelope,
        )

    def imr(
        self,
        proposal_id: str,
        *,
        on: Day,
        outcome: str,
        path: str | None = None,
        route: str | None = None,
        variant: str | None = None,
        referred_to: str | None = None,
        clause: str | None = None,
        **envelope: Unpack[Envelope],
    ) -> bool:
        """The Panel's consideration of the Initial Modification Report."""
        return self.record(
            "imr_considered",
            proposal_id,
            on=on,
            outcome=outcome,
            path=path,
            route=route,
            variant=variant,
            referred_to=referred_to,
            clause=clause,
            **envelope,
        )

    def convert(
        self,
        proposal_id: str,
        *,
        on: Day,
        to: str,
        route: str | None = None,
        path: str | None = None,
        variant: str | None = None,
        **envelope: Unpack[Envelope],
    ) -> bool:
        """A Draft Proposal converted into a Modification Proposal (`to`: its id from now)."""
        fields = dict(reference=to, route=route, path=path, variant=variant)
        return self.record("converted", proposal_id, on=on, **fields, **envelope)

    def milestone(
        self,
        proposal_id: str,
        *,
        on: Day,
        step: str,
        deadline: Day | None = None,
        outcome: str | None = None,
        **envelope: Unpack[Envelope],
    ) -> bool:
        """A step the code's process names within a stage (a Workgroup Report, ...)."""
        fields = dict(step=step, deadline=text(deadline), outcome=outcome)
        return self.record("milestone", proposal_id, on=on, **fields, **envelope)

    def refinement(self, proposal_id: str, *, on: Day, **envelope: Unpack[Envelope]) -> bool:
        """The proposal entered the Refinement Process."""
        return self.record("refinement_started", proposal_id, on=on, **envelope)

    def consult(
        self,
        proposal_id: str,
        *,
        on: Day,
        deadline: Day | None = None,
        **envelope: Unpack[Envelope],
    ) -> bool:
        """A Modification Report Consultation issued, with its deadline if known."""
        deadline = text(deadline)
        return self.record("consultation_issued", proposal_id, on=on, deadline=deadline, **envelope)

    def close_consultation(
        self, proposal_id: str, *, on: Day, **envelope: Unpack[Envelope]
    ) -> bool:
        """The Modification Report Consultation closed."""
        return self.record("consultation_closed", proposal_id, on=on, **envelope)

    def vote(
        self,
        proposal_id: str,
        *,
        on: Day,
        outcome: str,
        taken_as: str | None = None,
        **envelope: Unpack[Envelope],
    ) -> bool:
        """The Change Board vote (`taken_as`: decision or recommendation, where a source
        says so and the path is not recorded)."""
        fields = dict(outcome=outcome, taken_as=taken_as)
        return self.record("change_board_voted", proposal_id, on=on, **fields, **envelope)

    def decide(
        self,
        proposal_id: str,
        *,
        on: Day,
        outcome: str,
        authority: str,
        **envelope: Unpack[Envelope],
    ) -> bool:
        """The Authority's determination."""
        fields = dict(outcome=outcome, authority=authority)
        return self.record("authority_determined", proposal_id, on=on, **fields, **envelope)

    def withdraw(self, proposal_id: str, *, on: Day, **envelope: Unpack[Envelope]) -> bool:
        """The proposer withdrew the proposal."""
        return self.record("withdrawn", proposal_id, on=on, **envelope)

    def cancel(
        self,
        proposal_id: str,
        *,
        on: Day,
        directed_by: str,
        clause: str | None = None,
        **envelope: Unpack[Envelope],
    ) -> bool:
        """A cancellation by direction."""
        fields = dict(directed_by=directed_by, clause=clause)
        return self.record("cancelled", proposal_id, on=on, **fields, **envelope)

    def suspend(
        self,
        proposal_id: str,
        *,
        on: Day,
        directed_by: str,
        clause: str | None = None,
        **envelope: Unpack[Envelope],
    ) -> bool:
        """A suspension by direction."""
        fields = dict(directed_by=directed_by, clause=clause)
        return self.record("suspended", proposal_id, on=on, **fields, **envelope)

    def resume(self, proposal_id: str, *, on: Day, **envelope: Unpack[Envelope]) -> bool:
        """A suspended proposal resumed where it stopped."""
        return self.record("resumed", proposal_id, on=on, **envelope)

    def schedule(
        self,
        proposal_id: str,
        *,
        on: Day,
        what: str,
        announced: Day | None = None,
        **envelope: Unpack[Envelope],
    ) -> bool:
        """Something scheduled for `on`, announced on `announced` (if a source says)."""
        fields = dict(what=what, announced=text(announced))
        return self.record("scheduled", proposal_id, on=on, **fields, **envelope)

    def implement(
        self,
        proposal_id: str,
        *,
        on: Day,
        version: str | None = None,
        release: str | None = None,
        part: str | None = None,
        last_part: bool | None = None,
        **envelope: Unpack[Envelope],
    ) -> bool:
        """A proposal implemented, whole or in `part`, in a release or on a date."""
        fields = dict(version=version, release=release, part=part, last_part=last_part)
        return self.record("implemented", proposal_id, on=on, **fields, **envelope)

    def version(
        self,
        number: str | None = None,
        *,
        on: Day,
        implements: Iterable[str] = (),
        amends: Iterable[str] = (),
        basis: str | None = None,
        release: str | None = None,
        **envelope: Unpack[Envelope],
    ) -> bool:
        """A version of the code coming into effect on `on` (a direction or designation
        by the Secretary of State may have no number)."""
        code, when = envelope.get("code", "SEC"), text(on)
        who = f"{code} {number}" if number else f"{code} {basis or 'version'} of {when}"
        fields = dict(implements=list(implements), amends=list(amends), basis=basis)
        return self.record(
            "version_effective",
            number or "",
            who,
            on=when,
            release=release,
            event_id=uuid4(),
            **fields,
            **envelope,
        )
