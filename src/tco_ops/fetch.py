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

Settings (environment):

- TCO_OPS_BASE_URL: the server (default: the GitHub releases of tco-ops).
- TCO_OPS_CACHE_DIR: where releases go (default: the user cache folder).
- TCO_OPS_TIMEOUT: seconds, default 30. Connecting, and every wait for more
  bytes, must end within it: a server that accepts and then stalls, before or
  after its headers, fails the download after about this long (a slow but
  moving transfer is not cut off).
- TCO_OPS_RETRIES: how many times a transfer that failed for a passing reason
  (timeout, connection lost or refused, HTTP 429 or 5xx) is tried again, default
  2, with pooch's growing pause (1 s, then 2 s, ...). A wrong file, an HTML page
  or an HTTP 404 is never retried.
- TCO_OPS_PROGRESS: "0" hides the progress bar that a download shows on a
  terminal (stderr is a tty); "1" shows it even when stderr is not one.
- TCO_OPS_ALLOW_REDIRECT_HOSTS: comma-separated host names a redirect may lead
  to (e.g. "mirror.example.org,cdn.example.org"). Redirects are followed by
  hand, at most 5, and only to http(s) URLs on the host of the requested URL
  (any port), on a host listed here, or, when that host is github.com, on
  GitHub's release-asset hosts (objects.githubusercontent.com,
  release-assets.githubusercontent.com), where GitHub's release links lead.
  Any other redirect is refused before its target is contacted.

What a download refuses, each with a DownloadError saying what happened and what
to do, leaving no temporary file, no unverified file and no empty folder that
the call created:

- a server that goes silent (see TCO_OPS_TIMEOUT), or cannot be reached;
- a wrong length: a Content-Length that differs from the registry's size, a body
  longer than that size (reading stops there), or a connection closed early;
- an HTML page instead of the file (a captive portal's login page, a proxy or
  CDN error page), told apart from a mere hash mismatch by its Content-Type or
  its first bytes;
- a redirect to a host not allowed (see TCO_OPS_ALLOW_REDIRECT_HOSTS);
- a cache folder that cannot be written (read-only, not a folder, disk full): the
  error names the folder and suggests freeing space, fixing its permissions or
  setting TCO_OPS_CACHE_DIR (or dest=) to another folder.

Files already verified, such as the tables of a tables=[...] call fetched before
a later one failed, are kept: they are complete and checked.

