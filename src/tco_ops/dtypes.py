"""Arrow tables → pandas DataFrames with the published nullable dtypes.

The loader's only conversion. It imports pandas, pyarrow and numpy and nothing
that validates (no pandera, no tco_ops.schema): loading data never pays for the
code that checks it at build time. schema/export.py maps the pandera models to
the same Arrow types, and tests/test_package.py checks that load() gives each
model's dtypes.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

_MAPPING = {pa.string(): pd.StringDtype(), pa.large_string(): pd.StringDtype(),
            pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype(),
            pa.float64(): pd.Float64Dtype(), pa.date32(): pd.ArrowDtype(pa.date32())}


def pandas_type(arrow_type: pa.DataType):
    """The pandas dtype load() gives a column of `arrow_type`, or None for a type never published."""
    return _MAPPING.get(arrow_type)


def to_pandas(table: pa.Table) -> pd.DataFrame:
    """The loader's conversion: nullable pandas dtypes, dates kept as dates, a RangeIndex.

    Column by column, reading Int64 columns straight from their Arrow buffers: on
    our wide tables this is faster than Table.to_pandas(types_mapper=...), which
    is about 1.6x slower (benchmarks/bench_load.py). The DataFrame is built with
    the public constructor and copy=False: pandas' private _from_arrays saved
    nothing measurable (3.0 vs 3.1 ms on operations).
    """
    arrays = {}
    for name, column in zip(table.column_names, table.columns):
        dtype = pandas_type(column.type)
        if dtype is None:
            raise TypeError(f"column {name!r} has Arrow type {column.type}, which the published schema never uses")
        arrays[name] = _int64(column) if column.type == pa.int64() else dtype.__from_arrow__(column)
    return pd.DataFrame(arrays, index=pd.RangeIndex(table.num_rows), copy=False)


def _int64(column: pa.ChunkedArray) -> pd.arrays.IntegerArray:
    import numpy as np

    arr = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    n, offset = len(arr), arr.offset
    if n == 0:
        return pd.array([], dtype=pd.Int64Dtype())
    values = np.frombuffer(arr.buffers()[1], dtype=np.int64, count=n + offset)[offset:].copy()
    if arr.null_count:
        bits = np.unpackbits(np.frombuffer(arr.buffers()[0], dtype=np.uint8), bitorder="little")
        mask = bits[offset:offset + n] == 0
        values[mask] = 0
    else:
        mask = np.zeros(n, dtype=bool)
    return pd.arrays.IntegerArray(values, mask)
