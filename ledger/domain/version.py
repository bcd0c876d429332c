"""A version of a code: when it came into effect, what it implements and amends.

A direction or designation by the Secretary of State may come with no number (it is
filed under its event's id); a version may be known only by its number and date, its
basis and contents not recorded until a correction or a fuller record completes it;
and a retracted number may be recorded again, in the same history.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID, uuid4

from ledger.domain import events as ev
from ledger.domain import ids
from ledger.domain.aggregate import LedgerAggregate, one_of, required
from ledger.domain.corrections import as_corrected, is_retracted, standing
from ledger.domain.errors import InvalidInput, NotFound
from ledger.domain.facts import basis_problem, corrected_copy, subject_of
from ledger.domain.process import UNNUMBERED_BASES, VERSION_BASES
from ledger.domain.processes import key_of, process_for


def version_key(code: str, number: str) -> str:
    """The stored name of a version: its number, or the key of a change with none."""
    if not ids.is_unnumbered(number):
        process_for(code).check_version_number(number)
    return ids.version_key(code, number)


class CodeVersion(LedgerAggregate):
    events: list[ev.VersionEvent]

    @property
    def effective(self) -> ev.VersionEffective:
        """The version's latest effective event as recorded (before any correction)."""
        return [e for e in self.events if isinstance(e, ev.VersionEffective)][-1]

    @property
    def standing(self) -> ev.VersionEffective | None:
        """The effective event as corrected, or None if it was retracted."""
        found = [e for e in standing(self.events) if isinstance(e, ev.VersionEffective)]
        return found[-1] if found else None

    @classmethod
    def come_into_effect(
        cls,
        code: str,
        number: str | None,
        *,
        implements: Sequence[str] = (),
        amends: Sequence[str] = (),
        basis: str | None = None,
        release: str | None = None,
        **common: Any,
    ) -> CodeVersion:
        """A new version (`number` None for a direction or designation that gave none)."""
        common["event_id"] = common.get("event_id") or uuid4()
        key = number or ids.unnumbered(common["event_id"])
        version = cls(version_key(code, key))
        version.record(
            code,
            number,
            implements=implements,
            amends=amends,
            basis=basis,
            release=release,
            **common,
        )
        return version

    def record(
        self,
        code: str,
        number: str | None,
        *,
        implements: Sequence[str] = (),
        amends: Sequence[str] = (),
        basis: str | None = None,
        release: str | None = None,
        **common: Any,
    ) -> None:
        """Its coming into effect: the first record, or a retracted one recorded again."""
        process_for(code)
        implements = list(dict.fromkeys(implements))
        basis = basis or ("modification" if implements else None)
        subject = f"{code} {number}" if number else f"{code} {basis} of {common.get('on')}"
        if basis is not None:
            one_of("basis", basis, VERSION_BASES)
        if number is None and basis not in UNNUMBERED_BASES:
            raise InvalidInput(
                f"{code}: a change with no version number is a direction or a designation "
                "(--basis direction or --basis designation)"
            )
        problem = basis_problem(basis, implements)
        if problem:
            raise InvalidInput(f"{subject}: {problem}")
        for proposal_id in implements:
            key_of(code, proposal_id)
        self._append(
            self._new_event(
                ev.VersionEffective,
                code=code,
                number=number,
                implements=implements,
                amends=[a.strip() for a in amends if a.strip()],
                basis=basis,
                release=release or None,
                **common,
            )
        )

    def correct(
        self, *, corrects: UUID, changes: dict[str, Any], reason: str, **common: Any
    ) -> None:
        target = self.target(corrects)
        implements = changes.get("implements")
        for proposal_id in implements if isinstance(implements, list) else []:
            try:
                key_of(target.code, proposal_id)
            except InvalidInput as error:
                raise InvalidInput(f"{subject_of(target)}: {error}") from None
        corrected_copy(process_for(target.code), as_corrected(target, self.events), changes)
        self._append(
            self._new_event(
                ev.VersionCorrected,
                corrects=corrects,
                changes=dict(changes),
                reason=required("reason", reason),
                **common,
            )
        )

    def retract(self, *, retracts: UUID, reason: str, **common: Any) -> None:
        self.target(retracts)
        self._append(
            self._new_event(
                ev.VersionRetracted, retracts=retracts, reason=required("reason", reason), **common
            )
        )

    def target(self, event_id: UUID) -> ev.VersionEffective:
        """The effective event `event_id` names, if it may be corrected or retracted."""
        effective = self.effective
        subject = subject_of(effective)
        target = next((e for e in self.events if e.event_id == event_id), None)
        if isinstance(target, ev.VersionCorrected):
            raise InvalidInput(
                f"{subject}: event {event_id} is a correction; "
                f"correct event {target.corrects} again instead"
            )
        if isinstance(target, ev.VersionRetracted):
            raise InvalidInput(f"{subject}: event {event_id} is a retraction; it stands")
        if not isinstance(target, ev.VersionEffective):
            raise NotFound(f"{subject}: no version event {event_id} to correct or retract")
        if is_retracted(event_id, self.events):
            raise InvalidInput(f"{subject}: already retracted")
        return target
