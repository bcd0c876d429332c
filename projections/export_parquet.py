"""A table as Parquet, each column of its kind's Arrow type (the `parquet` extra, pyarrow,
imported here only)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from projections.export_schema import Column, Kind


def arrow_type(kind: Kind) -> Any:
    import pyarrow as pa

    types = {
        Kind.DATE: pa.date32(),
        Kind.RECORDED_DATE: pa.date32(),
        Kind.TIMESTAMP: pa.timestamp("us", tz="UTC"),
        Kind.INTEGER: pa.int64(),
        Kind.BOOLEAN: pa.bool_(),
    }
    return types.get(kind, pa.string())


def to_parquet(columns: Sequence[Column], rows: Sequence[tuple[Any, ...]]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            pa.field(c.name, arrow_type(c.kind), metadata={"description": c.description})
            if c.description
            else pa.field(c.name, arrow_type(c.kind))
            for c in columns
        ]
    )
    data = pa.Table.from_arrays(
        [pa.array([row[i] for row in rows], type=f.type) for i, f in enumerate(schema)],
        schema=schema,
    )
    sink = io.BytesIO()
    pq.write_table(data, sink)
    return sink.getvalue()
