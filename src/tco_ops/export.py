"""`tco-ops export`: the tables as a SQLite database or as CSV files with a CSV data package.

What export promises, each a test in tests/test_export_safety.py:

- It reads through the loader: refused while a build journal exists (an
  interrupted build's files may be mixed), every Parquet file checked against
  its SHA-256, and a build that publishes while export reads is noticed.
- It never overwrites without force: an existing file, or a non-empty folder, is
  refused unless force=True (--force). With force on a folder, only the files
  export writes (<table>.csv and datapackage.json) are replaced; other files stay.
  The folder the data is read from is never a destination.
- It never follows a symbolic link at the destination or inside it: refused.
- Every file is written to a new temporary file in the destination folder and
  renamed into place: a failed export leaves what was there before. Without
  force the rename cannot clobber a file that appeared meanwhile (a hard link
  refuses an existing name).
- Files get mode 0644: the data is public.
- A path that cannot be used (a folder where a file is expected, a missing or
  read-only parent folder, a name too long, a NUL byte) is an ExportError.
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import json
import os
import stat
import tempfile
from pathlib import Path

from . import _paths
from .errors import DataIntegrityError, ExportError, TcoOpsError

FORMATS = ("sqlite", "csv")
_SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "date": "TEXT"}
_TMP_PREFIX = ".tco-ops-export-"
_MODE = 0o644
_FORCE = "pass --force to replace it (force=True in Python), or choose another name"


# --- reading ------------------------------------------------------------------------------------

def _tables(folder: Path) -> tuple[dict, dict]:
    """(datapackage.json as parsed, {name: (resource, table schema, list of row dicts)}), all checked."""
    from . import loader

    src = loader.source(folder)
    resources = {r["name"]: r for r in src.package.raw["resources"]}
    out = {}
    try:
        for name in src.package.names:
            schema = _schema(folder, name, resources[name], src.fix)
            out[name] = (resources[name], schema, loader.read_arrow(src, name).to_pylist())
    except DataIntegrityError:
        _unchanged(folder, src)  # a build that published meanwhile explains the mismatch better
        raise
    _unchanged(folder, src)
    return src.package.raw, out


def _unchanged(folder: Path, before) -> None:
    from . import loader

    try:
        now = loader.source(folder)
    except TcoOpsError as exc:
        raise ExportError(f"the data in {folder} changed while it was being read ({exc}); nothing was written. "
                          "Run export again once the build has finished.") from None
    if now.package.hashes != before.package.hashes:
        raise ExportError(f"the data in {folder} changed while it was being read (a `tco-ops build` published); "
                          "nothing was written. Run export again.")


def _schema(folder: Path, name: str, res: dict, fix: str) -> dict:
    from . import integrity

    rel = f"schema/{name}.json"
    if res.get("schema") != rel:
        raise DataIntegrityError(f"{folder / 'datapackage.json'} is invalid: the schema of {name} is "
                                 f"{res.get('schema')!r}, expected {rel!r}; {fix}")
    path = folder / rel
    data, _ = integrity.read_bytes(path, fix)
    try:
        schema = json.loads(data.decode("utf-8"))
        fields = schema["fields"]
        ok = (isinstance(fields, list) and isinstance(schema.get("primaryKey"), list)
              and all(isinstance(f, dict) and isinstance(f.get("name"), str) and f.get("type") in _SQL_TYPES
                      for f in fields))
    except (ValueError, KeyError, TypeError):  # bad UTF-8 or JSON, or not an object with fields
        ok = False
    if not ok:
        raise DataIntegrityError(f"{path} is not a valid Table Schema (JSON with `fields`, each with a name and "
                                 f"one of the types {', '.join(_SQL_TYPES)}, and `primaryKey`); {fix}")
    return schema


# --- the destination ----------------------------------------------------------------------------

def _why(exc: BaseException) -> str:
    if isinstance(exc, ValueError):
        return "it contains a NUL byte" if "null" in str(exc).lower() else str(exc)
    code = getattr(exc, "errno", None)
    if code == errno.ENAMETOOLONG:
        return "the name is too long for the file system"
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied (a read-only folder or disk?); choose a folder you can write to"
    if code == errno.ENOSPC:
        return "the disk is full; free some space or choose another disk"
    if code == errno.ENOTDIR:
        return "part of the path is a file, not a folder"
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _lstat(path: Path) -> os.stat_result | None:
    """lstat(path), None if nothing is there; ExportError for a path that cannot be used."""
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise ExportError(f"cannot export to {str(path)!r}: {_why(exc)}.") from None


def _kind(st: os.stat_result) -> str:
    if stat.S_ISLNK(st.st_mode):
        return "a symbolic link"
    if stat.S_ISDIR(st.st_mode):
        return "a folder"
    return "a file" if stat.S_ISREG(st.st_mode) else "a special file (pipe, device or socket)"


def _parent(path: Path) -> Path:
    """The folder `path` goes in, which must exist: export does not create folder trees."""
    parent = path.parent
    st = _lstat(parent)
    if st is None:
        raise ExportError(f"cannot export to {path}: the folder {parent} does not exist; create it first.")
    try:
        is_dir = parent.is_dir()  # a symlink in the user's own path is theirs to use
    except (OSError, ValueError) as exc:
        raise ExportError(f"cannot export to {path}: {_why(exc)}.") from None
    if not is_dir:
        raise ExportError(f"cannot export to {path}: {parent} is {_kind(st)}, not a folder.")
    return parent


def _refuse_link_or_odd(path: Path, st: os.stat_result | None, want: str) -> None:
    if st is None:
        return
    if stat.S_ISLNK(st.st_mode):
        raise ExportError(f"{path} is a symbolic link; export never writes through one. Remove the link or "
                          "choose another destination.")
    if want == "file" and not stat.S_ISREG(st.st_mode):
        hint = f"; give the path of a file to write, e.g. {path / 'tco-ops.db'}" if stat.S_ISDIR(st.st_mode) else ""
        raise ExportError(f"{path} is {_kind(st)}, not a file export may replace{hint}.")
    if want == "folder" and not stat.S_ISDIR(st.st_mode):
        raise ExportError(f"{path} is {_kind(st)}, not a folder; the CSV export writes a folder of files: "
                          "choose a new or empty folder.")


def _temp(folder: Path, suffix: str, dest: Path | None = None) -> tuple[int, Path]:
    """A new file in `folder` (O_EXCL: never an existing name or a link), mode 0644."""
    try:
        fd, name = tempfile.mkstemp(prefix=_TMP_PREFIX, suffix=suffix, dir=folder)
    except (OSError, ValueError) as exc:
        target = f"{dest} (in {folder})" if dest is not None else f"in {folder}"
        raise ExportError(f"cannot write {target}: {_why(exc)}. Nothing was changed.") from None
    os.fchmod(fd, _MODE)  # mkstemp makes 0600; the data is public
    return fd, Path(name)


def _place(tmp: Path, dest: Path, force: bool) -> None:
    """Rename `tmp` to `dest`: atomic; without force never over an existing name, even one that just appeared."""
    if not force:
        try:
            os.link(tmp, dest, follow_symlinks=False)
        except FileExistsError:
            raise ExportError(f"{dest} appeared while exporting; it was left as it is. {_FORCE}.") from None
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.EXDEV):
                raise ExportError(f"cannot write {dest}: {_why(exc)}.") from None
            if _lstat(dest) is not None:  # a file system without hard links: check, then rename
                raise ExportError(f"{dest} appeared while exporting; it was left as it is. {_FORCE}.") from None
            _rename(tmp, dest)
        else:
            tmp.unlink()
        return
    _refuse_link_or_odd(dest, _lstat(dest), "file")
    _rename(tmp, dest)  # replaces a link planted since the check itself, never what it points to


def _rename(tmp: Path, dest: Path) -> None:
    try:
        os.replace(tmp, dest)
    except OSError as exc:
        raise ExportError(f"cannot write {dest}: {_why(exc)}.") from None


def _cleanup(*paths: Path) -> None:
    for path in paths:
        try:
            path.unlink()
        except (FileNotFoundError, OSError):
            pass


# --- SQLite -------------------------------------------------------------------------------------

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
        target = fk["reference"].get("resource") or name  # v2: no resource means the table itself
        cols.append(f"FOREIGN KEY ({', '.join(map(_q, fk['fields']))}) "
                    f"REFERENCES {_q(target)} ({', '.join(map(_q, fk['reference']['fields']))})")
    return f"CREATE TABLE {_q(name)} (\n  " + ",\n  ".join(cols) + "\n)"


def create_index_sql(name: str, schema: dict) -> list[str]:
    """One index per foreign key, so joins and datasette's facets and label lookups do not scan."""
    out = []
    for fk in schema.get("foreignKeys", []):
        cols = fk["fields"]
        if cols == schema["primaryKey"][:len(cols)]:
            continue  # the primary key's own index already leads with these columns
        index = _q(f"idx_{name}_{'_'.join(cols)}")
        out.append(f"CREATE INDEX {index} ON {_q(name)} ({', '.join(map(_q, cols))})")
    return out


