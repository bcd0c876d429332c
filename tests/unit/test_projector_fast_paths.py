"""The projector's shortcuts give what the plain calls they stand for give."""

from __future__ import annotations

import gc
from uuid import UUID

from hypothesis import given
from hypothesis import strategies as st

from ledger.collector import collector_paused
from projections.projector.decode import uuid_of
from projections.projector.rows import identity
from projections.tables.schema import BITEMPORAL

cells = st.one_of(st.none(), st.text(max_size=5))
rows = st.sampled_from(BITEMPORAL).flatmap(
    lambda table: st.tuples(st.just(table), st.tuples(*[cells] * len(table.columns)))
)


@given(rows)
def test_a_rows_identity_is_the_tables_own(table_and_row) -> None:
    table, row = table_and_row
    assert identity(table, row) == table.identity(row)


@given(st.uuids(), st.sampled_from(["{}", "urn:uuid:{}", "{{{}}}"]), st.booleans())
def test_an_event_id_read_back_is_the_uuid_it_spells(uuid: UUID, form: str, dashes: bool) -> None:
    text = form.format(str(uuid) if dashes else uuid.hex)
    read = uuid_of(text)
    assert (read, read.int, read.is_safe, str(read)) == (uuid, uuid.int, uuid.is_safe, str(uuid))


def test_the_cycle_collector_runs_again_once_the_last_of_two_overlapping_projectors_is_done() -> (
    None
):
    was = gc.isenabled()
    gc.enable()
    first, second = collector_paused(), collector_paused()
    try:
        first.__enter__()
        second.__enter__()
        first.__exit__(None, None, None)
        assert not gc.isenabled()
        second.__exit__(None, None, None)
        assert gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
