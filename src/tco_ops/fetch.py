"""Download a released version of the data, verified against the registry shipped with tco-ops.

    >>> import tco_ops
    >>> tco_ops.download("0.1.0")                          # the release zip, extracted
    >>> tco_ops.download("0.1.0", tables=["operations"])   # datapackage.json + one table
    >>> tco_ops.load("operations", version="0.1.0")

Every file is checked against the SHA-256 and size recorded in
`tco_ops/registry/<version>.json`. A file lands at the path a later call trusts
only after it passed that check (written to a temporary file in the same folder,
verified, then renamed), so a corrupted or interrupted transfer leaves nothing
behind. Files already present and verified are not downloaded again.

Settings (environment): TCO_OPS_BASE_URL (default: the GitHub releases of
tco-ops), TCO_OPS_CACHE_DIR (default: the user cache folder), TCO_OPS_TIMEOUT
(seconds, default 30).

pooch, requests and platformdirs load only when a download needs them.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .errors import DataNotFoundError, TcoOpsError

DEFAULT_BASE_URL = "https://github.com/tco-ops/tco-ops/releases/download"
DEFAULT_TIMEOUT = 30.0
_CHUNK = 1 << 16
_TMP_PREFIX = ".tco-ops-"


class DownloadError(TcoOpsError):
    """A release file could not be fetched, or failed its checks (hash, size, unsafe zip)."""


# --- settings -----------------------------------------------------------------------------------

def base_url() -> str:
    return (os.environ.get("TCO_OPS_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")


def cache_dir() -> Path:
    """The folder holding one sub-folder per downloaded version."""
    env = os.environ.get("TCO_OPS_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("tco-ops"))


def timeout() -> float:
    raw = os.environ.get("TCO_OPS_TIMEOUT")
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise DownloadError(f"TCO_OPS_TIMEOUT={raw!r} is not a positive number of seconds "
                            f"(default {DEFAULT_TIMEOUT:g}).")
    return value


def asset_url(version: str, asset: str) -> str:
    return f"{base_url()}/v{version}/{asset}"


def zip_name(version: str) -> str:
    return f"tco-ops-data-{version}.zip"


def _normalize(version) -> str:
    return str(version).strip().removeprefix("v")


def _release(version: str) -> dict:
    """The registry entry; an unknown version raises DataNotFoundError listing the known ones."""
    from . import registry

    return registry.registry(version)


# --- the public functions -----------------------------------------------------------------------

def download(version: str, dest: str | os.PathLike | None = None, tables: list[str] | None = None) -> Path:
    """Download release `version` and return the folder holding it.

    The folder looks like a checkout: datapackage.json and dataset/<table>.parquet
    (plus CITATION.cff when the whole release is fetched), so
    `tco_ops.loader.load(name, folder=...)` reads it. Default folder:
    <cache>/<version>/, which is where `tco_ops.load(name, version=...)` looks.

    tables=None fetches the release zip and extracts it; tables=[...] fetches only
    datapackage.json and those tables. Unknown versions or tables raise
    DataNotFoundError listing the valid ones; failed transfers or checks raise
    DownloadError and leave no unverified file behind.
    """
    return _download(version, dest, tables)[0]


def release_folder(version: str | None, table: str | None = None) -> Path | None:
    """Where `tco_ops.load(..., version=version)` reads: None for the installed version's bundled data.

    Raises DataNotFoundError for an unknown version, or one (or a table of one) not downloaded.
    """
    from ._version import __version__

    if version is None or _normalize(version) == __version__:
        return None
    version = _normalize(version)
    entry = _release(version)
    folder = cache_dir() / version
    if not (folder / "datapackage.json").is_file():
        raise DataNotFoundError(
            f"Release {version} is not downloaded (looked in {folder}). Download it first: "
            f'tco_ops.download("{version}") in Python, or `tco-ops download {version}` in a shell.')
    parquet = folder / "dataset" / f"{table}.parquet"
    if table is not None and table in entry.get("tables", {}) and not parquet.is_file():
        raise DataNotFoundError(
            f"Table {table!r} of release {version} is not downloaded (looked in {folder / 'dataset'}). Download it: "
            f'tco_ops.download("{version}", tables=["{table}"]), or the whole release with '
            f'tco_ops.download("{version}") / `tco-ops download {version}`.')
    return folder


def add_arguments(parser) -> None:
    """The arguments of `tco-ops download`, for cli.py."""
    parser.add_argument("version", help="release to download, e.g. 0.1.0")
    parser.add_argument("--dest", help="folder to put it in (default: the user cache folder, then <version>/)")
    parser.add_argument("--tables", help="comma-separated tables to fetch alone (default: the whole release zip)")


def main_cli(args) -> int:
    """`tco-ops download VERSION [--dest D] [--tables a,b]`; args is the argparse Namespace.

    Returns 0; raises TcoOpsError (DataNotFoundError, DownloadError), which cli.main reports.
    """
    tables = [t.strip() for t in args.tables.split(",") if t.strip()] if getattr(args, "tables", None) else None
    folder, fetched, kept = _download(args.version, getattr(args, "dest", None), tables)
    for name in fetched:
        print(f"downloaded  {name}")
    what = f"tables {', '.join(tables)}" if tables else "whole release"
    print(f"tco-ops {_normalize(args.version)} ({what}) in {folder}: {len(fetched)} file(s) downloaded, "
          f"{kept} already present and verified")
    return 0


# --- the work -----------------------------------------------------------------------------------

def _download(version, dest, tables) -> tuple[Path, list[str], int]:
    version = _normalize(version)
    entry = _release(version)
    folder = Path(dest).expanduser() if dest is not None else cache_dir() / version
    existed = folder.exists()
    try:
        if tables is None:
            return _whole_release(version, entry, folder)
        return _some_tables(version, entry, folder, tables)
    except BaseException:
        if not existed:
            _remove_empty_dirs(folder)
        raise


def _some_tables(version: str, entry: dict, folder: Path, tables) -> tuple[Path, list[str], int]:
    if isinstance(tables, str):
        tables = [tables]
    tables = list(dict.fromkeys(tables))
    valid = list(entry.get("tables", {}))
    unknown = [t for t in tables if t not in valid]
    if unknown or not tables:
        what = f"no table named {', '.join(map(repr, unknown))}" if unknown else "tables=[] names no table"
        raise DataNotFoundError(f"Release {version} has {what}. Valid names: {', '.join(valid)}.")
    wanted = {"datapackage.json": folder / "datapackage.json"}
    wanted.update({f"{t}.parquet": folder / "dataset" / f"{t}.parquet" for t in tables})
    assets = entry.get("assets", {})
    for asset in wanted:
        if asset not in assets:
            raise DownloadError(f"The registry of release {version} lists no asset {asset!r}; "
                                "this tco-ops install is damaged (pip install --force-reinstall tco-ops).")
    todo = {a: p for a, p in wanted.items() if not _verified(p, assets[a])}
    fetched = []
    for asset, path in todo.items():
        try:
            _fetch(version, asset, path, assets[asset])
        except DownloadError as exc:
            if exc.__cause__ is not None and _is_network_error(exc.__cause__):
                missing = {a: p for a, p in todo.items() if not _verified(p, assets[a])}
                steps = _manual_steps(version, folder, missing, tables=tables)
                raise DownloadError(f"{exc}\n{steps}") from exc.__cause__
            raise
        fetched.append(asset)
    return folder, fetched, len(wanted) - len(todo)


def _whole_release(version: str, entry: dict, folder: Path) -> tuple[Path, list[str], int]:
    members = entry.get("zip_members") or {}
    asset = zip_name(version)
    if not members or asset not in entry.get("assets", {}):
        raise DownloadError(f"The registry of release {version} lists no {asset} or its members; "
                            "this tco-ops install is damaged (pip install --force-reinstall tco-ops).")
    if all(_verified(folder / name, meta) for name, meta in members.items()):
        return folder, [], len(members)
    zpath = folder / asset
    fetched = []
    if not _verified(zpath, entry["assets"][asset]):
        try:
            _fetch(version, asset, zpath, entry["assets"][asset])
        except DownloadError as exc:
            if exc.__cause__ is not None and _is_network_error(exc.__cause__):
                steps = _manual_steps(version, folder, {asset: zpath}, tables=None)
                raise DownloadError(f"{exc}\n{steps}") from exc.__cause__
            raise
        fetched.append(asset)
    try:
        _extract(zpath, folder, members)
    finally:
        # Extracted and verified, or refused: either way the zip is not kept.
        zpath.unlink(missing_ok=True)
    return folder, fetched, 0


def _fetch(version: str, asset: str, path: Path, meta: dict) -> None:
    """Download one asset to `path` through pooch: temporary file in the same folder, verified, renamed."""
    import pooch
    import requests

    url = asset_url(version, asset)
    check = _Checked(pooch.HTTPDownloader(timeout=timeout(), progressbar=False), asset, meta)
    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel("WARNING")  # pooch logs every download at INFO to stderr
    try:
        pooch.retrieve(url, known_hash=f"sha256:{meta['sha256']}", fname=path.name, path=path.parent,
                       downloader=check, progressbar=False)
    except requests.exceptions.HTTPError as exc:
        status = exc.response.status_code if exc.response is not None else "an error"
        raise DownloadError(f"Downloading {asset} failed: {url} answered HTTP {status} "
                            "(TCO_OPS_BASE_URL sets the server).") from exc
    except requests.exceptions.RequestException as exc:
        raise DownloadError(f"Downloading {asset} from {url} failed: {_reason(exc)}; {asset} was not kept.") from exc
    except ValueError as exc:  # pooch's own hash check; _Checked normally raises first
        raise DownloadError(f"{asset} from {url} failed its SHA-256 check and was not kept: {exc}") from exc
    finally:
        logger.setLevel(level)
    _make_readable(path)


class _Checked:
    """Wraps pooch's downloader: checks size and SHA-256 of the temporary file before pooch moves it.

    Raising here happens inside pooch's temporary-file context, which deletes the
    file, so a failed check never reaches `path`; the error names what we got.
    """

    def __init__(self, inner, asset: str, meta: dict):
        self.inner, self.asset, self.meta = inner, asset, meta

    def __call__(self, url, output_file, pooch_obj, check_only=False):
        result = self.inner(url, output_file, pooch_obj, check_only=check_only)
        if check_only:
            return result
        size = os.path.getsize(output_file)
        actual = _sha256(Path(output_file))
        if actual != self.meta["sha256"].lower() or ("size" in self.meta and size != self.meta["size"]):
            raise DownloadError(
                f"{self.asset} from {url} is corrupted and was not kept: SHA-256 expected {self.meta['sha256']}, "
                f"got {actual} ({size} bytes, expected {self.meta.get('size', '?')}). Try again; if it persists, "
                "the file on the server differs from the release registry shipped with tco-ops.")
        return result


def _extract(zpath: Path, folder: Path, members: dict) -> None:
    """Extract the verified release zip, refusing unsafe or unexpected members before writing anything."""
    import zipfile

    root = folder.resolve()
    try:
        zf = zipfile.ZipFile(zpath)
    except zipfile.BadZipFile as exc:
        raise DownloadError(f"{zpath.name} matches the registry but is not a readable zip ({exc}).") from exc
    with zf:
        infos = zf.infolist()
        unsafe = [f"{i.filename!r} ({why})" for i in infos if (why := _unsafe(i, root))]
        if unsafe:
            raise DownloadError(f"Refusing to extract {zpath.name}: {len(unsafe)} unsafe member(s): "
                                f"{'; '.join(unsafe)}. Nothing was extracted and the zip was deleted.")
        files = [i for i in infos if not i.is_dir()]
        names = [i.filename for i in files]
        dupes = sorted({n for n in names if names.count(n) > 1})
        extra = sorted(set(names) - set(members))
        missing = sorted(set(members) - set(names))
        if dupes or extra or missing:
            parts = [f"{label}: {', '.join(v)}" for label, v in
                     (("duplicated", dupes), ("not in the registry", extra), ("missing", missing)) if v]
            raise DownloadError(f"Refusing to extract {zpath.name}: its members differ from the registry "
                                f"({'; '.join(parts)}). Nothing was extracted and the zip was deleted.")
        for info in files:
            _extract_member(zf, info, folder / info.filename, members[info.filename])


def _unsafe(info, root: Path) -> str | None:
    import stat
    from pathlib import PurePosixPath, PureWindowsPath

    name = info.filename
    if not name or "\\" in name or "\x00" in name:
        return "empty name or backslash in path"
    if name.startswith("/") or PureWindowsPath(name).drive or PureWindowsPath(name).root:
        return "absolute path"
    if ".." in PurePosixPath(name).parts:
        return "path contains '..'"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "symbolic link"
    try:
        (root / name).resolve().relative_to(root)
    except ValueError:
        return "resolves outside the destination"
    return None


def _extract_member(zf, info, path: Path, meta: dict) -> None:
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    expected_size = meta.get("size", info.file_size)
    fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, suffix=".part", dir=path.parent)
    try:
        digest, size = hashlib.sha256(), 0
        with os.fdopen(fd, "wb") as out, zf.open(info) as src:
            while chunk := src.read(_CHUNK):
                size += len(chunk)
                if size > expected_size:  # also bounds a decompression bomb
                    break
                digest.update(chunk)
                out.write(chunk)
        actual = digest.hexdigest()
        if size != expected_size or actual != meta["sha256"].lower():
            raise DownloadError(f"{info.filename} in the release zip fails its check and was not extracted: "
                                f"SHA-256 expected {meta['sha256']}, got {actual} "
                                f"({size if size <= expected_size else 'more than ' + str(expected_size)} bytes, "
                                f"expected {expected_size}).")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _make_readable(path)


# --- helpers ------------------------------------------------------------------------------------

def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _verified(path: Path, meta: dict) -> bool:
    """True if `path` is a regular file with the registry's size and SHA-256 (no network)."""
    try:
        if not path.is_file() or ("size" in meta and path.stat().st_size != meta["size"]):
            return False
        return _sha256(path) == meta["sha256"].lower()
    except OSError:
        return False


