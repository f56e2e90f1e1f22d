"""`tco-ops validate`: are the committed files exactly what the seeds build, and valid?"""

from __future__ import annotations

import difflib
import hashlib
import io
import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from ..schema import TABLES
from ..schema.frames import to_pandas
from .pipeline import BuildResult, validate_frames
from .publish import GENERATED_DIRS

REBUILD = "run `tco-ops build` and commit the result"


def compare(root: Path, result: BuildResult) -> list[str]:
    """Human-readable differences between committed files and a fresh build."""
    out = []
    for rel, fresh in result.files.items():
        path = root / rel
        if not path.is_file():
            out.append(f"{rel}: missing; {REBUILD}")
            continue
        committed = path.read_bytes()
        if committed == fresh:
            continue
        if rel.endswith(".parquet"):
            try:
                out.append(_parquet_diff(rel, committed, fresh))
            except Exception as exc:  # a damaged file must be reported, never crash the check
                out.append(f"{rel}: differs from what the seeds build and cannot be compared row by row "
                           f"({type(exc).__name__}); {REBUILD}")
        else:
            diff = difflib.unified_diff(committed.decode("utf-8", "replace").splitlines(),
                                        fresh.decode("utf-8").splitlines(),
                                        f"{rel} (committed)", f"{rel} (built from seeds)", lineterm="", n=1)
            lines = list(diff)
            more = f"\n    … {len(lines) - 40} more lines" if len(lines) > 40 else ""
            out.append(f"{rel}: differs from what the seeds build; {REBUILD}\n    "
                       + "\n    ".join(lines[:40]) + more)
    for folder in GENERATED_DIRS:
        for path in sorted((root / folder).glob("*")):
            rel = path.relative_to(root).as_posix()
            if rel not in result.files:
                out.append(f"{rel}: not produced by the build (a stray or renamed file); delete it or {REBUILD}")
    return out


def _parquet_diff(rel: str, committed: bytes, fresh: bytes) -> str:
    name = Path(rel).stem
    try:
        old = to_pandas(pq.read_table(io.BytesIO(committed)))
    except Exception as exc:  # a truncated or corrupt file
        return f"{rel}: unreadable ({type(exc).__name__}: {exc}); {REBUILD}"
    new = to_pandas(pq.read_table(io.BytesIO(fresh)))
    if list(old.columns) != list(new.columns):
        return f"{rel}: columns differ: committed {list(old.columns)}, built {list(new.columns)}; {REBUILD}"
    key = list(TABLES[name].primary_key) if name in TABLES else list(old.columns[:1])
    if old.duplicated(key).any():
        return f"{rel}: the committed file repeats a primary key {key}; {REBUILD}"
    o, n = old.set_index(key), new.set_index(key)
    added = n.index.difference(o.index).tolist()
    removed = o.index.difference(n.index).tolist()
    common = o.index.intersection(n.index)
    changed = []
    for idx in common:
        a, b = o.loc[idx], n.loc[idx]
        cols = [c for c in o.columns if not _equal(a[c], b[c])]
        if cols:
            changed.append(f"{idx}: " + ", ".join(f"{c} {_plain(a[c])} → {_plain(b[c])}" for c in cols[:4]))
    if not (added or removed or changed):
        return (f"{rel}: same rows and values but different bytes: the file was altered, or the writer "
                f"libraries differ from constraints.txt; {REBUILD} (with `pip install -c constraints.txt -e .`)")
    parts = [f"{rel}: differs from what the seeds build; {REBUILD}"]
    if added:
        parts.append(f"    rows only in the build: {added[:10]}")
    if removed:
        parts.append(f"    rows only in the committed file: {removed[:10]}")
    for line in changed[:10]:
        parts.append(f"    changed {line}")
    return "\n".join(parts)


def _plain(v) -> str:
    """A value as a reader would write it (not numpy's repr)."""
    return "null" if pd.isna(v) else repr(v.item() if hasattr(v, "item") else v)


def _equal(a, b) -> bool:
    if pd.isna(a) and pd.isna(b):
        return True
    if pd.isna(a) or pd.isna(b):
        return False
    return a == b


def check_committed(root: Path, texts: dict[str, str]) -> list[str]:
    """Validate the committed package on its own: hashes, pandera, cross-table checks."""
    out = []
    try:
        pkg = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"datapackage.json: unreadable ({exc}); {REBUILD}"]
    frames = {}
    for res in pkg.get("resources", []):
        path = root / res["path"]
        if not path.is_file():
            out.append(f"{res['path']}: listed in datapackage.json but missing; {REBUILD}")
            continue
        digest = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
        if res.get("hash") != digest:
            out.append(f"{res['path']}: SHA-256 {digest[7:19]}… does not match datapackage.json "
                       f"({str(res.get('hash'))[7:19]}…): the file was changed or corrupted; {REBUILD}")
            continue
        try:
            frames[res["name"]] = to_pandas(pq.read_table(path))
        except Exception as exc:
            out.append(f"{res['path']}: unreadable Parquet ({exc}); {REBUILD}")
    if set(frames) == set(TABLES):
        out += [str(p) for p in validate_frames(frames, texts)]
    return out


def frictionless_report(root: Path, rows: bool = True) -> list[str]:
    """frictionless on datapackage.json: the descriptor and every Table Schema; with rows, every row too.

    Row validation is slow (about 1,000 rows/s, mostly foreign-key lookups) and
    repeats what pandera and the cross-table checks already prove, so
    `tco-ops validate` runs it only with --frictionless-rows (CI does).
    """
    from frictionless import FrictionlessException, Package, system

    try:
        with system.use_context(trusted=True):
            path = str(root / "datapackage.json")
            report = Package(path).validate() if rows else Package.validate_descriptor(path)
    except FrictionlessException as exc:
        return [f"datapackage.json: frictionless cannot read it ({exc.error.message}); {REBUILD}"]
    if report.valid:
        return []
    out = []
    for task in report.tasks:
        for err in task.errors[:10]:
            out.append(f"{task.name}: {err.message}")
    for err in report.errors[:10]:
        out.append(f"datapackage.json: {err.message}")
    return out or ["frictionless: package invalid"]
