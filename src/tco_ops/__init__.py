"""tco-ops: law-enforcement operations against transnational criminal organizations.

    >>> import tco_ops
    >>> tco_ops.tables()
    >>> arrests = tco_ops.load("arrests")
    >>> tco_ops.download("0.1.0"); tco_ops.load("arrests", version="0.1.0")

`import tco_ops` is cheap: pandas, pyarrow and pandera load only when a
function needs them.
"""

from __future__ import annotations

from ._version import __version__
from .errors import (BuildError, DataIntegrityError, DataNotFoundError, ExportError, Problem, TcoOpsError,
                     VerificationError)

__all__ = ["__version__", "tables", "load", "load_all", "path", "download", "cite", "BuildError", "DataIntegrityError",
           "DataNotFoundError", "ExportError", "Problem", "TcoOpsError", "VerificationError"]


def tables() -> list[str]:
    """Names of the published tables, in publication order."""
    from .loader import tables as _tables

    return _tables()


def load(name: str, columns: list[str] | None = None, version: str | None = None):
    """One table as a pandas DataFrame (nullable dtypes: Int64, string, boolean, dates as date32).

    An unknown name raises DataNotFoundError listing the valid names. `version`
    other than the installed one reads that release as fetched by download();
    not downloaded, or unknown, raises DataNotFoundError saying what to do.

    The file is checked against the SHA-256 recorded for it (datapackage.json, or
    the release registry for a downloaded version) once per process; a damaged or
    altered file raises DataIntegrityError naming the file and how to restore it.
    """
    from .loader import load as _load

    return _load(name, columns=columns, version=version)


def download(version: str, dest=None, tables: list[str] | None = None, force: bool = False):
    """Download release `version` (verified by SHA-256) and return its folder; see tco_ops.fetch.download.

    force=True fetches every file again, even those already present and verified.
    """
    from .fetch import download as _download

    return _download(version, dest=dest, tables=tables, force=force)


def load_all() -> dict:
    """Every table, as {name: DataFrame}; each file checked as in load()."""
    from .loader import load as _load, tables as _tables

    return {name: _load(name) for name in _tables()}


def path(name: str):
    """The Parquet file of table `name` in the installed data, for DuckDB, Polars, Spark or R.

    The file is checked against its SHA-256 first (DataIntegrityError if damaged); a
    change made to it after this call is not seen.
    """
    from .loader import check_name, source

    src = source()
    check_name(src, name)  # the error that lists the valid names
    src.read(name)
    return src.path(name)


def cite(format: str = "bibtex") -> str:
    """Citation of the installed release: format "bibtex" (key carries the version), "apa" or "cff"."""
    from .citation import cite as _cite

    return _cite(format)


def __dir__():
    return sorted(__all__)
