"""How events are stored: pydantic models to JSON with orjson, and back."""

from __future__ import annotations

from typing import Any

import orjson
from eventsourcing.persistence import Mapper, StoredEvent, Transcoder, Transcoding
from eventsourcing.utils import get_topic, resolve_topic


class PydanticMapper(Mapper[str]):
    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        state = self.transcoder.encode(domain_event.model_dump(mode="json"))
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            topic=get_topic(type(domain_event)),
            state=state,
        )

    def to_domain_event(self, stored: StoredEvent) -> Any:
        event_class = resolve_topic(stored.topic)
        return event_class(**self.transcoder.decode(stored.state))


class OrjsonTranscoder(Transcoder):
    def encode(self, obj: Any) -> bytes:
        return orjson.dumps(obj)

    def decode(self, data: bytes) -> Any:
        return orjson.loads(data)

    def register(self, transcoding: Transcoding) -> None:
        raise NotImplementedError("events are pydantic models; no transcodings")