pooch, requests, platformdirs and tqdm load only when a download needs them. pooch
provides the temporary file in the destination folder, its removal on any
failure, its own SHA-256 check, the final rename and the retries; the HTTP
transfer itself is ours (requests, manual redirects, size and HTML checks while
streaming, tqdm's progress bar).
"""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

from . import download_args, settings  # every TCO_OPS_* value is checked before use
from .errors import DataNotFoundError, TcoOpsError

DEFAULT_BASE_URL = "https://github.com/tco-ops/tco-ops/releases/download"
DEFAULT_TIMEOUT = 30.0
_CHUNK = 1 << 16
_TMP_PREFIX = ".tco-ops-"
_MAX_REDIRECTS = 5
_GITHUB_ASSET_HOSTS = ("objects.githubusercontent.com", "release-assets.githubusercontent.com")


class DownloadError(TcoOpsError):
    """A release file could not be fetched, or failed its checks (hash, size, unsafe zip)."""


class TransientDownloadError(DownloadError, ValueError):
    """A transfer that failed for a reason that may pass (timeout, lost connection, HTTP 429/5xx).

    A ValueError too, because that is what pooch's retry loop (retry_if_failed) catches.
    """


DEFAULT_RETRIES = 2
_RETRY_STATUS = (429, 500, 502, 503, 504)


# --- settings -----------------------------------------------------------------------------------

def base_url() -> str:
    return (settings.get("TCO_OPS_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")


def cache_dir() -> Path:
    """The folder holding one sub-folder per downloaded version."""
    env = settings.get("TCO_OPS_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("tco-ops"))


def clear_cache(version: str | None = None) -> list[Path]:
    """Delete downloaded releases from the cache (all, or one version); return the folders removed.

    Only sub-folders named like a version (1.2.3) are touched, so a TCO_OPS_CACHE_DIR
    pointed at a folder that holds other things loses nothing else. A symbolic link
    in their place is removed, never what it points to.
    """
    import re
    import shutil

    root = cache_dir()
    if version is not None:
        version = _normalize(version)
        if not re.fullmatch(r"\d+\.\d+\.\d+", version):
            raise DataNotFoundError(f"{version!r} is not a release version (like 0.1.0); nothing was removed.")
    try:
        names = [version] if version is not None else sorted(os.listdir(root))
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise DownloadError(f"Cannot read the cache folder {root}: {exc.strerror or exc}.") from None
    removed = []
    for name in names:
        path = root / name
        if not re.fullmatch(r"\d+\.\d+\.\d+", name) or not (path.is_symlink() or path.is_dir()):
            continue
        try:
            if path.is_symlink():
                path.unlink()
            else:
                shutil.rmtree(path)
        except OSError as exc:
            raise DownloadError(f"Cannot remove {path}: {exc.strerror or exc}; fix its permissions and try "
                                "again.") from None
        removed.append(path)
    return removed


def timeout() -> float:
    raw = settings.get("TCO_OPS_TIMEOUT")
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


def retries() -> int:
    raw = os.environ.get("TCO_OPS_RETRIES")
    if not raw:
        return DEFAULT_RETRIES
    # ASCII digits only: str.isdigit() also accepts "²" and "٣", which int() then rejects or reads
    if not (raw.strip().isascii() and raw.strip().isdigit()) or int(raw) > 10:
        raise DownloadError(f"TCO_OPS_RETRIES={raw!r} is not a whole number from 0 to 10 (default {DEFAULT_RETRIES}).")
    return int(raw)


def show_progress() -> bool:
    """A progress bar on a terminal (stderr a tty) when tqdm is installed; TCO_OPS_PROGRESS forces it on or off."""
    import sys

    wanted = os.environ.get("TCO_OPS_PROGRESS")
    if wanted == "0":
        return False
    if wanted != "1" and not (hasattr(sys.stderr, "isatty") and sys.stderr.isatty()):
        return False
    try:
        import tqdm  # noqa: F401
    except ImportError:
        return False
    return True


def redirect_hosts(url: str) -> set[str]:
    """Hosts a redirect met while fetching `url` may lead to (see the module docstring)."""
    raw = settings.get("TCO_OPS_ALLOW_REDIRECT_HOSTS") or ""
    hosts = {_host(h if "//" in h else f"//{h}") for h in (h.strip() for h in raw.split(",")) if h}
    start = _host(url)
    hosts.add(start)
    if start == "github.com":
        hosts.update(_GITHUB_ASSET_HOSTS)
    hosts.discard("")
    return hosts


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        return (urlsplit(url.strip()).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


def asset_url(version: str, asset: str) -> str:
    return f"{base_url()}/v{version}/{asset}"


def zip_name(version: str) -> str:
    return f"tco-ops-data-{version}.zip"


def _normalize(version) -> str:
    return str(version).strip().removeprefix("v")


def _release(version: str) -> dict:
    """The registry entry; an unknown version raises DataNotFoundError listing the known ones."""
    from . import registry
    from ._version import __version__

    if version == __version__ and version not in registry.known_versions():
        # not "unknown, upgrade tco-ops": it is this very install, whose data is not released yet
        raise DataNotFoundError(f"{version} is the installed version: its data comes with tco-ops and is not a "
                                "published release to download. tco_ops.load(name) reads it; "
                                f"download() fetches the releases {', '.join(registry.known_versions())}.")
    return registry.registry(version)


# --- the public functions -----------------------------------------------------------------------

def download(version: str, dest: str | os.PathLike | None = None, tables: list[str] | None = None,
             force: bool = False) -> Path:
    """Download release `version` and return the folder holding it.

    The folder looks like a checkout: datapackage.json and dataset/<table>.parquet
    (plus CITATION.cff when the whole release is fetched), so
    `tco_ops.loader.load(name, folder=...)` reads it. Default folder:
    <cache>/<version>/, which is where `tco_ops.load(name, version=...)` looks.

    tables=None fetches the release zip and extracts it; tables=[...] fetches only
    datapackage.json and those tables. Unknown versions or tables raise
    DataNotFoundError listing the valid ones; failed transfers or checks raise
    DownloadError and leave no unverified file behind. force=True fetches every
    file again even when the copy present passes its check (each is still
    replaced only by a verified file).
    """
    return _download(version, dest, tables, force)[0]


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
    parser.add_argument("--force", action="store_true",
                        help="fetch every file again, even those already present and verified")


def main_cli(args) -> int:
    """`tco-ops download VERSION [--dest D] [--tables a,b]`; args is the argparse Namespace.

    Returns 0; raises TcoOpsError (DataNotFoundError, DownloadError), which cli.main reports.
    """
    tables = [t.strip() for t in args.tables.split(",") if t.strip()] if getattr(args, "tables", None) else None
    folder, fetched, kept = _download(args.version, getattr(args, "dest", None), tables,
                                      bool(getattr(args, "force", False)))
    for name in fetched:
        print(f"downloaded  {name}")
    what = f"tables {', '.join(tables)}" if tables else "whole release"
    print(f"tco-ops {_normalize(args.version)} ({what}) in {folder}: {len(fetched)} file(s) downloaded, "
          f"{kept} already present and verified")
    return 0


# --- the work -----------------------------------------------------------------------------------

def _download(version, dest, tables, force: bool = False) -> tuple[Path, list[str], int]:
    dest, tables = download_args.checked(dest, tables)
    version = _normalize(version)
    entry = _release(version)
    folder = dest if dest is not None else cache_dir() / version
    may_create = _folders_we_may_create(folder, entry)
    existed = {d for d in may_create if d.is_dir()}
    try:
        if dest is not None and not force:
            download_args.refuse_foreign_files(folder, download_args.files_written(entry, folder, tables))
        if tables is None:
            return _whole_release(version, entry, folder, force)
        return _some_tables(version, entry, folder, tables, force)
    except BaseException as exc:
        # Temporary files are gone already; remove the folders this call made, if empty.
        for sub in sorted(may_create - existed, key=lambda p: len(p.parts), reverse=True):
            try:
                sub.rmdir()
            except OSError:
                pass
        if isinstance(exc, OSError) and not _is_requests_error(exc):  # requests' errors are OSErrors too
            raise _storage_error(version, folder, dest is not None, exc) from exc
        raise


def _some_tables(version: str, entry: dict, folder: Path, tables, force: bool = False) -> tuple[Path, list[str], int]:
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
    todo = {a: p for a, p in wanted.items() if force or not _verified(p, assets[a])}
    fetched = []
    for asset, path in todo.items():
        try:
            _fetch(version, asset, path, assets[asset], force)
        except DownloadError as exc:
            if exc.__cause__ is not None and _is_network_error(exc.__cause__):
                missing = {a: p for a, p in todo.items() if not _verified(p, assets[a])}
                steps = _manual_steps(version, folder, missing, tables=tables)
                raise DownloadError(f"{exc}\n{steps}") from exc.__cause__
            raise
        fetched.append(asset)
    return folder, fetched, len(wanted) - len(todo)


def _whole_release(version: str, entry: dict, folder: Path, force: bool = False) -> tuple[Path, list[str], int]:
    members = entry.get("zip_members") or {}
    asset = zip_name(version)
    if not members or asset not in entry.get("assets", {}):
        raise DownloadError(f"The registry of release {version} lists no {asset} or its members; "
                            "this tco-ops install is damaged (pip install --force-reinstall tco-ops).")
    if not force and all(_verified(folder / name, meta) for name, meta in members.items()):
        return folder, [], len(members)
    zpath = folder / asset
    fetched = []
    if force or not _verified(zpath, entry["assets"][asset]):
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


def _fetch(version: str, asset: str, path: Path, meta: dict, force: bool = False) -> None:
    """Download one asset to `path` through pooch: temporary file in the same folder, verified, renamed.

    pooch keeps a file that already has the right hash; force=True downloads
    beside it and then replaces it, so the old copy stays until the new one passed.

    The transfer is _Get's (redirects, timeouts, size and HTML checks); an OSError
    (cache not writable, disk full) propagates for _download to explain.
    """
    import pooch
    import requests

    url = asset_url(version, asset)
    limit = timeout()  # a bad TCO_OPS_TIMEOUT fails here, before pooch creates any folder
    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel("WARNING")  # pooch logs every download at INFO to stderr
    target = path.with_name(f"{_TMP_PREFIX}force-{path.name}") if force and path.exists() else path
    attempts = retries()
    try:
        # pooch.create rather than pooch.retrieve: only the former retries (retry_if_failed)
        store = pooch.create(path=path.parent, base_url="", registry={target.name: f"sha256:{meta['sha256']}"},
                             urls={target.name: url}, retry_if_failed=attempts)
        store.fetch(target.name, downloader=_Get(asset, meta, limit, show_progress()))
        if target != path:
            os.replace(target, path)
    except DownloadError as exc:
        if isinstance(exc, TransientDownloadError) and attempts:
            # from the network error itself, so callers still see what broke (and add the manual steps)
            raise DownloadError(f"{exc} (tried {attempts + 1} times; TCO_OPS_RETRIES sets how often)") \
                from (exc.__cause__ or exc)
        raise
    except requests.exceptions.HTTPError as exc:
        status = exc.response.status_code if exc.response is not None else "an error"
        where = exc.response.url if exc.response is not None and exc.response.url else url
        via = "" if where == url else f" (redirected to {where})"
        raise DownloadError(f"Downloading {asset} failed: {url} answered HTTP {status}{via} "
                            "(TCO_OPS_BASE_URL sets the server).") from exc
    except requests.exceptions.RequestException as exc:  # _Get explains most; this is the fallback
        raise DownloadError(f"Downloading {asset} from {url} failed: {_reason(exc)}; {asset} was not kept.") from exc
    except ValueError as exc:  # pooch's own hash check; _Get normally raises first
        raise DownloadError(f"{asset} from {url} failed its SHA-256 check and was not kept: {exc}") from exc
    finally:
        logger.setLevel(level)
    _make_readable(path)


class _Get:
    """pooch downloader: streams `url` into pooch's temporary file, checking it against the registry.

    Raising here happens inside pooch's temporary-file context, which deletes the
    file, so a failed check never reaches the trusted path; the error names what we got.
    Checks, in order: redirects (by hand, bounded, allowed hosts only), HTTP status,
    announced Content-Length against the registry size, each read within TCO_OPS_TIMEOUT,
    no more bytes than the registry size, then size and SHA-256. An HTML page (by its
    Content-Type or first bytes) that fails any check is reported as such.
    """

    def __init__(self, asset: str, meta: dict, limit: float, progress: bool = False):
        self.asset, self.meta, self.limit, self.progress = asset, meta, limit, progress

    def __call__(self, url, output_file, pooch_obj=None, check_only=False):
        import requests

        limit = self.limit
        with requests.Session() as session:
            response, final = self._open(session, url, limit)
            with response:
                if check_only:
                    return True
                self._receive(response, url, final, output_file, limit)
        return None

    def _open(self, session, url: str, limit: float):
        """GET `url`, following at most _MAX_REDIRECTS redirects, each checked before it is contacted."""
        import requests
        from urllib.parse import urljoin, urlsplit

        allowed = redirect_hosts(url)
        current = url
        for _ in range(_MAX_REDIRECTS + 1):
            try:
                response = session.get(current, stream=True, timeout=(limit, limit), allow_redirects=False,
                                       headers={"Accept-Encoding": "identity"})
            except requests.exceptions.RequestException as exc:
                raise self._network(current, exc, limit) from exc
            if not 300 <= response.status_code < 400:
                if response.status_code >= 400:
                    status = response.status_code
                    response.close()
                    via = "" if current == url else f" (redirected to {current})"
                    error = TransientDownloadError if status in _RETRY_STATUS else DownloadError
                    raise error(f"Downloading {self.asset} failed: {url} answered HTTP {status}{via} "
                                "(TCO_OPS_BASE_URL sets the server).")
                if response.status_code != 200:
                    response.close()
                    raise DownloadError(f"Downloading {self.asset} failed: {current} answered HTTP "
                                        f"{response.status_code} instead of 200 with the file; it was not kept.")
                return response, current
            location = response.headers.get("Location")
            response.close()
            try:
                target = urljoin(current, location) if location else ""
                parts = urlsplit(target) if target else None
            except ValueError:
                parts = None
            if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
                to = f"redirecting to {location!r}, which is not an http(s) URL" if location else "without a Location"
                raise DownloadError(f"Downloading {self.asset} failed: {current} answered HTTP {response.status_code} "
                                    f"{to}; it was not followed and nothing was kept.")
            host = _host(target)
            if host not in allowed:
                raise DownloadError(
                    f"Refusing a redirect while downloading {self.asset}: {current} redirects to {target}, "
                    f"on host {host!r}, not {_host(url)!r}; it was not contacted and nothing was kept. "
                    f"If you trust that host, allow it: TCO_OPS_ALLOW_REDIRECT_HOSTS={host} "
                    "(comma-separated host names), or point TCO_OPS_BASE_URL at it directly.")
            current = target
        raise DownloadError(f"Downloading {self.asset} from {url} failed: more than {_MAX_REDIRECTS} redirects "
                            f"(last to {current}); nothing was kept. The server is misconfigured or loops; "
                            "TCO_OPS_BASE_URL sets the server.")

    def _receive(self, response, url: str, final: str, output_file, limit: float) -> None:
        import requests

        asset, meta = self.asset, self.meta
        expected = meta.get("size")
        ctype = response.headers.get("Content-Type", "")
        encoded = response.headers.get("Content-Encoding", "identity").strip().lower() not in ("", "identity")
        try:
            declared = None if encoded else int(response.headers["Content-Length"])
        except (KeyError, ValueError):
            declared = None
        src = url if final == url else f"{url} (redirected to {final})"

        def fail(problem: str, head: bytes = b""):
            html = _html_page(ctype, head)
            if html:
                return DownloadError(
                    f"{asset} was not downloaded: {src} returned an HTML page ({html}) rather than the file. "
                    "A captive portal (a Wi-Fi or hotel login page), a proxy or CDN error page, or a "
                    "TCO_OPS_BASE_URL pointing at a web page answers like this. Open the URL in a browser to "
                    "see the page; sign in or fix TCO_OPS_BASE_URL, then try again. Nothing was kept.")
            return DownloadError(f"{asset} from {src} {problem} and was not kept. Try again; if it persists, "
                                 "the file on the server differs from the release registry shipped with tco-ops.")

        if declared is not None and expected is not None and declared != expected:
            head = b""
            if _html_page(ctype, b""):  # a few bytes of the page, for its title
                try:
                    head = next(response.iter_content(4096), b"")
                except requests.exceptions.RequestException:
                    pass
            raise fail(f"is the wrong size: the server announced {declared} bytes (Content-Length), "
                       f"the registry expects {expected}", head)
        digest, got, head = hashlib.sha256(), 0, b""
        bar = None
        if self.progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=expected or declared, unit="B", unit_scale=True, unit_divisor=1024, desc=asset,
                       leave=False, dynamic_ncols=True)
        with open(output_file, "wb") as out, (bar if bar is not None else _NoBar()) as shown:
            try:
                for chunk in response.iter_content(_CHUNK):
                    if len(head) < 4096:
                        head += chunk[: 4096 - len(head)]
                    got += len(chunk)
                    if expected is not None and got > expected:
                        raise fail(f"is too long: more than the {expected} bytes the registry expects "
                                   "(the transfer was stopped there)", head)
                    digest.update(chunk)
                    out.write(chunk)
                    shown.update(len(chunk))
            except requests.exceptions.RequestException as exc:
                try:  # bytes that arrived before the break, delivered to us or not
                    got = max(got, int(response.raw.tell())) if declared is not None else got
                except (AttributeError, TypeError, ValueError):
                    pass
                raise self._network(final, exc, limit, got, declared) from exc
        if declared is not None and got < declared:
            raise self._network(final, None, limit, got, declared)
        actual = digest.hexdigest()
        if expected is not None and got != expected:
            raise fail(f"is the wrong size: {got} bytes received, the registry expects {expected} "
                       f"(SHA-256 {actual})", head)
        if actual != meta["sha256"].lower():
            raise fail(f"is corrupted: SHA-256 expected {meta['sha256']}, got {actual} "
                       f"({got} bytes, expected {expected if expected is not None else '?'})", head)

    def _network(self, url: str, exc, limit: float, got: int | None = None, declared: int | None = None):
        """A DownloadError for a transfer that timed out, could not start, or broke off."""
        import requests

        text = str(exc) if exc is not None else ""
        if isinstance(exc, requests.exceptions.Timeout) or "timed out" in text.lower():
            what = "no answer" if got is None else f"the server went silent after {got} bytes: nothing more"
            why = (f"{what} within {limit:g} s (the TCO_OPS_TIMEOUT setting, now {limit:g}; "
                   "raise it for a slow connection or server)")
        elif got is not None:
            of = f" of the {declared} announced" if declared is not None else ""
            why = f"the transfer broke off: the connection closed after {got}{of} bytes"
        elif isinstance(exc, requests.exceptions.ConnectionError):
            why = "the server cannot be reached (offline?)"
        else:
            why = f"the transfer broke off ({type(exc).__name__})"
        return TransientDownloadError(f"Downloading {self.asset} from {url} failed: {why}; {self.asset} was not kept.")


class _NoBar:
    """Stands in for tqdm when no progress bar is shown."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, n: int) -> None:
        pass


def _html_page(content_type: str, head: bytes) -> str | None:
    """Why the response looks like an HTML page (Content-Type or first bytes), or None."""
    import re

    ctype = content_type.split(";")[0].strip().lower()
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if ctype in ("text/html", "application/xhtml+xml"):
        why = f"Content-Type {ctype}"
    elif start.startswith((b"<!doctype", b"<html", b"<head", b"<body", b"<?xml", b"<!--")):
        why = f"it starts with {head.lstrip()[:15].decode('ascii', 'replace')!r}"
    else:
        return None
    title = re.search(rb"<title[^>]*>(.{1,200}?)</title>", head, re.I | re.S)
    if title:
        text = " ".join(title.group(1).decode("utf-8", "replace").split())[:80]
        why += f", titled {text!r}"
    return why


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
    os.close(fd)
    try:
        digest, size = hashlib.sha256(), 0
        with open(tmp, "wb") as out, zf.open(info) as src:
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


def _folders_we_may_create(folder: Path, entry: dict) -> set[Path]:
    """`folder`, its missing parents, and the sub-folders a release puts files in."""
    dirs = {folder, folder / "dataset"}
    for name in entry.get("zip_members") or {}:
        parent = (folder / name).parent
        while folder in parent.parents:  # hostile names (.., absolute) fall outside and are skipped
            dirs.add(parent)
            parent = parent.parent
    parent = folder.parent
    while parent != parent.parent and not parent.exists():
        dirs.add(parent)
        parent = parent.parent
    return dirs


def _storage_error(version: str, folder: Path, own_dest: bool, exc: OSError) -> DownloadError:
    """Explain an OSError met while writing into `folder`: what, where, and what to do."""
    cause = exc
    for _ in range(5):  # pooch re-raises PermissionError without errno; the cause has it
        if cause.errno is not None or not isinstance(cause.__cause__ or cause.__context__, OSError):
            break
        cause = cause.__cause__ or cause.__context__
    code = cause.errno
    detail = cause.strerror or str(cause) or type(cause).__name__
    if cause.filename:
        detail += f": {cause.filename}"
    if own_dest:
        elsewhere = "or pass another folder as dest= (--dest in a shell)"
    else:
        elsewhere = f"or set TCO_OPS_CACHE_DIR to another folder (the cache folder is now {cache_dir()})"
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        what = (f"the disk is full ({detail}). Free some space there and try again, "
                f"{elsewhere.replace('another folder', 'a folder on a disk with space')}")
    elif code in (errno.EACCES, errno.EPERM, getattr(errno, "EROFS", errno.EACCES)):
        what = (f"the folder is not writable ({detail}). Make it writable (owner, permissions, "
                f"read-only mount), {elsewhere.replace('another folder', 'a folder you can write to')}")
    elif code in (errno.ENOTDIR, errno.EEXIST):
        blocker = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), None)
        what = (f"{blocker if blocker else 'part of that path'} is a file, not a folder ({detail}). "
                f"Move that file away, {elsewhere}")
        return DownloadError(f"Cannot create the folder for release {version}, {folder}: {what}. "
                             "Nothing was written.")
    else:
        what = f"{detail}. Check that folder, {elsewhere}"
    return DownloadError(f"Cannot write release {version} to {folder}: {what}. "
                         "Nothing partial was kept: no temporary or unverified file remains.")


def _is_requests_error(exc: BaseException) -> bool:
    try:
        import requests
    except ImportError:
        return False
    return isinstance(exc, requests.exceptions.RequestException)


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
