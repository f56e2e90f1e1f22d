"""Rows → DataFrames with exactly the published dtypes and row order."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from ._table import TableSpec
from .export import arrow_schema


def to_arrow(spec: TableSpec, rows: list[dict]) -> pa.Table:
    """An Arrow table in the published schema, sorted by primary key."""
    schema = arrow_schema(spec)
    key = spec.primary_key
    rows = sorted(rows, key=lambda r: tuple("" if r.get(k) is None else str(r[k]) for k in key))
    return pa.Table.from_pylist(rows, schema=schema)


def to_pandas(table: pa.Table) -> pd.DataFrame:
    """The loader's conversion: nullable pandas dtypes, dates kept as dates.

    Column by column, reading Int64 columns straight from their Arrow buffers:
    on our wide tables this is faster than Table.to_pandas() itself, where
    types_mapper= is twice as slow (benchmarks/bench_load.py).
    """
    arrays = []
    for name, column in zip(table.column_names, table.columns):
        dtype = pandas_type(column.type)
        if dtype is None:
            raise TypeError(f"column {name!r} has Arrow type {column.type}, which the published schema never uses")
        arrays.append(_int64(column) if column.type == pa.int64() else dtype.__from_arrow__(column))
    index = pd.RangeIndex(table.num_rows)
    try:  # skips re-validating arrays we just built; fall back if pandas drops it
        return pd.DataFrame._from_arrays(arrays, columns=pd.Index(table.column_names), index=index,
                                         verify_integrity=False)
    except (AttributeError, TypeError):  # pragma: no cover
        return pd.DataFrame(dict(zip(table.column_names, arrays)), index=index, copy=False)


def _int64(column: pa.ChunkedArray) -> pd.arrays.IntegerArray:
    import numpy as np

    arr = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    n, offset = len(arr), arr.offset
    values = np.frombuffer(arr.buffers()[1], dtype=np.int64, count=n + offset)[offset:].copy()
    if arr.null_count:
        bits = np.unpackbits(np.frombuffer(arr.buffers()[0], dtype=np.uint8), bitorder="little")
        mask = bits[offset:offset + n] == 0
        values[mask] = 0
    else:
        mask = np.zeros(n, dtype=bool)
    return pd.arrays.IntegerArray(values, mask)


_MAPPING = None


def pandas_type(arrow_type: pa.DataType):
    global _MAPPING
    if _MAPPING is None:
        _MAPPING = {pa.string(): pd.StringDtype(), pa.large_string(): pd.StringDtype(),
                    pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype(),
                    pa.float64(): pd.Float64Dtype(), pa.date32(): pd.ArrowDtype(pa.date32())}
    return _MAPPING.get(arrow_type)
