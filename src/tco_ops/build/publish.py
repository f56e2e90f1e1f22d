"""Write generated files into the checkout only after everything passed.

Files are first written to a staging folder beside the targets (same file
system), flushed to disk, then moved into place with os.replace, each move
atomic. A lock serialises concurrent builds.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from pathlib import Path

from ..errors import TcoOpsError
from .render import GENERATED_DIRS

LOCK_NAME = ".tco-ops.lock"


class BuildLocked(TcoOpsError):
    pass


@contextlib.contextmanager
def build_lock(root: Path):
    path = root / LOCK_NAME
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLocked(f"another build holds {path}; wait for it to finish, then run again") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _fsync_write(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def publish(root: Path, files: dict[str, bytes]) -> list[str]:
    """Replace the generated files under `root`; return the paths that changed."""
    staging = root / f".staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    changed = []
    try:
        for rel, data in files.items():
            target = root / rel
            if target.exists() and target.read_bytes() == data:
                continue
            tmp = staging / rel
            tmp.parent.mkdir(parents=True, exist_ok=True)
            _fsync_write(tmp, data)
            changed.append(rel)
        for rel in changed:
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / rel, root / rel)
        for folder in GENERATED_DIRS:  # tables or schemas that no longer exist
            for path in sorted((root / folder).glob("*")):
                rel = path.relative_to(root).as_posix()
                if path.is_file() and rel not in files:
                    path.unlink()
                    changed.append(rel)
        dirfd = os.open(root, os.O_RDONLY)
        try:
            os.fsync(dirfd)
        finally:
            os.close(dirfd)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return changed
