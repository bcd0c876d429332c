"""`schema`: JSON Schemas of the events and of an interchange line, from the models."""

from __future__ import annotations

import orjson
from click.testing import CliRunner

from cli.main import main
from ledger.domain.events import EVENT_KINDS
from tests.conftest import SEED


def schema(*args: str) -> dict:
    result = CliRunner().invoke(main, ["schema", *args], catch_exceptions=False)
    assert result.exit_code == 0
    return orjson.loads(result.output)


def test_every_event_kind_has_a_schema_naming_its_kind() -> None:
    document = schema("--of", "events")
    kinds = {d["x-govledger-kind"] for d in document["$defs"].values() if "x-govledger-kind" in d}
    assert kinds == set(EVENT_KINDS)
    assert document["$schema"].startswith("https://json-schema.org/")


def test_every_seed_line_fits_the_interchange_schema_of_its_kind() -> None:
    document = schema()
    by_kind = {
        d["properties"]["kind"]["const"]: d
        for d in document["$defs"].values()
        if "kind" in d.get("properties", {})
    }
    for raw in SEED.read_bytes().splitlines():
        line = orjson.loads(raw)
        definition = by_kind[line["kind"]]
        assert set(definition["required"]) <= set(line), line["kind"]
        assert set(line) <= set(definition["properties"]), line["kind"]
        assert definition["additionalProperties"] is False
