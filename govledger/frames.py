"""Rows as a pandas DataFrame, for a notebook (pandas is an optional extra)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def frame(rows: Sequence[dict[str, Any]] | dict[str, Any] | None) -> Any:
    """A DataFrame of `rows`, one row each, the columns in the order the rows give them
    (a single row, such as `ledger.proposal(...)`, makes a frame of one row). Each cell
    holds the value as the row gives it: None where no source gave a fact, never NaN
    (`.convert_dtypes()` gives pandas' own types)."""
    try:
        import pandas
    except ImportError:
        raise ImportError("govledger.frame needs pandas: pip install 'govledger[pandas]'") from None
    if rows is None:
        rows = []
    elif isinstance(rows, dict):
        rows = [rows]
    columns = list(dict.fromkeys(name for row in rows for name in row))
    return pandas.DataFrame(list(rows), columns=columns, dtype=object)
