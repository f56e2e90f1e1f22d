"""The arguments of download() a user gives, checked before anything is fetched or written.

dest= and tables= as the user may spell them (one table name as a str, a Path), and the
files a download into a user's own folder would replace: see fetch.py for the transfer.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import UsageError
from .name_args import name_list


def checked(dest, tables) -> tuple[Path | None, list[str] | None]:
    """dest as a Path and tables as a list of names, or a UsageError saying what is accepted.

    An empty dest is refused rather than read as "." (the current folder): `--dest ""` from a
    script whose variable was unset would otherwise unpack the release wherever it runs.
    """
    from . import fetch

    if dest is not None:
        if not isinstance(dest, (str, os.PathLike)):
            raise UsageError(f"dest= must be a folder path (str or Path), not {type(dest).__name__} {dest!r}")
        text = os.fspath(dest)
        if not isinstance(text, str) or not text.strip():
            raise UsageError(f"dest= (--dest) is {text!r}: give a folder path, or leave it out for the cache folder "
                             f"({fetch.cache_dir()})")
        if "\0" in text:
            raise UsageError(f"dest= (--dest) {text!r} contains a NUL character; give a folder path")
        dest = Path(text).expanduser()
    if tables is not None:
        tables = name_list(tables, "tables=", "table name")
    return dest, tables


def files_written(entry: dict, folder: Path, tables: list[str] | None) -> dict[Path, dict]:
    """{path: registry entry} of every file a download into `folder` may replace."""
    if tables is None:
        return {folder / name: meta for name, meta in (entry.get("zip_members") or {}).items()}
    assets = entry.get("assets", {})
    names = ["datapackage.json", *(f"{t}.parquet" for t in tables)]
    return {folder / ("" if n == "datapackage.json" else "dataset") / n: assets[n] for n in names if n in assets}


def refuse_foreign_files(folder: Path, files: dict[Path, dict]) -> None:
    """A dest= chosen by the user may hold files of its own (a project's CITATION.cff or
    datapackage.json): one that is not this release's copy is replaced only with force.

    A folder whose datapackage.json is this release's is a download of it, so a damaged file
    there is fetched again, as in the cache folder (which is ours alone and never checked here)."""
    from .fetch import _verified

    package = folder / "datapackage.json"
    if package in files and _verified(package, files[package]):
        return
    foreign = [p for p, meta in files.items() if os.path.lexists(p) and not _verified(p, meta)]
    if foreign:
        shown = ", ".join(str(p) for p in foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise UsageError(f"{shown} already exist{'s' if len(foreign) == 1 else ''} in {folder} and "
                         f"{'is not a file' if len(foreign) == 1 else 'are not files'} of this release; download "
                         "does not overwrite them. Choose another --dest (dest=), or pass --force (force=True) to "
                         "replace them.")
