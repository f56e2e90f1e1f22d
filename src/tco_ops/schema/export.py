"""Generate the Arrow schema and the Frictionless Table Schema from a pandera model.

pandera has no Table Schema export, so this is the small converter: each
column's dtype, nullability, uniqueness and checks become a type and
constraints. A check we cannot translate is an error, not a silent omission.
"""

from __future__ import annotations

import pyarrow as pa

from ._table import TableSpec

# A missing value is only ever the empty string (in CSV); Parquet has real nulls, which frictionless reads
# as missing whatever this says. Pandas spellings ("nan", "None", "<NA>", "NaT") never stand for one.
MISSING_VALUES = [""]

_TYPES = {  # str(pandera dtype) → (Table Schema type, Arrow type)
    "string": ("string", pa.string()),
    "string[pyarrow]": ("string", pa.string()),
    "Int64": ("integer", pa.int64()),
    "boolean": ("boolean", pa.bool_()),
    "Float64": ("number", pa.float64()),
    "date32[day][pyarrow]": ("date", pa.date32()),
}


def _type(spec: TableSpec, column: str) -> tuple[str, pa.DataType]:
    dtype = str(spec.schema.columns[column].dtype)
    try:
        return _TYPES[dtype]
    except KeyError:
        raise TypeError(f"{spec.name}.{column}: no Table Schema type for dtype {dtype!r}; add it to _TYPES") from None


def arrow_schema(spec: TableSpec) -> pa.Schema:
    """The published Arrow schema, self-describing once written (render.py stores it in the Parquet file).

    Each field carries its description (and title) as field metadata; the schema
    carries the table's title and description, and pandas metadata naming the
    nullable dtypes load() gives, so plain `pandas.read_parquet(path)` returns
    the same dtypes as tco_ops.load().
    """
    cols = spec.schema.columns
    fields = []
    for name, col in cols.items():
        meta = {"description": col.description or ""}
        if col.title:
            meta["title"] = col.title
        fields.append(pa.field(name, _type(spec, name)[1], nullable=col.nullable, metadata=meta))
    bare = pa.schema(fields)
    return bare.with_metadata({"title": spec.title, "description": spec.description,
                               "pandas": _pandas_metadata(bare)})


def _pandas_metadata(schema: pa.Schema) -> bytes:
    """pyarrow's own pandas metadata for an empty frame with the loader's dtypes (dtypes.py)."""
    import pandas as pd

    from ..dtypes import pandas_type

    empty = pd.DataFrame({f.name: pd.Series([], dtype=pandas_type(f.type)) for f in schema})
    return pa.Schema.from_pandas(empty, preserve_index=False).metadata[b"pandas"]


def _pattern(regex: str) -> str:
    # Table Schema patterns are implicitly anchored (frictionless wraps them in ^…$).
    return regex.removeprefix("^").removesuffix("$")


def constraints(spec: TableSpec, column: str) -> dict:
    col = spec.schema.columns[column]
    out: dict = {}
    if not col.nullable:
        out["required"] = True
    if col.unique or spec.primary_key == (column,):
        out["unique"] = True
    for check in col.checks:
        stats = check.statistics
        if check.name == "str_matches":
            out["pattern"] = _pattern(stats["pattern"])
        elif check.name == "isin":
            out["enum"] = list(stats["allowed_values"])
        elif check.name == "greater_than_or_equal_to":
            out["minimum"] = stats["min_value"]
        elif check.name == "less_than_or_equal_to":
            out["maximum"] = stats["max_value"]
        elif check.name == "in_range":
            out["minimum"], out["maximum"] = stats["min_value"], stats["max_value"]
        else:
            raise TypeError(f"{spec.name}.{column}: cannot export check {check.name!r} to Table Schema")
    return out


TABLE_SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"  # Table Schema v2
# Words a generated title writes in capitals (Data Package v2 field titles, datasette column headers).
_UPPER = {"id": "id", "iso": "ISO", "url": "URL", "sha256": "SHA-256", "n": "number of", "pk": "PK"}


def field_title(name: str) -> str:
    """A readable title for a column that has none of its own: 'arrested_best' → 'Arrested best'."""
    words = [_UPPER.get(w, w) for w in name.split("_")]
    text = " ".join(words)
    return text[0].upper() + text[1:]


def table_schema(spec: TableSpec) -> dict:
    fields = []
    for name, col in spec.schema.columns.items():
        field = {"name": name, "type": _type(spec, name)[0], "title": col.title or field_title(name)}
        field["description"] = col.description or ""
        if cons := constraints(spec, name):
            field["constraints"] = cons
            if "enum" in cons:  # v2: a categorical column lists its categories
                field["categories"] = list(cons["enum"])
        fields.append(field)
    schema = {
        "$schema": TABLE_SCHEMA_PROFILE,
        "fields": fields,
        "primaryKey": list(spec.primary_key),
        "missingValues": MISSING_VALUES,
    }
    if spec.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": list(fk.fields),
             # v2: a reference to the table itself names no resource
             "reference": ({} if fk.table == spec.name else {"resource": fk.table}) | {"fields": list(fk.reference)}}
            for fk in spec.foreign_keys
        ]
    return schema
