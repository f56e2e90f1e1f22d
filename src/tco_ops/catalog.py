"""What there is to load: a table's columns (describe) and the versions known and present (versions).

Only the standard library and pandas (for describe's table) are imported: the
descriptions come from the published schema/<table>.json, not from the pandera
models that generated it.
"""

from __future__ import annotations

import json
from pathlib import Path

from .errors import DataIntegrityError, DataNotFoundError

# Table Schema type → the pandas dtype load() gives (see dtypes.py)
PANDAS_DTYPES = {"string": "string", "integer": "Int64", "boolean": "boolean", "number": "Float64",
                 "date": "date32[day][pyarrow]"}
COLUMNS = ["column", "type", "pandas_dtype", "required", "unique", "description", "values", "pattern",
           "minimum", "maximum"]


def describe(name: str, version: str | None = None, folder: Path | None = None):
    """Table `name`'s columns as a DataFrame, one row per column (see COLUMNS).

    `values` lists the allowed values of a column with a controlled vocabulary
    (None otherwise). attrs holds the table's title, description, primary_key
    and foreign_keys.
    """
    import pandas as pd

    from . import loader

    src = loader.source(folder, version, table=name)
    loader.check_name(src, name)
    res = next(r for r in src.package.raw["resources"] if r.get("name") == name)
    schema = _schema(src, name, res)
    rows = []
    for field in schema.get("fields", []):
        cons = field.get("constraints") or {}
        rows.append({
            "column": field.get("name"), "type": field.get("type"),
            "pandas_dtype": PANDAS_DTYPES.get(field.get("type")), "required": bool(cons.get("required")),
            "unique": bool(cons.get("unique")), "description": field.get("description"),
            "values": list(cons["enum"]) if "enum" in cons else None, "pattern": cons.get("pattern"),
            "minimum": cons.get("minimum"), "maximum": cons.get("maximum"),
        })
    out = pd.DataFrame(rows, columns=COLUMNS)
    out.attrs.update(table=name, title=res.get("title"), description=res.get("description"),
                     primary_key=list(schema.get("primaryKey") or []),
                     foreign_keys=[{"fields": fk["fields"], "table": fk["reference"].get("resource") or name,
                                    "reference": fk["reference"]["fields"]} for fk in schema.get("foreignKeys", [])])
    return out


def _schema(src, name: str, res: dict) -> dict:
    ref = res.get("schema")
    if isinstance(ref, dict):
        return _checked(ref, src.package.path, src.fix)
    path = src.folder / (ref or f"schema/{name}.json")
    if not path.is_file():
        if src.version:
            raise DataNotFoundError(f"{path} is missing: a download of single tables has no schema files; fetch "
                                    f'the whole release (tco_ops.download("{src.version}")) to describe its tables.')
        raise DataIntegrityError(f"{path} is missing; {src.fix}")
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataIntegrityError(f"{path} is not readable JSON ({exc}); {src.fix}") from None
    return _checked(schema, path, src.fix)


def _checked(schema, path: Path, fix: str) -> dict:
    """A Table Schema describe() can read: an object whose `fields` is a list of objects with a name."""
    fields = schema.get("fields") if isinstance(schema, dict) else None
    if not (isinstance(fields, list) and all(isinstance(f, dict) and isinstance(f.get("name"), str) for f in fields)
            and isinstance(schema.get("primaryKey", []), list) and isinstance(schema.get("foreignKeys", []), list)):
        raise DataIntegrityError(f"{path} is not a valid Table Schema (a JSON object whose `fields` is a list of "
                                 f"objects, each with a `name`); {fix}")
    return schema


def versions() -> list[dict]:
    """Every version this tco-ops knows, oldest first: the releases in its registry and the installed one.

    Each is {"version", "released" (date or None), "installed" (bundled with this
    package), "downloaded" (None, "whole" or "some tables"), "folder" (where
    load(version=...) reads it, or None)}.
    """
    from . import _paths, registry
    from ._version import __version__
    from .fetch import cache_dir

    cache = cache_dir()
    out = []
    for version in dict.fromkeys([*registry.known_versions(), __version__]):
        entry = registry.registry(version) if version in registry.known_versions() else {}
        folder = cache / version
        tables = [t for t in entry.get("tables", {}) if (folder / "dataset" / f"{t}.parquet").is_file()]
        downloaded = None
        if (folder / "datapackage.json").is_file() and tables:
            downloaded = "whole" if len(tables) == len(entry.get("tables", {})) else "some tables"
        installed = version == __version__
        out.append({"version": version, "released": entry.get("date"), "installed": installed,
                    "downloaded": downloaded,
                    "folder": _paths.data_dir() if installed else (folder if downloaded else None)})
    return out
