"""tco-ops: law-enforcement operations against transnational criminal organizations.

    >>> import tco_ops
    >>> tco_ops.tables()
    >>> arrests = tco_ops.load("arrests")                  # pandas, nullable dtypes
    >>> arrests = tco_ops.load("arrests", as_="arrow")     # or "polars"
    >>> tco_ops.describe("arrests")                        # columns, types, vocabularies
    >>> tco_ops.download("0.1.0"); tco_ops.load("arrests", version="0.1.0")

`import tco_ops` is cheap: pandas and pyarrow load only when a function needs
them, and loading never imports the validation stack (pandera, frictionless).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, Sequence

from ._version import __version__
from .errors import (BuildError, DataIntegrityError, DataNotFoundError, ExportError, MissingDependencyError, Problem,
                     TcoOpsError, UsageError, VerificationError)

if TYPE_CHECKING:
    import os
    from pathlib import Path

    import pandas

__all__ = ["__version__", "tables", "load", "load_all", "describe", "path", "download", "versions", "cache_dir",
           "clear_cache", "cite", "BuildError", "DataIntegrityError", "DataNotFoundError", "ExportError",
           "MissingDependencyError", "Problem", "TcoOpsError", "UsageError", "VerificationError"]

Result = Literal["pandas", "arrow", "polars"]


def tables() -> list[str]:
    """Names of the published tables, in publication order."""
    from .loader import tables as _tables

    return _tables()


def load(name: str, columns: str | Sequence[str] | None = None, version: str | None = None,
         as_: Result = "pandas") -> Any:
    """One table: a pandas DataFrame (default), a pyarrow Table (as_="arrow") or a polars DataFrame (as_="polars").

    pandas dtypes are nullable: Int64, string, boolean, Float64, and dates as
    date32[pyarrow]. `columns` is one column name or a list of them; an unknown
    name raises DataNotFoundError suggesting the closest. An unknown table name
    raises DataNotFoundError listing the valid names. `version` other than the
    installed one reads that release as fetched by download(); not downloaded,
    or unknown, raises DataNotFoundError saying what to do.

    The file is checked against the SHA-256 recorded for it (datapackage.json, or
    the release registry for a downloaded version) once per process; a damaged or
    altered file raises DataIntegrityError naming the file and how to restore it.
    """
    from .loader import load as _load

    return _load(name, columns=columns, version=version, as_=as_)


def load_all(version: str | None = None, as_: Result = "pandas") -> dict[str, Any]:
    """Every table of the installed data (or of release `version`, downloaded), as {name: result}.

    Each file is checked as in load(); `as_` as in load().
    """
    from .loader import load_all as _load_all

    return _load_all(version=version, as_=as_)


def describe(name: str, version: str | None = None) -> pandas.DataFrame:
    """Table `name`'s columns: type, pandas dtype, required, description, allowed values, pattern, range.

    One row per column, from the published Table Schema; attrs holds the
    table's title, description, primary key and foreign keys.
    """
    from .catalog import describe as _describe

    return _describe(name, version=version)


def download(version: str, dest: str | os.PathLike[str] | None = None, tables: Sequence[str] | None = None,
             force: bool = False) -> Path:
    """Download release `version` (verified by SHA-256) and return its folder; see tco_ops.fetch.download.

    force=True fetches every file again, even those already present and verified.
    """
    from .fetch import download as _download

    return _download(version, dest=dest, tables=tables, force=force)  # fetch checks both


def versions() -> list[dict[str, Any]]:
    """Every version known: the releases in the shipped registry and the installed one, oldest first.

    Each: {"version", "released", "installed", "downloaded" (None, "whole" or
    "some tables"), "folder"}.
    """
    from .catalog import versions as _versions

    return _versions()


def cache_dir() -> Path:
    """The folder download() writes releases to (TCO_OPS_CACHE_DIR, else the user cache folder)."""
    from .fetch import cache_dir as _cache_dir

    return _cache_dir()


def clear_cache(version: str | None = None) -> list[Path]:
    """Delete downloaded releases (all, or one version) from cache_dir(); return the folders removed."""
    from .fetch import clear_cache as _clear_cache

    return _clear_cache(version)


def path(name: str) -> Path:
    """The Parquet file of table `name` in the installed data, for DuckDB, Polars, Spark or R.

    The file is checked against its SHA-256 first (DataIntegrityError if damaged); a
    change made to it after this call is not seen.
    """
    from .loader import check_name, source

    src = source()
    check_name(src, name)  # the error that lists the valid names
    src.read(name)
    return src.path(name)


def cite(format: Literal["bibtex", "apa", "cff"] = "bibtex") -> str:
    """Citation of the installed release: format "bibtex" (key carries the version), "apa" or "cff"."""
    from .citation import cite as _cite

    return _cite(format)


def __dir__() -> list[str]:
    return sorted(__all__)
