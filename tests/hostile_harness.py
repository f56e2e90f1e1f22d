"""The machinery of the hostile sweep (tests/test_hostile_sweep.py): cases, mutations, the APIs
under test, and the classification of each outcome. The case tables live in the test module."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import sqlite3
import stat
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from unittest import mock

from conftest import LIMA, REPO, SEED_ARTICLE
from tco_ops.errors import TcoOpsError

REFUSED, ACCEPTED = "refused", "accepted"
FAILURES = ("silently_wrong", "traceback", "unclear", "false_alarm", "hang")
REPORT = REPO / ".pytest-reports" / "hostile-sweep.json"

CLAIMS = f"seeds/claims/{SEED_ARTICLE}.yaml"
ARTICLE = f"seeds/articles/{SEED_ARTICLE}.md"
OPERATION = f"seeds/operations/{LIMA}.yaml"
AGENCIES, LOCATIONS, ORGS = (f"seeds/reference/{n}.yaml" for n in ("agencies", "locations", "organizations"))
EXTRA_ID = "example-news-sweep-1"  # an invented, non-archived source: claims without quotes
EXTRA = f"seeds/articles/{EXTRA_ID}.md"
EXTRA_CLAIMS = f"seeds/claims/{EXTRA_ID}.yaml"
EXTRA_URL = "https://news.example.com/2025/02/10/lima-raids"
EXTRA_TEXT = f"""---
url: {EXTRA_URL}
title: Police raid homes in Lima
publisher: Example News
published: 2025-02-10
published_basis: dateline
language: en
archived: false
note: An invented source for the hostile sweep.
---
"""
EXTRA_CLAIMS_TEXT = f"""operation: {LIMA}
claims:
  - {{field: date, value: "2025-02-07"}}
  - {{field: arrested, value: 20}}
  - field: personnel
    value: 300
    qualifier: more_than
    note: A note in our own words.
