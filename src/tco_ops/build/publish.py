"""Write generated files into the checkout only after everything passed, so that
a build killed at any moment never leaves a half-published dataset behind.

1. Every new file is written and flushed in a staging folder beside the targets.
2. Each file about to be replaced or deleted is hard-linked into the staging
   folder as a backup, and a journal listing them is written and flushed.
3. Files are moved into place (os.replace: atomic per file), stale ones removed.
4. The journal is deleted: that is the commit point.

Killed before 2 finishes, the targets are untouched. Killed during 3, the
journal remains, and the next tco-ops command (or recover()) puts every backup
back, so the previous state returns byte for byte; loaders refuse to read
while a journal is present. A lock held for the whole build serialises builds:
a second one fails at once with a clear message.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
from pathlib import Path

from ..errors import TcoOpsError

# Folders the build owns entirely; a file in them that the build did not produce is stale.
# Defined here, not in render.py, so the no-op path never imports pandas or pandera.
GENERATED_DIRS = ("dataset", "schema")

LOCK_NAME = ".tco-ops.lock"
JOURNAL_NAME = ".tco-ops-journal.json"
STAGING_PREFIX = ".staging-"


class BuildLocked(TcoOpsError):
    pass


@contextlib.contextmanager
def build_lock(root: Path):
    path = root / LOCK_NAME
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLocked(f"another build is running (it holds {path}); wait for it to finish, "
                              "then run again") from None
        try:
            recover(root)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _fsync_write(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def recover(root: Path) -> list[str]:
    """Undo an interrupted publish (restore every backup) and remove stale staging folders.

    Call with the build lock held. Returns the paths restored.
    """
    restored = []
    journal = root / JOURNAL_NAME
    if journal.exists():
        try:
            entries = json.loads(journal.read_text(encoding="utf-8"))
        except ValueError:
            entries = None  # the journal itself was cut short: nothing was replaced yet
        if entries is not None:
            staging = root / entries["staging"]
            for item in entries["files"]:
                rel = item["rel"]
                if item["had_old"]:
                    backup = staging / "old" / rel
                    if backup.exists():
                        os.replace(backup, root / rel)
                elif (root / rel).exists():
                    (root / rel).unlink()
                restored.append(rel)
            _fsync_dir(root)
        journal.unlink()
    for stale in root.glob(STAGING_PREFIX + "*"):
        shutil.rmtree(stale, ignore_errors=True)
    return restored


def publish(root: Path, files: dict[str, bytes]) -> list[str]:
    """Replace the generated files under `root`; return the paths that changed. Hold the build lock."""
    staging = root / f"{STAGING_PREFIX}{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    changed = [rel for rel, data in files.items()
               if not (root / rel).is_file() or (root / rel).read_bytes() != data]
    stale = [path.relative_to(root).as_posix() for folder in GENERATED_DIRS
             for path in sorted((root / folder).glob("*")) if path.is_file()
             and path.relative_to(root).as_posix() not in files]
    if not changed and not stale:
        return []
    for rel in changed:  # 1. stage
        tmp = staging / "new" / rel
        tmp.parent.mkdir(parents=True, exist_ok=True)
        _fsync_write(tmp, files[rel])
    entries = []
    for rel in [*changed, *stale]:  # 2. back up what will be replaced or removed
        had_old = (root / rel).is_file()
        if had_old:
            backup = staging / "old" / rel
            backup.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(root / rel, backup)
            except OSError:  # a file system without hard links
                shutil.copy2(root / rel, backup)
        entries.append({"rel": rel, "had_old": had_old})
    tmp_journal = staging / "journal.json"
    _fsync_write(tmp_journal, json.dumps({"staging": staging.name, "files": entries}).encode())
    os.replace(tmp_journal, root / JOURNAL_NAME)
    _fsync_dir(root)
    for rel in changed:  # 3. move into place
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / "new" / rel, root / rel)
    for rel in stale:
        (root / rel).unlink()
    _fsync_dir(root)
    for folder in {Path(rel).parent for rel in changed} - {Path(".")}:
        _fsync_dir(root / folder)
    (root / JOURNAL_NAME).unlink()  # 4. commit
    _fsync_dir(root)
    shutil.rmtree(staging, ignore_errors=True)
    return [*changed, *stale]


def interrupted(root: Path) -> bool:
    """True while an interrupted publish awaits recovery (its files may be mixed)."""
    return (root / JOURNAL_NAME).exists()
