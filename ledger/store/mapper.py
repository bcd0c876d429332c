"""How events are stored: pydantic models to JSON with orjson, and back.

A stored row names its event's type by topic. Only govledger's own event
classes are ever looked up from a stored topic: the table below is built from
the domain's list of event kinds, and nothing read from storage is resolved
to any other Python object, so a row cannot make a read run code.
"""

from __future__ import annotations

from typing import Any

import orjson
from eventsourcing.persistence import Mapper, StoredEvent, Transcoder, Transcoding

from ledger.domain.errors import LedgerError, first_line
from ledger.domain.events import EVENT_KINDS, LedgerEvent


def topic_of(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


TOPICS: dict[str, type[LedgerEvent]] = {topic_of(cls): cls for cls in EVENT_KINDS.values()}


class UntrustedEvent(LedgerError):
    """A stored event that a read refuses to use: not govledger's, or not as linked."""


def event_class(topic: str, originator_id: Any, originator_version: int) -> type[LedgerEvent]:
    """The govledger event class a stored topic names; refused for anything else."""
    cls = TOPICS.get(topic)
    if cls is None:
        raise UntrustedEvent(
            f"the stored event {originator_id} v{originator_version} names the type "
            f"{topic[:80]!r}, which is not a govledger event: refused to read it "
            "(govledger verify explains)"
        )
    return cls


class PydanticMapper(Mapper[str]):
    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        state = self.transcoder.encode(domain_event.model_dump(mode="json"))
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            topic=topic_of(type(domain_event)),
            state=state,
        )

    def to_domain_event(self, stored: StoredEvent) -> Any:
        cls = event_class(stored.topic, stored.originator_id, stored.originator_version)
        try:
            return cls(**self.transcoder.decode(stored.state))
        except (ValueError, TypeError) as error:  # not JSON, not an object, not this model
            reason = first_line(error)[:120]
            raise UntrustedEvent(
                f"the stored event {stored.originator_id} v{stored.originator_version} "
                f"cannot be read as {cls.__name__}: {reason}"
            ) from None


def read_event(originator_id: str, version: int, topic: str, state: bytes) -> LedgerEvent:
    """One stored event, read and validated as its model."""
    mapper = PydanticMapper(transcoder=OrjsonTranscoder())
    event: LedgerEvent = mapper.to_domain_event(StoredEvent(originator_id, version, topic, state))
    return event


class OrjsonTranscoder(Transcoder):
    def encode(self, obj: Any) -> bytes:
        return orjson.dumps(obj)

    def decode(self, data: bytes) -> Any:
        return orjson.loads(data)

    def register(self, transcoding: Transcoding) -> None:
        raise NotImplementedError("events are pydantic models; no transcodings")