"""
NOTE = "    note: A note in our own words."
SUMMARY = "summary: Joint PNP and HSI raids in Lima."


@dataclass(frozen=True)
class Case:
    category: str
    id: str
    run: Callable[[Path], object]  # mutates the fresh copy at `root`, then calls the API under test
    expect: str  # REFUSED or ACCEPTED
    names: tuple[str, ...] = ()  # words a refusal must contain: the file, the variable ("{root}": the copy)
    check: Callable[[Path, object], str | None] | None = None  # what went wrong anyway, or None


# -- mutations -------------------------------------------------------------------------------
def edit(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def do(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"sweep setup: {old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return do


def write(rel: str, data: str | bytes) -> Callable[[Path], None]:
    def do(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return do


def rename(rel: str, new_rel: str) -> Callable[[Path], None]:
    return lambda root: (root / rel).rename(root / new_rel)


def copy(rel: str, new_rel: str) -> Callable[[Path], None]:
    return lambda root: shutil.copy(root / rel, root / new_rel)


def make_dir(rel: str, replace: bool = False) -> Callable[[Path], None]:
    def do(root: Path) -> None:
        if replace:
            (root / rel).unlink()
        (root / rel).mkdir(parents=True)
        (root / rel / "x.yaml").write_text("a: 1\n", encoding="utf-8")
    return do


def fifo(rel: str, replace: bool = False) -> Callable[[Path], None]:
    def do(root: Path) -> None:
        if replace:
            (root / rel).unlink()
        os.mkfifo(root / rel)
    return do


def both(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def do(root: Path) -> None:
        for step in steps:
            step(root)
    return do


# -- the APIs under test -----------------------------------------------------------------------
def seeds(category: str, id: str, mutate, expect: str = REFUSED, names: tuple[str, ...] = (), denied=()) -> Case:
    """Build the mutated seeds in memory (tco_ops.build.pipeline.build)."""
    def run(root: Path):
        from tco_ops.build import ethics
        from tco_ops.build.pipeline import build

        mutate(root)
        with mock.patch.object(ethics, "DENIED", ethics.DENIED | {ethics.gram_hash(n) for n in denied}):
            return build(root / "seeds", jobs=1)
    return Case(category, id, run, expect, names)


def loaded(id: str, mutate, table: str, names: tuple[str, ...], expect: str = REFUSED, columns=None) -> Case:
    """tco_ops.load() (its folder= form, tco_ops.loader.load) from the mutated folder; a valid read
    must equal the untouched table."""
    def run(root: Path):
        from tco_ops.loader import load

        mutate(root)
        return load(table, columns=columns, folder=root)

    def check(root: Path, frame) -> str | None:
        from tco_ops.loader import load

        if frame is None:
            return None
        good = load(table, columns=columns, folder=root.parent / "pristine")
        return None if frame.equals(good) else f"load({table!r}) returned altered data without a word"
    return Case("load", id, run, expect, names, check)


class CliRefused(TcoOpsError):
    """`tco-ops` printed a TcoOpsError and exited 2; its message is what the user saw."""


def cli(argv: list[str]):
    from tco_ops.cli import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse: not a TcoOpsError, and not what a user should meet
            raise RuntimeError(f"SystemExit({exc.code}): {err.getvalue()[-300:]}") from None
    if code == 2 and err.getvalue().startswith(f"tco-ops {argv[0]}:"):
        raise CliRefused(err.getvalue())
    if code != 0:
        raise RuntimeError(f"exit {code}: {err.getvalue()[-300:]}")
    return code


def exported(id: str, fmt: str, dest: Callable[[Path], Path], setup=None, expect: str = REFUSED,
             names: tuple[str, ...] = (), force: bool = False) -> Case:
    """`tco-ops export` of the copy's data to `dest` (outside it: `{root}-out/`). A refusal must leave
    every file as it was; an export must leave every file but its own as it was, and write 0644 files."""
    def run(root: Path):
        from tco_ops import _paths

        if setup:
            setup(root)
        (root.parent / "before.json").write_text(json.dumps(_snapshot(root)))
        with mock.patch.object(_paths, "data_dir", lambda: root):
            return cli(["export", "--format", fmt, *(["--force"] if force else []), str(dest(root))])

    def check(root: Path, result) -> str | None:
        before, after = json.loads((root.parent / "before.json").read_text()), _snapshot(root)
        from tco_ops.export import metadata_path

        out = dest(root)
        # the SQLite export also writes its datasette metadata beside the database (tco.metadata.json)
        owned = {str(out), str(metadata_path(out))} if fmt == "sqlite" else {str(out)}
        mine = lambda p: result is not None and (p in owned or p.startswith(str(out) + os.sep))  # noqa: E731
        for path in sorted(set(before) | set(after)):
            if not mine(path) and before.get(path) != after.get(path):
                return f"{path} was changed by the export"
        if result is None:
            return None
        files = [out, metadata_path(out)] if fmt == "sqlite" else [out / "operations.csv", out / "datapackage.json"]
        for f in files:
            if f.is_symlink() or not f.is_file():
                return f"{f.name} is not a regular file after the export"
            if stat.S_IMODE(f.stat().st_mode) != 0o644:
                return f"{f.name} has mode {oct(stat.S_IMODE(f.stat().st_mode))}, not 0644"
        if fmt == "sqlite":
            with contextlib.closing(sqlite3.connect(out)) as con:
                if con.execute("SELECT count(*) FROM operations").fetchone()[0] < 1:
                    return "the SQLite export has no operations"
        return None
    return Case("export", id, run, expect, names, check)


def _snapshot(root: Path) -> dict[str, str]:
    """Digest of every file of the data folder and of the folder beside it where exports go (links unfollowed)."""
    out = {}
    for top in (root, root.parent / f"{root.name}-out"):
        for dirpath, _, files in os.walk(top):
            for name in files:
                path = Path(dirpath) / name
                out[str(path)] = _digest(path)
    out.pop(str(root.parent / "before.json"), None)
    return out


def _digest(path: Path) -> str | None:
    import hashlib

    if path.is_symlink():
        return "link:" + os.readlink(path)
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def env(id: str, name: str, value: str | None, expect: str = REFUSED) -> Case:
    """An environment setting read by tco_ops.fetch; a bad one must be refused, naming the variable."""
    def run(root: Path):
        from tco_ops import fetch

        with mock.patch.dict(os.environ, {name: value} if value is not None else {}):
            if value is None:
                os.environ.pop(name, None)
            return {"TCO_OPS_TIMEOUT": fetch.timeout}[name]()

    def check(root: Path, result) -> str | None:
        ok = isinstance(result, float) and 0 < result < 1e6
        return None if result is None or ok else f"{name}={value!r} gave {result!r}"
    return Case("env", id, run, expect, (name,), check)


def flip(rel: str, where: float | int) -> Callable[[Path], None]:
    def do(root: Path) -> None:
        path = root / rel
        data = bytearray(path.read_bytes())
        at = where if isinstance(where, int) else int(len(data) * where)
        data[at % len(data)] ^= 0x10
        path.write_bytes(bytes(data))
    return do


def truncate(rel: str, keep: float) -> Callable[[Path], None]:
    def do(root: Path) -> None:
        data = (root / rel).read_bytes()
        (root / rel).write_bytes(data[: int(len(data) * keep)] if keep < 1 else data[:-1])
    return do


def rewrite_value(root: Path) -> None:
    """A well-formed Parquet file with one value changed: arrested_best = 9999 (issue 10, §1)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = root / "dataset" / "operations.parquet"
    table = pq.read_table(path)
    i = table.schema.get_field_index("arrested_best")
    table = table.set_column(i, table.schema.field(i), pa.array([9999] * table.num_rows, table.schema.field(i).type))
    pq.write_table(table, path)


