"""Recording a release's events, as `govledger release plan|scope|move|version|live`
records them: each dated `on`, with `code`, `source` and `note`; the release is found by
its name in any case and spacing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypedDict, Unpack

from govledger.recording import Recording, refuse_unknown
from govledger.times import Day, text
from ledger.domain.errors import InvalidInput
from ledger.domain.text import InvalidText


class ReleaseEnvelope(TypedDict, total=False):
    """What every release event takes besides `on`."""

    code: str
    source: str | None
    note: str | None


class ReleaseRecording(Recording):
    def record_release(self, kind: str, name: str, **fields: Any) -> bool:
        """Record one event of the release `name`, a refusal naming the release first."""
        if not name.strip():
            raise InvalidInput("release is empty: name the release (the November 2019 SEC Release)")
        refuse_unknown(kind, fields)
        code = fields.pop("code", "SEC")
        fields["on"] = text(fields["on"])
        try:
            recorded = self.app.record(kind, code, name, actor=self.actor, **fields)
        except InvalidText:
            raise
        except InvalidInput as error:
            if str(error).startswith(f"{name.strip()}:"):
                raise
            raise InvalidInput(f"{name.strip()}: {error}") from None
        self._keep_tables()
        return recorded

    def release_plan(
        self, name: str, *, on: Day, go_live: Day | None = None, **envelope: Unpack[ReleaseEnvelope]
    ) -> bool:
        """A release announced on `on`, with the go-live date then planned (if known)."""
        return self.record_release(
            "release_planned", name, on=on, go_live=text(go_live), **envelope
        )

    def release_scope(
        self, name: str, proposals: Iterable[str], *, on: Day, **envelope: Unpack[ReleaseEnvelope]
    ) -> bool:
        """The release's scope as baselined on `on`: every proposal in it."""
        return self.record_release(
            "release_scoped", name, on=on, proposals=list(proposals), **envelope
        )

    def release_move(
        self,
        name: str,
        *,
        on: Day,
        to: Day,
        decided_by: str | None = None,
        **envelope: Unpack[ReleaseEnvelope],
    ) -> bool:
        """A decision of `on` that moved the release's go-live to `to`."""
        return self.record_release(
            "release_moved", name, on=on, go_live=text(to), decided_by=decided_by, **envelope
        )

    def release_version(
        self, name: str, number: str, *, on: Day, **envelope: Unpack[ReleaseEnvelope]
    ) -> bool:
        """The version number the release brings, published on `on`."""
        return self.record_release("release_numbered", name, on=on, version=number, **envelope)

    def release_live(self, name: str, *, on: Day, **envelope: Unpack[ReleaseEnvelope]) -> bool:
        """The release went live on `on`."""
        return self.record_release("release_live", name, on=on, **envelope)
