"""A version of a code: when it came into effect, what it implements and amends."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from ledger.domain import events as ev
from ledger.domain import ids
from ledger.domain.aggregate import LedgerAggregate, one_of, required
from ledger.domain.corrections import as_corrected, is_retracted, standing
from ledger.domain.errors import InvalidInput, NotFound
from ledger.domain.facts import basis_problem, corrected_copy, subject_of
from ledger.domain.process import VERSION_BASES
from ledger.domain.processes import key_of, process_for


def version_key(code: str, number: str) -> str:
    process_for(code).check_version_number(number)
    return ids.version_key(code, number)


class CodeVersion(LedgerAggregate):
    events: list[ev.VersionEvent]

    @property
    def effective(self) -> ev.VersionEffective:
        """The version's effective event as recorded (before any correction)."""
        return next(e for e in self.events if isinstance(e, ev.VersionEffective))

    @property
    def standing(self) -> ev.VersionEffective | None:
        """The effective event as corrected, or None if it was retracted."""
        found = [e for e in standing(self.events) if isinstance(e, ev.VersionEffective)]
        return found[0] if found else None

    def correct(
        self, *, corrects: UUID, changes: dict[str, Any], reason: str, **common: Any
    ) -> None:
        target = self._target(corrects)
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
        self._target(retracts)
        self._append(
            self._new_event(
                ev.VersionRetracted, retracts=retracts, reason=required("reason", reason), **common
            )
        )

    def _target(self, event_id: UUID) -> ev.VersionEffective:
        effective = self.effective
        subject = subject_of(effective)
        if effective.event_id != event_id:
            other = next((e for e in self.events if e.event_id == event_id), None)
            if isinstance(other, ev.VersionCorrected):
                raise InvalidInput(
                    f"{subject}: event {event_id} is a correction; "
                    f"correct event {effective.event_id} again instead"
                )
            if isinstance(other, ev.VersionRetracted):
                raise InvalidInput(f"{subject}: event {event_id} is a retraction; it stands")
            raise NotFound(f"{subject}: no version event {event_id} to correct or retract")
        if is_retracted(event_id, self.events):
            raise InvalidInput(f"{subject}: already retracted")
        return effective

    @classmethod
    def come_into_effect(
        cls,
        code: str,
        number: str,
        *,
        implements: Sequence[str] = (),
        amends: Sequence[str] = (),
        basis: str = "modification",
        release: str | None = None,
        **common: Any,
    ) -> CodeVersion:
        process_for(code)
        one_of("basis", basis, VERSION_BASES)
        problem = basis_problem(basis, list(implements))
        if problem:
            raise InvalidInput(f"{code} {number}: {problem}")
        for proposal_id in implements:
            key_of(code, proposal_id)
        version = cls(version_key(code, number))
        version._append(
            version._new_event(
                ev.VersionEffective,
                code=code,
                number=number,
                implements=list(dict.fromkeys(implements)),
                amends=[a.strip() for a in amends if a.strip()],
                basis=basis,
                release=release or None,
                **common,
            )
        )
        return version
