"""A key given twice in a line of JSON is always refused, however the line is written."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.domain.errors import InvalidInput
from ledger.interchange.lines import parse_line

KEYS = st.sampled_from(["kind", "proposal", "on", "title", "a:b", "note", "changes", "é"])
TEXT = st.text(alphabet=st.sampled_from('ab:"\\é\n{}'), max_size=6)
SCALARS = st.one_of(TEXT, st.integers(-5, 5), st.none(), st.booleans())


def written(value: object, escape: bool, spaced: bool) -> str:
    """JSON text of `value`, where a list of pairs is an object (keys may repeat)."""
    if isinstance(value, list) and all(isinstance(p, tuple) for p in value):
        colon = " : " if spaced else ":"
        items = [
            f"{written(k, escape, spaced)}{colon}{written(v, escape, spaced)}" for k, v in value
        ]
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list):
        return "[" + ",".join(written(v, escape, spaced) for v in value) + "]"
    return json.dumps(value, ensure_ascii=escape)


objects = st.recursive(
    st.lists(st.tuples(KEYS, SCALARS), max_size=5),
    lambda inner: st.lists(
        st.tuples(KEYS, st.one_of(SCALARS, inner, st.lists(TEXT, max_size=2))), max_size=4
    ),
    max_leaves=10,
)


def repeats(value: object) -> bool:
    if isinstance(value, list) and all(isinstance(p, tuple) for p in value):
        keys = [k for k, _ in value]
        return len(keys) != len(set(keys)) or any(repeats(v) for _, v in value)
    if isinstance(value, list):
        return any(repeats(v) for v in value)
    return False


@settings(max_examples=400, deadline=None)
@given(record=objects, escape=st.booleans(), spaced=st.booleans())
def test_a_repeated_key_is_refused_and_no_other_line_is_refused_for_one(
    record: list[tuple[str, object]], escape: bool, spaced: bool
) -> None:
    raw = written(record, escape, spaced).encode()
    try:
        parse_line(1, raw)
        refusal = ""
    except InvalidInput as error:
        refusal = str(error)
    assert ("is given twice" in refusal) == repeats(record), (raw, refusal)


def test_a_key_repeated_inside_changes_is_named() -> None:
    raw = b'{"kind":"correction","changes":{"on":"2017-01-01","on":"2017-02-01"}}'
    with pytest.raises(InvalidInput) as refused:
        parse_line(1, raw)
    assert str(refused.value) == "the key 'on' is given twice (each field is given once)"
