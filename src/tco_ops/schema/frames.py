"""Rows → DataFrames with exactly the published dtypes and row order."""

from __future__ import annotations

import pyarrow as pa

from ..dtypes import pandas_type, to_pandas  # noqa: F401  (re-exported: the build converts as load() does)

from ._table import TableSpec
from .export import arrow_schema


def to_arrow(spec: TableSpec, rows: list[dict]) -> pa.Table:
    """An Arrow table in the published schema, sorted by primary key."""
    schema = arrow_schema(spec)
    key = spec.primary_key
    rows = sorted(rows, key=lambda r: tuple("" if r.get(k) is None else str(r[k]) for k in key))
    return pa.Table.from_pylist(rows, schema=schema)
