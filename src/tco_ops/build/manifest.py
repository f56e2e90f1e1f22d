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


def inputs_hash(root: Path) -> str:
    h = hashlib.sha256(_package_fingerprint())
    changelog = root / "CHANGELOG.md"  # datapackage.json's `created` is this version's date there
    h.update(changelog.read_bytes() if changelog.is_file() else b"<none>")
    seeds = root / "seeds"
    for dirpath, dirnames, filenames in os.walk(seeds):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            h.update(path.relative_to(root).as_posix().encode() + b"\0")
            h.update(path.read_bytes() if not path.is_symlink() else b"<symlink>")
            h.update(b"\0")
    return h.hexdigest()


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