def metadata_path(dest: Path) -> Path:
    """The datasette metadata written beside the database: tco.db → tco.metadata.json."""
    return dest.with_name(f"{dest.stem}.metadata.json")


def to_sqlite(dest: Path, folder: Path | None = None, force: bool = False) -> Path:
    """The tables as one SQLite database, and its datasette metadata beside it (metadata_path).

    Both files follow the same rules: refused if present without force, never through a
    symbolic link, written to temporary files and renamed into place only once both are complete.
    """
    import sqlite3

    from . import sql_labels

    dest = Path(dest)
    if not dest.name:  # "", "." or "/": a folder, and with_name() below would raise ValueError
        raise ExportError(f"{str(dest)!r} names a folder, not a file; give the path of the database to write, "
                          f"e.g. {dest / 'tco-ops.db'}.")
    parent = _parent(dest)
    meta_dest = metadata_path(dest)
    for path in (dest, meta_dest):
        st = _lstat(path)
        _refuse_link_or_odd(path, st, "file")
        if st is not None and not force:
            raise ExportError(f"{path} already exists; export does not overwrite files: {_FORCE}.")
    pkg, tables = _tables(folder or _paths.data_dir())
    tables = sql_labels.add_labels(tables)
    fd, tmp = _temp(parent, ".db", dest)
    os.close(fd)
    meta_tmp = None
    try:
        try:
            con = sqlite3.connect(tmp)
            try:
                with con:
                    for name, (res, schema, rows) in tables.items():
                        con.execute(create_table_sql(name, schema))
                        names = [f["name"] for f in schema["fields"]]
                        con.executemany(f"INSERT INTO {_q(name)} VALUES ({', '.join('?' * len(names))})",
                                        ([_sql_value(r[n]) for n in names] for r in rows))
                        for sql in create_index_sql(name, schema):
                            con.execute(sql)
                bad = con.execute("PRAGMA foreign_key_check").fetchall()
            finally:
                con.close()
        except sqlite3.Error as exc:
            raise ExportError(f"cannot write the SQLite database next to {dest}: {exc}. Nothing was changed.") from None
        if bad:
            raise ExportError(f"foreign key check failed in the export: {bad[:5]}; rebuild the dataset")
        os.chmod(tmp, _MODE)  # sqlite may have recreated it; the data is public
        fd, meta_tmp = _temp(parent, ".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(json.dumps(sql_labels.datasette_metadata(pkg, tables, dest.stem), indent=2,
                                        ensure_ascii=False) + "\n")
        except OSError as exc:
            raise ExportError(f"cannot write {meta_dest}: {_why(exc)}. Nothing was changed.") from None
        _place(tmp, dest, force)
        _place(meta_tmp, meta_dest, force)
    finally:
        _cleanup(tmp, Path(f"{tmp}-journal"), *([meta_tmp] if meta_tmp else []))
    return dest


