"""Stored events back into event objects, without validating them a second time.

Every stored event was validated when it was recorded and stored as that
model's JSON, so reading it back needs only its two typed fields parsed
(`timestamp`, `event_id` and any other UUID) and missing fields given their
defaults. A class with any other kind of field, or a stored event that lacks
a required field, goes through the mapper's full validation instead.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from sys import intern
from typing import Any
from uuid import UUID, SafeUUID

from eventsourcing.persistence import Mapper, StoredEvent
from pydantic import BaseModel

Convert = Callable[[Any], Any] | None

_set = object.__setattr__


def uuid_of(text: str) -> UUID:
    """`UUID(text)`, built straight from its hex digits when they are all there is."""
    digits = text.replace("-", "")
    if len(digits) != 32:
        return UUID(text)
    found = object.__new__(UUID)
    _set(found, "int", int(digits, 16))
    _set(found, "is_safe", SafeUUID.unknown)
    return found


SHORT = 40  # the longest text shared between events: an aggregate's id, a date, an actor
TEXT = (str, str | None)
PLAIN = {str, int, bool, str | None, int | None, bool | None, list[str], dict[str, Any]}
CONVERSIONS: dict[Any, Convert] = {
    UUID: uuid_of,
    datetime: datetime.fromisoformat,
    **dict.fromkeys(PLAIN),
}


class Plan:
    """How one event class is built from its stored JSON."""

    def __init__(self, cls: type[BaseModel]) -> None:
        self.cls = cls
        self.names = frozenset(cls.model_fields)
        self.convert: list[tuple[str, Callable[[Any], Any]]] = []
        for name, info in cls.model_fields.items():
            convert = CONVERSIONS[info.annotation]
            if convert is not None:
                self.convert.append((name, convert))
        self.defaults = {
            name: info for name, info in cls.model_fields.items() if not info.is_required()
        }
        self.required = self.names - self.defaults.keys()
        self.texts = tuple(n for n, i in cls.model_fields.items() if i.annotation in TEXT)
        self.sets: dict[frozenset[str], set[str]] = {}

    def fields_set(self, data: dict[str, Any]) -> set[str]:
        """The names `data` gives, one set shared by every event that gives the same: the
        models are frozen, and pydantic copies the set before it changes a copy's."""
        names = frozenset(data)
        found = self.sets.get(names)
        if found is None:
            found = self.sets[names] = set(names)
        return found

    def build(self, data: dict[str, Any]) -> BaseModel | None:
        """The event, or None when `data` needs the full validation."""
        if data.keys() != self.names:
            if not self.required <= data.keys():
                return None
            data = {k: v for k, v in data.items() if k in self.names}
            fields_set = self.fields_set(data)
            for name, info in self.defaults.items():
                if name not in data:
                    data[name] = info.get_default(call_default_factory=True)
        else:
            fields_set = self.fields_set(data)
        for name in self.texts:
            value = data[name]
            if value is not None and len(value) <= SHORT:
                data[name] = intern(value)  # ids, dates, actors: held once however often
        for name, convert in self.convert:
            data[name] = convert(data[name])
        event = self.cls.__new__(self.cls)
        _set(event, "__dict__", data)
        _set(event, "__pydantic_fields_set__", fields_set)
        _set(event, "__pydantic_extra__", None)
        _set(event, "__pydantic_private__", None)
        return event


class Decoder:
    """Turns stored events (or notifications) into the mapper's events, faster."""

    def __init__(self, mapper: Mapper[Any]) -> None:
        self.mapper = mapper
        self.plans: dict[str, Plan | None] = {}

    def __call__(self, stored: StoredEvent) -> Any:
        plan = self.plans.get(stored.topic, self)
        if plan is self:
            plan = self.plans[stored.topic] = plan_for(stored.topic)
        if plan is not None:
            try:
                data = self.mapper.transcoder.decode(stored.state)  # type: ignore[union-attr]
            except ValueError:
                data = None  # the mapper says in one line why it cannot be read
            event = plan.build(data) if isinstance(data, dict) else None  # type: ignore[union-attr]
            if event is not None:
                return event
        return self.mapper.to_domain_event(stored)


def plan_for(topic: str) -> Plan | None:
    from ledger.store.mapper import TOPICS

    cls = TOPICS.get(topic)
    if cls is None:
        return None  # the mapper refuses it, naming the event
    if cls.model_config.get("extra") == "allow" or cls.__pydantic_post_init__:
        return None
    if any(info.annotation not in CONVERSIONS for info in cls.model_fields.values()):
        return None
    if any(info.default_factory is not None for info in cls.model_fields.values()):
        return None
    return Plan(cls)
