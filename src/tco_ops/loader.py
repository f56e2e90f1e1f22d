"""Read published tables into pandas with nullable dtypes, each file checked against its SHA-256.

The checks live in integrity.py: the installed data and a checkout are checked
against their datapackage.json, a downloaded release against the release
registry. A damaged file raises DataIntegrityError; nothing is returned from it.
"""

from __future__ import annotations

from pathlib import Path

from . import _paths, integrity
from .errors import DataIntegrityError, DataNotFoundError, MissingDependencyError, UsageError
from .name_args import name_list


JOURNAL_NAME = ".tco-ops-journal.json"  # see build/publish.py


class _Source:
    """One folder of published data: its checked datapackage.json and where each file's hash comes from."""

    __slots__ = ("folder", "version", "fix", "package", "entry")

    def __init__(self, folder: Path, version: str | None = None):
        self.folder, self.version = folder, version
        self.fix = integrity.repair_hint(folder, version)
        if (folder / JOURNAL_NAME).exists():
            raise DataNotFoundError(f"{folder} holds files of an interrupted build; run `tco-ops build` there "
                                    "(it restores the previous files first), then load again")
        self.entry = None
        if version is None:
            self.package = integrity.read_package(folder, self.fix)
        else:
            from . import registry

            self.entry = registry.registry(version)
            expected, _ = integrity.registry_hashes(self.entry, version, ("datapackage.json", "datapackage.json"))
            self.package = integrity.read_package(folder, self.fix, expected, f"the registry of release {version}")

    def read(self, name: str) -> bytes:
        """The verified bytes of table `name`'s Parquet file."""
        path = self.folder / "dataset" / f"{name}.parquet"
        if self.entry is None:
            return integrity.read_verified(path, frozenset([self.package.hashes[name]]), self.fix,
                                           f"{self.package.path}")
        expected, size = integrity.registry_hashes(self.entry, self.version,
                                                   (f"dataset/{name}.parquet", f"{name}.parquet"))
        return integrity.read_verified(path, expected, self.fix, f"the registry of release {self.version}", size)

    def path(self, name: str) -> Path:
        return self.folder / "dataset" / f"{name}.parquet"


def source(folder: Path | None = None, version: str | None = None, table: str | None = None) -> _Source:
    """The data `load()` reads: `folder`, else release `version` as downloaded, else the installed data."""
    if folder is None and version is not None:
        from .fetch import _normalize, release_folder

        folder = release_folder(version, table=table)  # None: the installed version's bundled data
        version = _normalize(version) if folder is not None else None
    else:
        version = None
    return _Source(folder or _paths.data_dir(), version)


def tables(folder: Path | None = None) -> list[str]:
    return source(folder).package.names


def check_name(src: _Source, name: str) -> None:
    names = src.package.names
    if name not in names:
        import difflib

        near = difflib.get_close_matches(str(name), names, n=1)
        hint = f"Did you mean {near[0]!r}? " if near else ""
        raise DataNotFoundError(f"No table named {name!r}. {hint}Valid names: {', '.join(names)} "
                                "(see tco_ops.tables()).")


RESULTS = ("pandas", "arrow", "polars")


def columns_list(name: str, columns, known: list[str]) -> list[str] | None:
    """`columns` as a list of known column names: a single name may be given as a string.

    Anything else, or an unknown name, is a clear error suggesting the closest columns.
    """
    if columns is None:
        return None
    columns = name_list(columns, "columns=", "column name")
    unknown = [c for c in columns if c not in known]
    if unknown:
        import difflib

        near = {c: difflib.get_close_matches(c, known, n=2, cutoff=0.6) for c in unknown}
        hints = [" or ".join(map(repr, m)) + ("" if len(unknown) == 1 else f" for {c!r}") for c, m in near.items() if m]
        hint = f" Did you mean {'; '.join(hints)}?" if hints else ""
        raise DataNotFoundError(f"Table {name!r} has no column {', '.join(map(repr, unknown))}.{hint} "
                                f"Its columns: {', '.join(known)}.")
    return columns


def read_arrow(src: _Source, name: str, columns=None):
    """Table `name` as a pyarrow Table, from bytes that passed their SHA-256 check."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    check_name(src, name)
    data = src.read(name)
    path = src.path(name)
    try:
        parquet = pq.ParquetFile(pa.BufferReader(data))
        known = parquet.schema_arrow.names
    except (pa.ArrowException, OSError, ValueError, TypeError) as exc:
        raise unreadable(src, path, exc) from None
    columns = columns_list(name, columns, known)  # outside the try: a usage error is not damage
    try:
        return parquet.read(columns=columns)
    except (pa.ArrowException, OSError, ValueError, TypeError) as exc:
        raise unreadable(src, path, exc) from None


def unreadable(src: _Source, path: Path, exc: BaseException) -> DataIntegrityError:
    # Passed its hash yet unreadable: the recorded hash itself is of a broken file.
    return DataIntegrityError(f"{path} matches its recorded SHA-256 but is not readable Parquet "
                              f"({type(exc).__name__}: {exc}); {src.fix}")


def check_result(as_) -> str:
    if as_ not in RESULTS:
        raise UsageError(f"as_={as_!r} is not a result type; use one of: {', '.join(map(repr, RESULTS))}")
    return as_


def load(name: str, columns=None, folder: Path | None = None, version: str | None = None, as_: str = "pandas"):
    check_result(as_)
    src = source(folder, version, table=name)
    if as_ == "polars":
        return read_polars(src, name, columns)
    return convert(src, name, read_arrow(src, name, columns), as_)


def read_polars(src: _Source, name: str, columns=None):
    """Table `name` as a polars DataFrame, parsed by polars itself from the verified bytes.

    Not pl.from_arrow(read_arrow(...)): converting Arrow strings to polars' string
    views costs up to 6x polars' own reader on the wide operations table.
    """
    import io

    try:
        import polars as pl
    except ImportError:
        raise MissingDependencyError("load(..., as_='polars') needs polars: pip install polars") from None
    check_name(src, name)
    data = src.read(name)
    path = src.path(name)
    if columns is not None:  # the schema is read only to check the names asked for
        try:
            known = list(pl.read_parquet_schema(io.BytesIO(data)))
        except Exception as exc:  # polars raises its own exception types, and OSError, ValueError
            raise unreadable(src, path, exc) from None
        columns = columns_list(name, columns, known)
    try:
        return pl.read_parquet(io.BytesIO(data), columns=columns)
    except Exception as exc:
        raise unreadable(src, path, exc) from None


def convert(src: _Source, name: str, table, as_: str):
    """A verified Arrow table as the result type asked for (pandas or arrow)."""
    if as_ == "arrow":
        return table
    from .dtypes import to_pandas

    try:
        return to_pandas(table)
    except (TypeError, ValueError) as exc:  # a column type the published schema never uses
        raise DataIntegrityError(f"{src.path(name)}: {exc}; {src.fix}") from None


def load_all(version: str | None = None, as_: str = "pandas", folder: Path | None = None) -> dict:
    """Every table of one version, {name: result}, each file checked as in load()."""
    check_result(as_)
    src = source(folder, version)
    out = {}
    for name in src.package.names:
        if src.version is not None and not src.path(name).exists():
            raise DataNotFoundError(
                f"Table {name!r} of release {src.version} is not downloaded (only some tables were); fetch the "
                f'whole release: tco_ops.download("{src.version}") or `tco-ops download {src.version}`.')
        out[name] = read_polars(src, name) if as_ == "polars" else convert(src, name, read_arrow(src, name), as_)
    return out