def _sql_value(v):
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


# --- CSV ----------------------------------------------------------------------------------------

def _csv_value(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


def owned_files(names) -> list[str]:
    """The files the CSV export writes into its folder: the only ones --force replaces."""
    return [f"{name}.csv" for name in names] + ["datapackage.json"]


def to_csv(dest: Path, folder: Path | None = None, force: bool = False) -> Path:
    """One CSV per table plus a datapackage.json (schemas inline) that frictionless validates."""
    dest = Path(dest)
    folder = folder or _paths.data_dir()
    st = _lstat(dest)
    _refuse_link_or_odd(dest, st, "folder")
    if st is None:
        _parent(dest)
    else:
        _refuse_existing(dest, folder, force)
    pkg, tables = _tables(folder)
    created = False
    if st is None:
        try:
            os.mkdir(dest)
        except (OSError, ValueError) as exc:
            raise ExportError(f"cannot create the folder {dest}: {_why(exc)}.") from None
        created = True
    temps: dict[str, Path] = {}
    placed: list[Path] = []
    try:
        resources = []
        for name, (res, schema, rows) in tables.items():
            names = [f["name"] for f in schema["fields"]]
            fd, temps[f"{name}.csv"] = _temp(dest, ".csv")
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(names)
                writer.writerows([_csv_value(r[n]) for n in names] for r in rows)
            resources.append({k: v for k, v in res.items()
                              if k not in ("path", "format", "mediatype", "hash", "schema")}
                             | {"path": f"{name}.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                                # declared, so no reader has to guess it from the data
                                "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
                                # an empty cell is the only missing value (releases before 0.2.0 listed pandas'
                                # spellings too, which no CSV cell ever holds)
                                "schema": schema | {"missingValues": [""]}})
        out = {k: v for k, v in pkg.items() if k != "resources"} | {"resources": resources}
        fd, temps["datapackage.json"] = _temp(dest, ".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
        for rel, tmp in temps.items():  # everything is written: only now touch the destination names
            _place(tmp, dest / rel, force)
            placed.append(dest / rel)
    except OSError as exc:  # writing a temporary file: disk full, I/O error
        raise ExportError(f"cannot write in {dest}: {_why(exc)}. Nothing there was replaced.") from None
    finally:
        _cleanup(*temps.values())
        if created and len(placed) < len(temps):
            _cleanup(*placed)
            try:
                os.rmdir(dest)
            except OSError:
                pass
    return dest


def _refuse_existing(dest: Path, folder: Path, force: bool) -> None:
    """An existing destination folder: refuse it unless empty, or with force (never the source folder)."""
    try:
        entries = sorted(os.listdir(dest))
        same = os.path.samefile(dest, folder)
    except FileNotFoundError:
        entries, same = [], False
    except (OSError, ValueError) as exc:
        raise ExportError(f"cannot export to {dest}: {_why(exc)}.") from None
    if same:
        raise ExportError(f"{dest} is the folder the data is read from; exporting there would replace its "
                          "datapackage.json. Choose another folder.")
    if entries and not force:
        shown = ", ".join(entries[:3]) + (f" and {len(entries) - 3} more" if len(entries) > 3 else "")
        raise ExportError(f"{dest} is not empty ({shown}); export does not write into a folder that holds files. "
                          "Choose a new or empty folder, or pass --force (force=True in Python) to replace only "
                          "the files export writes (<table>.csv and datapackage.json) and leave the others.")
    from . import loader

    for rel in owned_files(loader.tables(folder)):
        _refuse_link_or_odd(dest / rel, _lstat(dest / rel), "file")


def export(fmt: str, dest: Path, folder: Path | None = None, force: bool = False) -> Path:
    if fmt == "sqlite":
        return to_sqlite(dest, folder, force)
    if fmt == "csv":
        return to_csv(dest, folder, force)
    raise ExportError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
