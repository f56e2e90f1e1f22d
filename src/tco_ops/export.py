"""`tco-ops export`: the tables as a SQLite database or as CSV files with a CSV data package."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sqlite3
import tempfile
from pathlib import Path

from . import _paths
from .errors import TcoOpsError

FORMATS = ("sqlite", "csv")
_SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "date": "TEXT"}


def _tables(folder: Path) -> dict:
    """{name: (table schema dict, list of row dicts)} from the published Parquet files."""
    import pyarrow.parquet as pq

    pkg = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    out = {}
    for res in pkg["resources"]:
        schema = json.loads((folder / res["schema"]).read_text(encoding="utf-8"))
        out[res["name"]] = (res, schema, pq.read_table(folder / res["path"]).to_pylist())
    return out


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def create_table_sql(name: str, schema: dict) -> str:
    cols = []
    for f in schema["fields"]:
        col = f"{_q(f['name'])} {_SQL_TYPES[f['type']]}"
        if f.get("constraints", {}).get("required"):
            col += " NOT NULL"
        if f["type"] == "boolean":
            col += f" CHECK ({_q(f['name'])} IN (0, 1))"
        cols.append(col)
    cols.append(f"PRIMARY KEY ({', '.join(map(_q, schema['primaryKey']))})")
    for fk in schema.get("foreignKeys", []):
        target = fk["reference"]["resource"] or name
        cols.append(f"FOREIGN KEY ({', '.join(map(_q, fk['fields']))}) "
                    f"REFERENCES {_q(target)} ({', '.join(map(_q, fk['reference']['fields']))})")
    return f"CREATE TABLE {_q(name)} (\n  " + ",\n  ".join(cols) + "\n)"


def to_sqlite(dest: Path, folder: Path | None = None) -> Path:
    tables = _tables(folder or _paths.data_dir())
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, suffix=".db.tmp")
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        with con:
            for name, (res, schema, rows) in tables.items():
                con.execute(create_table_sql(name, schema))
                names = [f["name"] for f in schema["fields"]]
                con.executemany(f"INSERT INTO {_q(name)} VALUES ({', '.join('?' * len(names))})",
                                ([_sql_value(r[n]) for n in names] for r in rows))
        bad = con.execute("PRAGMA foreign_key_check").fetchall()
        con.close()
        if bad:
            raise TcoOpsError(f"foreign key check failed in the export: {bad[:5]}; rebuild the dataset")
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return dest


def _sql_value(v):
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


def _csv_value(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


def to_csv(dest: Path, folder: Path | None = None) -> Path:
    """One CSV per table plus a datapackage.json (schemas inline) that frictionless validates."""
    folder = folder or _paths.data_dir()
    tables = _tables(folder)
    pkg = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    dest.mkdir(parents=True, exist_ok=True)
    resources = []
    for name, (res, schema, rows) in tables.items():
        names = [f["name"] for f in schema["fields"]]
        path = dest / f"{name}.csv"
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(names)
            writer.writerows([_csv_value(r[n]) for n in names] for r in rows)
        resources.append({k: v for k, v in res.items() if k not in ("path", "format", "mediatype", "hash", "schema")}
                         | {"path": f"{name}.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                            # declared, so no reader has to guess it from the data
                            "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
                            "schema": schema})
    out = {k: v for k, v in pkg.items() if k != "resources"} | {"resources": resources}
    (dest / "datapackage.json").write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return dest


def export(fmt: str, dest: Path, folder: Path | None = None) -> Path:
    if fmt == "sqlite":
        return to_sqlite(dest, folder)
    if fmt == "csv":
        return to_csv(dest, folder)
    raise TcoOpsError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
