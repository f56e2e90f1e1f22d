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
    columns = {name: [r.get(name) for r in rows] for name in schema.names}
    return pa.Table.from_pydict(columns, schema=schema)


def to_pandas(table: pa.Table) -> pd.DataFrame:
    """The loader's conversion: nullable pandas dtypes, dates kept as dates."""
    return table.to_pandas(types_mapper=pandas_type, ignore_metadata=True)


_MAPPING = None


def pandas_type(arrow_type: pa.DataType):
    global _MAPPING
    if _MAPPING is None:
        _MAPPING = {pa.string(): pd.StringDtype(), pa.large_string(): pd.StringDtype(),
                    pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype(),
                    pa.float64(): pd.Float64Dtype(), pa.date32(): pd.ArrowDtype(pa.date32())}
    return _MAPPING.get(arrow_type)
