"""Every file the loader reads is checked against the SHA-256 recorded for it, once per process.

Where the expected hash comes from:

- the installed wheel's data, a checkout, or any other folder: the resource's
  `hash` in that folder's datapackage.json;
- a downloaded release: the release registry shipped with tco-ops
  (registry/<version>.json), which also vouches for the release's datapackage.json.

A file is read once: the bytes that were hashed are the bytes handed to pyarrow,
so a file changed between the check and the read cannot slip through. A file
verified earlier in this process is not hashed again while its path, device,
inode, size and mtime stay the same. A file modified less than two seconds
before it was checked is not remembered: a second write within the same clock
tick keeps the same mtime (git's "racily clean" problem).

Everything that goes wrong reading a data file or datapackage.json becomes a
DataIntegrityError naming the file and the fix, never a raw OSError,
JSONDecodeError or pyarrow exception. Only the standard library is imported here.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import time
from pathlib import Path

from .errors import DataIntegrityError

_RACY_NS = 2_000_000_000  # files younger than this are checked every time (see above)
_HASH = re.compile(r"sha256:[0-9a-f]{64}")
_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")

_verified: set[tuple] = set()  # (path, dev, ino, size, mtime_ns, expected) of files that passed
_packages: dict[tuple, Package] = {}


class Package:
    """The parts of a datapackage.json that the loader relies on, checked."""

    __slots__ = ("path", "raw", "hashes")

    def __init__(self, path: Path, raw: dict, hashes: dict[str, str]):
        self.path = path
        self.raw = raw  # the parsed JSON (export copies its metadata)
        self.hashes = hashes  # table name → hex SHA-256, in publication order

    @property
    def names(self) -> list[str]:
        return list(self.hashes)


def repair_hint(folder: Path, version: str | None = None) -> str:
    """How to restore the data in `folder`: depends on where it came from."""
    if version is not None:
        return (f"download it again: `tco-ops download {version} --force` in a shell "
                f'(tco_ops.download("{version}", force=True) in Python)')
    from . import _paths

    if folder == _paths._PACKAGE / "data":
        return "reinstall tco-ops: pip install --force-reinstall tco-ops"
    if (folder / "seeds").is_dir() and (folder / "pyproject.toml").is_file():
        return (f"rebuild it: run `tco-ops build` in {folder} (it rewrites every output whose bytes differ "
                "from what the seeds build)")
    return ("restore that folder from where it came from: `tco-ops build` in a checkout, "
            "`tco-ops download VERSION --force` for a download, or pip install --force-reinstall tco-ops")


def _sha256(data: bytes) -> str:
    """One place that hashes, so tests can count how often a file is hashed."""
    return hashlib.sha256(data).hexdigest()


def _kind(mode: int) -> str:
    for test, what in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return what
    return "not a regular file"


def read_bytes(path: Path, fix: str) -> tuple[bytes, os.stat_result]:
    """The whole content of the regular file `path`, and its stat; DataIntegrityError otherwise.

    Opened non-blocking so that a named pipe planted at `path` is refused rather than waited on.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise DataIntegrityError(f"{path} is missing; {fix}") from None
    except PermissionError:
        raise DataIntegrityError(f"{path} cannot be read (permission denied): give your user read access "
                                 f"to it, or {fix}") from None
    except (OSError, ValueError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise DataIntegrityError(f"{path} cannot be opened ({why}); {fix}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise DataIntegrityError(f"{path} is {_kind(st.st_mode)}, not a data file; remove it, then {fix}")
        chunks, size = [], 0
        while True:  # os.read may return less than asked (a pipe would, a file rarely does)
            chunk = os.read(fd, max(st.st_size - size, 0) + 1)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise DataIntegrityError(f"{path} cannot be read ({exc.strerror or exc}); {fix}") from None
    finally:
        os.close(fd)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks), st


def read_verified(path: Path, expected: frozenset[str], fix: str, source: str,
                  size: int | None = None) -> bytes:
    """The bytes of `path`, after checking their SHA-256 is one of `expected` (hex digests).

    `source` says where the expected hash is recorded (for the message); `size`,
    when the record has one, rejects a truncated or padded file before hashing it.
    """
    data, st = read_bytes(path, fix)
    key = (str(path), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, expected)
    if key in _verified:
        return data
    if size is not None and len(data) != size:
        raise DataIntegrityError(f"{path} is damaged or was altered: it has {len(data)} bytes, {source} records "
                                 f"{size}. Do not use it; {fix}")
    digest = _sha256(data)
    if digest not in expected:
        want = " or ".join(sorted(expected))
        raise DataIntegrityError(f"{path} is damaged or was altered: its SHA-256 is {digest}, {source} records "
                                 f"{want}. Do not use it; {fix}")
    if time.time_ns() - st.st_mtime_ns > _RACY_NS:
        _verified.add(key)
    return data


def forget() -> None:
    """Drop every remembered check (tests; a long-running process that wants to re-check)."""
    _verified.clear()
    _packages.clear()


def read_package(folder: Path, fix: str, expected: frozenset[str] | None = None, source: str = "") -> Package:
    """folder/datapackage.json, parsed and checked; with `expected`, first verified against those hashes."""
    path = folder / "datapackage.json"
    try:
        st = os.stat(path)
        key = (str(path), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, expected)
        cached = _packages.get(key)
        if cached is not None:
            return cached
    except (OSError, ValueError):
        key = None  # read_bytes explains what is wrong
    if expected is not None:
        data = read_verified(path, expected, fix, source)
        st = os.stat(path)
    else:
        data, st = read_bytes(path, fix)
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise DataIntegrityError(f"{path} is not valid UTF-8 (byte {exc.start}); {fix}") from None
    except ValueError as exc:  # json.JSONDecodeError
        where = f" at line {exc.lineno}, column {exc.colno}" if hasattr(exc, "lineno") else ""
        raise DataIntegrityError(f"{path} is not valid JSON ({getattr(exc, 'msg', exc)}{where}); {fix}") from None
    package = Package(path, raw, _resource_hashes(raw, path, fix))
    if key is not None and time.time_ns() - st.st_mtime_ns > _RACY_NS:
        _packages[key] = package
    return package


def _resource_hashes(raw, path: Path, fix: str) -> dict[str, str]:
    """{table: hex SHA-256} from the resources; every structural problem is one clear error."""
    def bad(what: str) -> DataIntegrityError:
        return DataIntegrityError(f"{path} is invalid: {what}; {fix}")

    if not isinstance(raw, dict):
        raise bad(f"the top level is a JSON {type(raw).__name__}, not an object")
    resources = raw.get("resources")
    if not isinstance(resources, list) or not resources:
        raise bad("`resources` is missing or not a non-empty list")
    hashes: dict[str, str] = {}
    for i, res in enumerate(resources):
        if not isinstance(res, dict):
            raise bad(f"resources[{i}] is a JSON {type(res).__name__}, not an object")
        name = res.get("name")
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            raise bad(f"resources[{i}].name is {name!r}, not a table name (lowercase letters, digits, _)")
        if name in hashes:
            raise bad(f"resources[{i}].name {name!r} appears twice")
        if res.get("path") != f"dataset/{name}.parquet":
            raise bad(f"resources[{i}].path is {res.get('path')!r}, expected 'dataset/{name}.parquet'")
        digest = res.get("hash")
        if not isinstance(digest, str) or not _HASH.fullmatch(digest):
            raise bad(f"resources[{i}].hash is {digest!r}, not 'sha256:' and 64 lowercase hex digits")
        hashes[name] = digest.removeprefix("sha256:")
    return hashes


def registry_hashes(entry: dict, version: str, names: tuple[str, ...]) -> tuple[frozenset[str], int | None]:
    """The SHA-256 digests (and size) the registry of `version` records for a file.

    `names` are the file's keys in zip_members and in assets (a whole-release
    download comes from the zip, a tables=[...] one from the single assets).
    """
    found, sizes = set(), set()
    for group, key in zip(("zip_members", "assets"), names):
        meta = (entry.get(group) or {}).get(key) if isinstance(entry.get(group) or {}, dict) else None
        if isinstance(meta, dict) and isinstance(meta.get("sha256"), str):
            found.add(meta["sha256"].lower())
            if isinstance(meta.get("size"), int):
                sizes.add(meta["size"])
    if not found:
        raise DataIntegrityError(f"The registry of release {version} records no SHA-256 for {names[0]}; this "
                                 "tco-ops install is damaged: pip install --force-reinstall tco-ops")
    return frozenset(found), sizes.pop() if len(sizes) == 1 else None
