"""The shortest prefix that names one id among many, as git abbreviates commits."""

from __future__ import annotations

from uuid import UUID

from hypothesis import given
from hypothesis import strategies as st

from ledger.store.event_ids import shortest_unique

ids = st.lists(st.uuids(version=4).map(str), min_size=1, max_size=60, unique=True)


@given(ids, st.data())
def test_every_shown_prefix_starts_its_own_id_and_no_other(every: list[str], data) -> None:  # type: ignore[no-untyped-def]
    # ids that share long prefixes, as well as random ones
    every = sorted({*every, *(e[:20] + "0" * 4 + e[24:] for e in every[:3])})
    wanted = set(data.draw(st.lists(st.sampled_from(every), unique=True)))
    shown = shortest_unique(every, wanted)
    assert set(shown) == wanted
    for event_id, prefix in shown.items():
        assert event_id.startswith(prefix) and len(prefix) >= 8
        assert [e for e in every if e.startswith(prefix)] == [event_id]
        if len(prefix) > 8:  # no shorter prefix would do
            assert len([e for e in every if e.startswith(prefix[:-1])]) > 1


def test_ids_differing_only_late_are_shown_up_to_the_first_difference() -> None:
    a, b = str(UUID(int=1)), str(UUID(int=2))
    assert shortest_unique(sorted([a, b]), {a, b}) == {a: a, b: b}