def _make_readable(path: Path) -> None:
    try:  # temporary files are created 0600; the data is public
        os.chmod(path, 0o644)
    except OSError:
        pass


def _remove_empty_dirs(folder: Path) -> None:
    if not folder.is_dir():
        return
    for sub in sorted((p for p in folder.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        try:
            sub.rmdir()
        except OSError:
            pass
    try:
        folder.rmdir()
    except OSError:
        pass


def _is_network_error(exc: BaseException) -> bool:
    try:
        import requests
    except ImportError:
        return False
    return isinstance(exc, requests.exceptions.RequestException) and not isinstance(exc, requests.exceptions.HTTPError)


def _reason(exc: BaseException) -> str:
    import requests

    text = str(exc)
    if isinstance(exc, requests.exceptions.Timeout) or "timed out" in text.lower():
        return f"no answer within {timeout():g} s (TCO_OPS_TIMEOUT sets the limit)"
    if isinstance(exc, requests.exceptions.ConnectionError):
        return "the server cannot be reached (offline?)"
    return f"the transfer broke off ({type(exc).__name__})"


def _manual_steps(version: str, folder: Path, missing: dict[str, Path], tables: list[str] | None) -> str:
    whole = tables is None
    lines = [f"The cache folder for release {version} is {folder} "
             "(TCO_OPS_CACHE_DIR moves the cache; TCO_OPS_BASE_URL points at a mirror).",
             "To fill it by hand, download on a machine with network access:"]
    lines += [f"  {asset_url(version, asset)}\n    -> save as {path}" for asset, path in missing.items()]
    again = (f'then run tco_ops.download("{version}"' + ("" if whole else f", tables={tables!r}")
             + f") or `tco-ops download {version}" + ("" if whole else f" --tables {','.join(tables)}")
             + "` again: ")
    if whole:
        again += ("it checks the zip's SHA-256 and size against the registry shipped with tco-ops, "
                  "extracts it, checks every extracted file, and uses no network.")
    else:
        again += ("each file's SHA-256 and size are checked against the registry shipped with tco-ops; "
                  "files that match are kept and not downloaded again.")
    lines.append(again)
    if whole:
        lines.append(f'(Single tables: tco_ops.download("{version}", tables=["operations"]) fetches only '
                     "datapackage.json and those tables.)")
    return "\n".join(lines)
