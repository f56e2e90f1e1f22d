"""Open one seed file safely, and remember the hash of the bytes the build actually read.

Safely: a FIFO, device or socket named like a seed would block `open()` (while
the build holds its lock) or never end, and a folder named `x.yaml` would raise
IsADirectoryError; so the file is lstat-ed first, opened without following
links and without blocking, and checked again on the open descriptor (it may
have been swapped in between). Only then are its bytes read.

Remembered: the no-op rebuild (manifest.py) and the per-article cache
(units.py) key their results by the inputs. Hashing the files before or after
reading them races with an editor saving in between; hashing the very bytes
parsed cannot. `recording()` collects {path: sha256} of every read.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from contextlib import contextmanager
from pathlib import Path

from .. import vocab
from ..errors import Problem
from . import limits, safe_yaml
from .seed_tree import file_kind

CHANGED = "<changed while the build read it>"  # never equal to a real digest
MISSING = "<missing>"

_log: dict[str, str] | None = None


@contextmanager
def recording():
    """Collect {relative path: sha256 hex} of every seed file read inside the block."""
    global _log
    outer, _log = _log, {}
    log = _log
    try:
        yield log
    finally:
        _log = outer
        if outer is not None:
            for rel, digest in log.items():
                note(rel, digest)


def note(rel: str, digest: str) -> None:
    """Record that `rel` was read with this digest (a second, different read marks it CHANGED)."""
    if _log is not None:
        _log[rel] = digest if _log.get(rel, digest) == digest else CHANGED


_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) \
    | getattr(os, "O_BINARY", 0)


def read_bytes(path: Path, rel: str, problems: list[Problem]) -> bytes | None:
    """The bytes of a regular seed file within the size limit; None (and a problem) otherwise."""
    try:
        before = os.lstat(path)
    except FileNotFoundError:
        problems.append(Problem(rel, None, "file disappeared while the build was reading seeds/", None,
                                "run the build again once no other program is changing seeds/"))
        return None
    if (problem := _type_problem(before.st_mode, rel, path)) is not None:
        problems.append(problem)
        return None
    if before.st_size > limits.MAX_SEED_FILE_BYTES:
        problems.append(_too_large(rel, before.st_size))
        return None
    try:
        fd = os.open(path, _FLAGS)
    except OSError as exc:  # ELOOP: swapped for a link since lstat; EACCES: unreadable
        problems.append(Problem(rel, None, f"cannot open the file: {exc.strerror}", None,
                                "make it a plain, readable file"))
        return None
    try:
        st = os.fstat(fd)
        if (problem := _type_problem(st.st_mode, rel, path)) is not None:
            problems.append(problem)
            return None
        chunks, size = [], 0
        while size <= limits.MAX_SEED_FILE_BYTES:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limits.MAX_SEED_FILE_BYTES:  # grew after the lstat
        problems.append(_too_large(rel, len(data)))
        return None
    note(rel, hashlib.sha256(data).hexdigest())
    return data


def _type_problem(mode: int, rel: str, path: Path) -> Problem | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        try:
            target = os.readlink(path)
        except OSError:
            target = None
        return Problem(rel, None, "symbolic links are not followed in seeds/", target,
                       "replace the link with the file itself")
    if stat.S_ISDIR(mode):
        return Problem(rel, None, "is a folder, expected a file", None,
                       f"move what is inside out of seeds/ and create {Path(rel).name} as a plain file")
    return Problem(rel, None, f"is {file_kind(mode)}, not a regular file", None,
                   "remove it from seeds/; only plain files are allowed (nothing was read from it)")


def _too_large(rel: str, size: int) -> Problem:
    return Problem(rel, None, f"file is larger than {limits.MAX_SEED_FILE_BYTES} bytes", size,
                   "split it, or archive less text")


# -- text and YAML -----------------------------------------------------------------------
def read_text(path: Path, rel: str, problems: list[Problem]) -> str | None:
    """Strict UTF-8, LF, no BOM, no NUL, within the size limit; a regular file, never a link or FIFO."""
    data = read_bytes(path, rel, problems)
    if data is None:
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append(Problem(rel, 1, "file starts with a byte-order mark", "U+FEFF",
                                "save the file as UTF-8 without BOM"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(Problem(rel, line, "file is not valid UTF-8", data[exc.start:exc.start + 4],
                                "re-save the file as UTF-8"))
        return None
    for bad, what, fix in (("\r", "a carriage return (CRLF line ends)", "convert line ends to LF"),
                           ("\x00", "a NUL character", "remove the NUL character")):
        at = text.find(bad)
        if at != -1:
            problems.append(Problem(rel, text.count("\n", 0, at) + 1, f"file contains {what}", None, fix))
            return None
    return text


def yaml_file(path: Path, rel: str, problems: list[Problem]):
    text = read_text(path, rel, problems)
    if text is None:
        return None, False
    data, errs = safe_yaml.load(text, rel)
    problems.extend(errs)
    return data, not errs


def slug_of(path: Path, rel: str, what: str, problems: list[Problem]) -> str | None:
    stem = path.name.removesuffix(".md").removesuffix(".yaml")
    if not re.fullmatch(vocab.SLUG_PATTERN, stem) or len(stem) > 120:
        problems.append(Problem(rel, None, f"{what} id in the file name is not a slug", stem,
                                "rename the file to lowercase letters, digits and single hyphens"))
        return None
    return stem