def package(transform: Callable[[dict], object]) -> Callable[[Path], None]:
    def do(root: Path) -> None:
        path = root / "datapackage.json"
        path.write_text(json.dumps(transform(json.loads(path.read_text(encoding="utf-8")))), encoding="utf-8")
    return do


def _with(d: dict, **changes) -> dict:
    return {**d, **changes}


def _resource(pkg: dict, name: str, **changes) -> dict:
    return _with(pkg, resources=[_with(r, **changes) if r["name"] == name else r for r in pkg["resources"]])



# -- running and classifying ------------------------------------------------------------------
def _unblock_fifos(root: Path) -> bool:
    """Open every FIFO under `root` for writing and close it: a reader blocked on it gets EOF."""
    found = False
    for path in root.rglob("*"):
        try:
            if stat.S_ISFIFO(path.lstat().st_mode):
                fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)  # fails (ENXIO) unless someone is reading
                os.close(fd)
                found = True
        except OSError:
            pass
    return found


def _guarded(run: Callable[[Path], object], root: Path) -> tuple[object, BaseException | None, bool]:
    """Run in a thread, so that a read blocked on a FIFO is noticed (and released) instead of hanging."""
    box: dict = {}

    def target():
        try:
            box["result"] = run(root)
        except BaseException as exc:  # noqa: BLE001 - classified by the caller
            box["error"] = exc
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    hung, deadline = False, time.monotonic() + 120
    while thread.is_alive() and time.monotonic() < deadline:
        thread.join(0.05)
        if thread.is_alive() and _unblock_fifos(root):
            hung = True
    return box.get("result"), box.get("error"), hung or thread.is_alive()


def classify(case: Case, root: Path) -> tuple[str, str]:
    result, error, hung = _guarded(case.run, root)
    if hung:
        return "hang", "blocked reading a FIFO (released by the sweep)"
    if error is not None:
        if not isinstance(error, TcoOpsError):
            return "traceback", f"{type(error).__name__}: {str(error)[:300]}"
        message = str(error)
        if case.expect == ACCEPTED:
            return "false_alarm", message[:300]
        missing = [n for n in (n.format(root=root) for n in case.names) if n not in message]
        if missing:
            return "unclear", f"message does not name {missing}: {message[:300]}"
        wrong = case.check(root, None) if case.check else None
        return ("silently_wrong", wrong) if wrong else ("caught", message[:300])
    if case.expect == REFUSED:
        return "silently_wrong", "accepted without a word"
    try:
        wrong = case.check(root, result) if case.check else None
    except Exception as exc:  # noqa: BLE001 - a result that cannot even be checked is wrong
        wrong = f"{type(exc).__name__} while checking the result: {exc}"
    return ("silently_wrong", wrong) if wrong else ("accepted", "")
