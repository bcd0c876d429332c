"""A version of a code: when it came into effect, what it implements and amends."""

from __future__ import annotations

from typing import Any

from ledger.domain import events as ev
from ledger.domain.aggregate import LedgerAggregate, one_of
from ledger.domain.errors import InvalidInput
from ledger.domain.process import process_for

BASES = ("modification", "designation", "direction")


def version_key(code: str, number: str) -> str:
    process_for(code).check_version_number(number)
    return f"version:{code}:{number}"


class CodeVersion(LedgerAggregate):
    events: list[ev.VersionEvent]

    @property
    def effective(self) -> ev.VersionEffective:
        return next(e for e in self.events if isinstance(e, ev.VersionEffective))

    @classmethod
    def come_into_effect(
        cls,
        code: str,
        number: str,
        *,
        implements: list[str],
        amends: list[str],
        basis: str = "modification",
        **common: Any,
    ) -> CodeVersion:
        process = process_for(code)
        one_of("basis", basis, BASES)
        if basis == "modification" and not implements:
            raise InvalidInput(
                f"{code} {number}: a version made by modification names the "
                "proposals it implements (--implements), or say --basis designation"
            )
        if basis != "modification" and implements:
            raise InvalidInput(f"{code} {number}: a version by {basis} implements no proposal")
        for proposal_id in implements:
            process.check_proposal_id(proposal_id)
        version = cls(version_key(code, number))
        version._append(
            version._new_event(
                ev.VersionEffective,
                code=code,
                number=number,
                implements=list(dict.fromkeys(implements)),
                amends=[a.strip() for a in amends if a.strip()],
                basis=basis,
                **common,
            )
        )
        return version
