"""Read published tables into pandas with nullable dtypes."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from . import _paths
from .errors import DataNotFoundError


JOURNAL_NAME = ".tco-ops-journal.json"  # see build/publish.py


@functools.lru_cache(maxsize=8)
def _package_at(path: Path, mtime_ns: int) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _package(folder: Path) -> dict:
    path = folder / "datapackage.json"
    if (folder / JOURNAL_NAME).exists():
        raise DataNotFoundError(f"{folder} holds files of an interrupted build; run `tco-ops build` there "
                                "(it restores the previous files first), then load again")
    return _package_at(path, path.stat().st_mtime_ns)


def tables(folder: Path | None = None) -> list[str]:
    pkg = _package(folder or _paths.data_dir())
    return [r["name"] for r in pkg["resources"]]


def load(name: str, columns: list[str] | None = None, folder: Path | None = None, version: str | None = None):
    if folder is None and version is not None:
        from .fetch import release_folder

        folder = release_folder(version, table=name)  # None: the installed version's bundled data
    folder = folder or _paths.data_dir()
    names = tables(folder)
    if name not in names:
        import difflib

        near = difflib.get_close_matches(str(name), names, n=1)
        hint = f"Did you mean {near[0]!r}? " if near else ""
        raise DataNotFoundError(f"No table named {name!r}. {hint}Valid names: {', '.join(names)} "
                                "(see tco_ops.tables()).")
    import pyarrow.parquet as pq

    from .schema.frames import to_pandas

    path = folder / "dataset" / f"{name}.parquet"
    if columns is not None:
        columns = list(columns)
        known = pq.read_schema(path).names
        unknown = [c for c in columns if c not in known]
        if unknown:
            raise DataNotFoundError(f"Table {name!r} has no column {', '.join(map(repr, unknown))}. "
                                    f"Its columns: {', '.join(known)}.")
    return to_pandas(pq.read_table(path, columns=columns))
