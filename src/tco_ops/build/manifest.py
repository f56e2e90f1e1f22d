"""The last successful build's inputs and outputs, for a no-op rebuild that reads but does not build.

When every seed file, the package's code and the writer libraries are what
they were, and every output still has the bytes that build wrote, there is
nothing to do. Anything else (an edited seed, a new library, a hand-edited
output) falls through to a real build.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

CACHE_DIR = ".tco-ops-cache"


def _package_fingerprint() -> bytes:
    from importlib.metadata import version

    package = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for lib in ("pyarrow", "pandas", "pandera"):  # their versions shape the bytes written
        h.update(f"{lib}={version(lib)}".encode())
    return h.digest()


def input_digests(root: Path) -> dict[str, str]:
    """{path under the checkout: sha256} of every entry under seeds/; nothing but regular files is opened
    (a FIFO would block here, while the build holds its lock), the others stand for their kind."""
    out: dict[str, str] = {}
    changelog = root / "CHANGELOG.md"  # datapackage.json's `created` is this version's date there
    out["CHANGELOG.md"] = _read_digest(changelog) if changelog.is_file() else "<none>"
    seeds = root / "seeds"
    for dirpath, dirnames, filenames in os.walk(seeds):
        for name in (*filenames, *dirnames):
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            try:
                mode = os.lstat(path).st_mode
                if stat.S_ISREG(mode):
                    out[rel] = _read_digest(path)
                elif not stat.S_ISDIR(mode):
                    out[rel] = f"<{stat.S_IFMT(mode):o}>"  # a link, FIFO, device or socket: the build refuses it
            except OSError:
                out[rel] = "<unreadable>"
    return out


def _read_digest(path: Path) -> str:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped since the lstat
            return "<not a regular file>"
        h = hashlib.sha256()
        while chunk := os.read(fd, 1 << 20):
            h.update(chunk)
        return h.hexdigest()
    finally:
        os.close(fd)


def digest(inputs: dict[str, str]) -> str:
    """One hash for the code and the seeds' digests."""
    h = hashlib.sha256(_package_fingerprint())
    for rel in sorted(inputs):
        h.update(f"{rel}\0{inputs[rel]}\0".encode())
    return h.hexdigest()


def inputs_hash(root: Path) -> str:
    return digest(input_digests(root))


def built_from(seen: dict[str, str], read: dict[str, str]) -> str:
    """The inputs hash of what a build actually parsed: the digests of the bytes it read, over
    those seen before it started (files it does not read, such as seeds/README.md, keep theirs).

    Hashing only before the build races with an edit in between: a seed set to B, rewritten to C
    while the build reads it, then set back to B would look up to date while the outputs say C.
    """
    return digest(seen | read)


def _sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def up_to_date(root: Path, inputs: str) -> bool:
    try:
        stored = json.loads((root / CACHE_DIR / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if stored.get("inputs") != inputs:
        return False
    return all(_sha(root / rel) == digest for rel, digest in stored.get("outputs", {}).items())


def record(root: Path, inputs: str, files: dict[str, bytes]) -> None:
    folder = root / CACHE_DIR
    folder.mkdir(exist_ok=True)
    data = {"inputs": inputs, "outputs": {rel: hashlib.sha256(b).hexdigest() for rel, b in sorted(files.items())}}
    tmp = folder / f"manifest.json.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
    os.replace(tmp, folder / "manifest.json")
