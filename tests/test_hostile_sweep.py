"""A hostile sweep: 200+ bad (and a few good) inputs, each with the outcome issue 10 expects.

Every case runs in-process on a fresh copy of a small checkout (the seed article, an invented
second source, the reference files, and the outputs built from them), and ends as one of:

- caught          refused with a TcoOpsError whose message names the file (or variable);
- accepted        a valid input, accepted, with a correct result;
- silently_wrong  a bad input accepted, or a correct-looking run that destroyed or altered data;
- traceback       any other exception (OSError, ArrowInvalid, JSONDecodeError, SystemExit...);
- unclear         a TcoOpsError that does not name the file, so the user cannot act on it;
- false_alarm     a valid input refused;
- hang            the run blocked (reading a FIFO); the sweep unblocks it and goes on.

The counts go to .pytest-reports/hostile-sweep.json (the source of README's Reliability
counts) and to stdout. To add a case, add a line to one of the tables below (the `*_CASES`
functions); each helper takes the mutation, the expectation and the words the error must name.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import stat
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from unittest import mock

import pytest

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
        out = dest(root)
        mine = lambda p: result is not None and (p == str(out) or p.startswith(str(out) + os.sep))  # noqa: E731
        for path in sorted(set(before) | set(after)):
            if not mine(path) and before.get(path) != after.get(path):
                return f"{path} was changed by the export"
        if result is None:
            return None
        files = [out] if fmt == "sqlite" else [out / "operations.csv", out / "datapackage.json"]
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


# -- the tables ----------------------------------------------------------------------------------
TABLES = ("agencies", "locations", "organizations", "operations", "arrests", "claims", "articles")


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


def load_cases() -> list[Case]:
    cases = []
    for table in TABLES:
        rel = f"dataset/{table}.parquet"
        for where in (0, 0.01, 0.25, 0.5, 0.75, 0.99, -1):
            cases.append(loaded(f"{table}: bit flip at {where}", flip(rel, where), table, (f"{table}.parquet",)))
    for table in ("agencies", "operations", "claims"):
        rel = f"dataset/{table}.parquet"
        for keep in (0.0, 0.5, 1):
            cases.append(loaded(f"{table}: truncated to {keep:g}", truncate(rel, keep), table, (f"{table}.parquet",)))
        cases.append(loaded(f"{table}: a byte appended", lambda r, rel=rel: open(r / rel, "ab").write(b"\0"),
                            table, (f"{table}.parquet",)))
    cases += [
        loaded("operations: rewritten with arrested_best=9999", rewrite_value, "operations", ("operations.parquet",)),
        loaded("operations: footer flip, columns=", flip("dataset/operations.parquet", -6), "operations",
               ("operations.parquet",), columns=["operation_id"]),
        loaded("agencies: flip, columns=", flip("dataset/agencies.parquet", 0.5), "agencies", ("agencies.parquet",),
               columns=["agency_id"]),
        loaded("operations: file missing", lambda r: (r / "dataset/operations.parquet").unlink(), "operations",
               ("operations.parquet",)),
        loaded("operations: a directory instead of the file",
               both(lambda r: (r / "dataset/operations.parquet").unlink(),
                    lambda r: (r / "dataset/operations.parquet").mkdir()), "operations", ("operations.parquet",)),
        loaded("operations: another file's hash recorded",
               package(lambda p: _resource(p, "operations", hash="sha256:" + "0" * 64)), "operations",
               ("operations.parquet",)),
        loaded("datapackage.json: truncated JSON", truncate("datapackage.json", 0.5), "operations",
               ("datapackage.json",)),
        loaded("datapackage.json: empty", write("datapackage.json", ""), "operations", ("datapackage.json",)),
        loaded("datapackage.json: a list", write("datapackage.json", "[]"), "operations", ("datapackage.json",)),
        loaded("datapackage.json: resources is a number", package(lambda p: _with(p, resources=5)), "operations",
               ("datapackage.json",)),
        loaded("datapackage.json: resources without names", package(lambda p: _with(p, resources=[{}])),
               "operations", ("datapackage.json",)),
        loaded("datapackage.json: a path outside the folder",
               package(lambda p: _resource(p, "operations", path="../outside.parquet")), "operations",
               ("datapackage.json",)),
        loaded("datapackage.json: a byte-order mark", lambda r: (r / "datapackage.json").write_bytes(
            b"\xef\xbb\xbf" + (r / "datapackage.json").read_bytes()), "operations", ("datapackage.json",)),
        loaded("datapackage.json: not UTF-8", write("datapackage.json", b"\xff\xfe{\x00"), "operations",
               ("datapackage.json",)),
        loaded("datapackage.json: a directory", both(lambda r: (r / "datapackage.json").unlink(),
                                                     lambda r: (r / "datapackage.json").mkdir()),
               "operations", ("datapackage.json",)),
        loaded("datapackage.json: missing", lambda r: (r / "datapackage.json").unlink(), "operations",
               ("datapackage.json",)),
    ]
    for table in ("operations", "agencies", "claims"):
        cases.append(loaded(f"{table}: untouched", lambda r: None, table, (), expect=ACCEPTED))
    return cases


def layout_cases() -> list[Case]:
    """Issue 10 §2: every entry under seeds/ is read or refused, with a did-you-mean."""
    s = lambda id, mutate, names, expect=REFUSED: seeds("seed files", id, mutate, expect, names)  # noqa: E731
    claims_as = lambda ext: f"seeds/claims/{SEED_ARTICLE}{ext}"  # noqa: E731
    article_as = lambda ext: f"seeds/articles/{SEED_ARTICLE}{ext}"  # noqa: E731
    return [
        s("claims as .yml", rename(CLAIMS, claims_as(".yml")), (claims_as(".yml"),)),
        s("claims as .YAML", rename(CLAIMS, claims_as(".YAML")), (claims_as(".YAML"),)),
        s("claims as .yaml~", rename(CLAIMS, claims_as(".yaml~")), (claims_as(".yaml~"),)),
        s("extra claims as .json", write("seeds/claims/x.json", "{}"), ("seeds/claims/x.json",)),
        s("article as .MD", rename(ARTICLE, article_as(".MD")), (article_as(".MD"),)),
        s("article as .markdown", rename(ARTICLE, article_as(".markdown")), (article_as(".markdown"),)),
        s("article as .txt", rename(ARTICLE, article_as(".txt")), (article_as(".txt"),)),
        s("hidden article .x.md", copy(EXTRA, "seeds/articles/.x.md"), ("seeds/articles/.x.md",)),
        s("article named ..md", copy(EXTRA, "seeds/articles/..md"), ("seeds/articles/..md",)),
        s("hidden claims .x.yaml", copy(EXTRA_CLAIMS, "seeds/claims/.x.yaml"), ("seeds/claims/.x.yaml",)),
        s("operation as .yml", rename(OPERATION, OPERATION[:-5] + ".yml"), (OPERATION[:-5] + ".yml",)),
        s("extra reference agencies2.yaml", copy(AGENCIES, "seeds/reference/agencies2.yaml"),
          ("seeds/reference/agencies2.yaml",)),
        s("extra reference agencies.yml", copy(AGENCIES, "seeds/reference/agencies.yml"),
          ("seeds/reference/agencies.yml",)),
        s("stray file at seeds/", write("seeds/notes.txt", "todo\n"), ("seeds/notes.txt",)),
        s("unknown folder under seeds/", write("seeds/extra/x.yaml", "a: 1\n"), ("seeds/extra",)),
        s(".DS_Store in articles", write("seeds/articles/.DS_Store", b"\0\0\0\1Bud1"), ("seeds/articles/.DS_Store",)),
        s("claims file is a directory", make_dir(EXTRA_CLAIMS, replace=True), (EXTRA_CLAIMS,)),
        s("directory named like an article", make_dir("seeds/articles/zz.md"), ("seeds/articles/zz.md",)),
        s("directory named like an operation", make_dir("seeds/operations/zz.yaml"), ("seeds/operations/zz.yaml",)),
        s("agencies.yaml is a directory", make_dir(AGENCIES, replace=True), (AGENCIES,)),
        s("claims file is a FIFO", fifo(EXTRA_CLAIMS, replace=True), (EXTRA_CLAIMS,)),
        s("FIFO as an article", fifo("seeds/articles/zz.md"), ("seeds/articles/zz.md",)),
        s("FIFO as an operation", fifo("seeds/operations/zz.yaml"), ("seeds/operations/zz.yaml",)),
        s("FIFO at seeds/", fifo("seeds/zz"), ("seeds/zz",)),
        s("FIFO as locations.yaml", fifo(LOCATIONS, replace=True), (LOCATIONS,)),
        s("README.md and EXCLUDED.md", both(write("seeds/README.md", "# seeds\n"),
                                            write("seeds/EXCLUDED.md", "# left out\n")), (), ACCEPTED),
        s("a draft awaiting review", copy(EXTRA_CLAIMS, f"seeds/claims/{EXTRA_ID}.draft.yaml"), (), ACCEPTED),
    ]


MARKER_NOTES = ["Detenido Zyx Qwerty, alias Quux.", "Capturado (a) Quux.", "El cabecilla, APODÁDO Quux.",
                "La jefa, apodada Quux.", "A leader, a.k.a. Quux.", "Leader AKA Quux.", "Leader aka Quux.",
                "La jefa, conocida como Quux.", "El jefe, Conocido Como Quux.", "Leader vulgo Quux.",
                "A leader known as Quux.", "Leader al\u200bias Quux.", "Leader (ALIAS Quux)"]


def ethics_cases() -> list[Case]:
    """Issue 10 §5: names on the deny-list and alias markers, in every kind of free text and in URL slugs."""
    e = lambda id, mutate, names, expect=REFUSED, denied=(): seeds("ethics", id, mutate, expect, names, denied)  # noqa
    zyx = ("Zyx Qwerty",)
    cases = [e(f"claim note: {n}", edit(EXTRA_CLAIMS, NOTE, f"    note: {n}"), (EXTRA_CLAIMS, "alias marker"))
             for n in MARKER_NOTES]
    cases += [
        e("operation summary", edit(OPERATION, SUMMARY, "summary: Raids; the leader, alias Quux, fled."), (OPERATION,)),
        e("decision reason", edit(OPERATION, SUMMARY, SUMMARY + "\ndecisions:\n  - field: arrested\n    value: 20\n"
                                  "    reason: Alias Quux said so.\n"), (OPERATION, "alias marker")),
        e("article title", edit(EXTRA, "title: Police raid", "title: Cae alias Quux; police raid"), (EXTRA,)),
        e("article note", edit(EXTRA, "note: An invented", "note: On the arrest of apodado Quux. An invented"), (EXTRA,)),
        e("URL slug alias-x", edit(EXTRA, EXTRA_URL, EXTRA_URL + "-alias-quux"), (EXTRA, "alias marker")),
        e("URL slug a-k-a", edit(EXTRA, EXTRA_URL, EXTRA_URL + "-leader-a-k-a-quux"), (EXTRA, "alias marker")),
        e("URL slug alias_x", edit(EXTRA, EXTRA_URL, EXTRA_URL + "?q=alias_quux"), (EXTRA, "alias marker")),
        e("file name alias-x", both(rename(EXTRA, "seeds/articles/cae-alias-quux.md"),
                                    rename(EXTRA_CLAIMS, "seeds/claims/cae-alias-quux.yaml")),
          ("seeds/articles/cae-alias-quux.md",)),
        e("organization note", edit(ORGS, "  kind: gang\n  country: VE\n",
                                    "  kind: gang\n  country: VE\n  note: Led by alias Quux.\n"), (ORGS,)),
        e("YAML comment", edit(EXTRA_CLAIMS, "claims:\n", "claims:\n  # the boss, apodado Quux\n"), (EXTRA_CLAIMS,)),
        e("deny-listed name in a claim note", edit(EXTRA_CLAIMS, NOTE, "    note: Detenido Zyx Qwerty."),
          (EXTRA_CLAIMS, "deny-list"), denied=zyx),
        e("deny-listed name split over lines", edit(OPERATION, SUMMARY, "summary: >-\n  Detenido Zyx\n  Qwerty."),
          (OPERATION, "deny-list"), denied=zyx),
        e("deny-listed name in accents and capitals", edit(EXTRA, "title: Police raid", "title: ZYX QWÉRTY; raid"),
          (EXTRA, "deny-list"), denied=zyx),
        e("deny-listed name in a URL", edit(EXTRA, EXTRA_URL, EXTRA_URL + "-zyx-qwerty"), (EXTRA, "deny-list"),
          denied=zyx),
        e("deny-listed name in the archived text", edit(ARTICLE, "\nAndina\n", "\nAndina, Zyx Qwerty\n"),
          (ARTICLE, "deny-list"), denied=zyx),
        e("deny-listed name in a file name", both(rename(EXTRA, "seeds/articles/zyx-qwerty.md"),
                                                  rename(EXTRA_CLAIMS, "seeds/claims/zyx-qwerty.yaml")),
          ("seeds/articles/zyx-qwerty.md",), denied=zyx),
        e("deny-listed nickname alone", edit(EXTRA_CLAIMS, NOTE, "    note: The one they call Quux."),
          (EXTRA_CLAIMS, "deny-list"), denied=("Quux",)),
        e("an organization's aliases list", edit(ORGS, "aliases: [Tren de Aragua, TdA,",
                                                 "aliases: [Tren de Aragua, TdA, Alias TdA,"), (), ACCEPTED),
        e("marker followed by a gang's alias", edit(EXTRA_CLAIMS, NOTE, "    note: The gang known as TdA."), (),
          ACCEPTED),
        e("'an alias' as a noun in a reference note", edit(ORGS, "  kind: gang\n  country: VE\n",
                                                           "  kind: gang\n  country: VE\n  note: Not an alias here.\n"),
          (), ACCEPTED),
        e("detenido(a), aliases", edit(EXTRA_CLAIMS, NOTE, "    note: Detenido(a); see the aliases."), (), ACCEPTED),
        e("an official in a public role", edit(EXTRA_CLAIMS, NOTE, "    note: Announced by the police general."), (),
          ACCEPTED),
    ]
    return cases


CONTROLS = {"NUL": r"\0", "ESC [2J": r"\x1b[2J", "BEL": r"\a", "BOM inside": r"\uFEFF", "NEL": r"\N",
            "RLO": r"\u202E", "LRI": r"\u2066", "DEL": r"\x7F", "backspace": r"\b", "PDF": r"\u202C"}


def value_cases() -> list[Case]:
    """Issue 10 §6: values that are published today and must be build errors with file, line and fix."""
    v = lambda id, mutate, names, expect=REFUSED: seeds("bad values", id, mutate, expect, names)  # noqa: E731
    cases = []
    for what, esc in CONTROLS.items():
        cases += [
            v(f"{what} in a claim note", edit(EXTRA_CLAIMS, NOTE, f'    note: "A note {esc} here."'), (EXTRA_CLAIMS,)),
            v(f"{what} in a summary", edit(OPERATION, SUMMARY, f'summary: "Joint raids {esc} in Lima."'), (OPERATION,)),
            v(f"{what} in a title", edit(EXTRA, "title: Police raid homes in Lima",
                                         f'title: "Police raid {esc} homes"'), (EXTRA,)),
        ]
    cases += [
        v("raw ESC in a note", edit(EXTRA_CLAIMS, NOTE, "    note: A note \x1b[2J here."), (EXTRA_CLAIMS,)),
        v("raw RLO in a note", edit(EXTRA_CLAIMS, NOTE, "    note: A note \u202e here."), (EXTRA_CLAIMS,)),
        v("control character in an alias", edit(ORGS, "aliases: [Tren de Aragua, TdA,",
                                                'aliases: [Tren de Aragua, "T\\x1bdA2",'), (ORGS,)),
        v("bidi control in a publisher", edit(EXTRA, "publisher: Example News", 'publisher: "Example \\u202E News"'),
          (EXTRA,)),
    ]
    date = '{field: date, value: "2025-02-07"}'
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    # A date after the publication may be reported on the claim or on the article: either names EXTRA_ID.
    for value in ("0001-01-01", "1989-12-31", "9999-12-31", "2025-03-01", tomorrow, "2025-02-01/9999-01-01"):
        cases.append(v(f"claim date {value}", edit(EXTRA_CLAIMS, date, f'{{field: date, value: "{value}"}}'),
                       (EXTRA_ID,)))
    no_date = edit(EXTRA_CLAIMS, f"  - {date}\n", "")  # so that only the publication date is wrong
    for value in ("9999-12-31", "0001-01-01", "1900", "2999-01"):
        cases.append(v(f"published {value}", both(no_date, edit(EXTRA, "published: 2025-02-10", f"published: {value}")),
                       (EXTRA,)))
    cases.append(v("published before its claim", edit(EXTRA, "published: 2025-02-10", "published: 2025-02-06"),
                   (EXTRA_ID,)))
    cases += [
        v("claim date 1990-01-01", edit(EXTRA_CLAIMS, date, '{field: date, value: "1990-01-01"}'), (), ACCEPTED),
        v("published the day of the claim", edit(EXTRA, "published: 2025-02-10", "published: 2025-02-07"), (),
          ACCEPTED),
    ]
    count = "value: 300\n    qualifier: more_than"
    for id, value in (("more_than 10000000", "10000000\n    qualifier: more_than"), ("1__0", "1__0"),
                      ("10000001", "10000001"), ("10**20", str(10**20)), ("2.5", "2.5"),
                      ("true", "true"), ("-1", "-1"), ("1e3", "1e3"), ("hex 0x10", "0x10")):
        cases.append(v(f"count {id}", edit(EXTRA_CLAIMS, count, f"value: {value}"), (EXTRA_CLAIMS,)))
    cases.append(v("count 10000000", edit(EXTRA_CLAIMS, count, "value: 10000000"), (), ACCEPTED))
    for id, url in (("javascript host", "https://javascript:alert(1)"), ("javascript scheme", "javascript:alert(1)"),
                    ("credentials", "https://user:pass@news.example.com/x"), ("user only", "https://user@example.com/x"),
                    ("double quote", 'https://news.example.com/a\\"b'), ("angle brackets", "https://example.com/<b>"),
                    ("IPv4 literal", "http://192.168.0.1/x"), ("loopback", "http://127.0.0.1/x"),
                    ("IPv6 literal", "http://[::1]/x"), ("localhost", "http://localhost/x"),
                    ("a port", "https://news.example.com:8080/x"), ("ftp", "ftp://example.com/x"),
                    ("file", "file:///etc/passwd"), ("no host", "https:///x"), ("single label host", "https://intranet/x"),
                    ("space in host", "https://exa mple.com/x"), ("backslash", "https://example.com\\\\@evil.com/"),
                    ("hex IP", "http://0x7f000001/x")):
        cases.append(v(f"URL: {id}", edit(EXTRA, f"url: {EXTRA_URL}", f'url: "{url}"'), (EXTRA,)))
    for id, url in (("query and fragment", "https://news.example.com/a/b?c=1#d"),
                    ("public suffix co.uk", "https://www.bbc.co.uk/news/world-1")):
        cases.append(v(f"URL: {id}", edit(EXTRA, f"url: {EXTRA_URL}", f"url: {url}"), (), ACCEPTED))
    for id, quote in (("one letter", "a"), ("two letters", "ar"), ("a word without the count", "members"),
                      ("punctuation only", ", ")):
        cases.append(v(f"quote {id}", edit(CLAIMS, "quote: arrested 20 members", f'quote: "{quote}", occurrence: 1'),
                       (CLAIMS,)))
    cases.append(v("date quote lacks the date", edit(CLAIMS, "quote: on the night of January 7", "quote: the night"),
                   (CLAIMS,)))
    for id, old, new, rel in (
            ("alias of 1.5 MB", "aliases: [Tren de Aragua, TdA,", "aliases: [" + "x" * 1_500_000 + ", Tren de Aragua, TdA,",
             ORGS),
            ("alias of 20,000 characters", "aliases: [Tren de Aragua, TdA,", "aliases: [" + "y" * 20_000 + ", TdA,", ORGS),
            ("name of 100,000 characters", "name: GAULA de la Policía Nacional de Colombia",
             "name: GAULA " + "P" * 100_000, AGENCIES),
            ("acronym of 5,000 characters", "acronym: PNP\n", "acronym: " + "Q" * 5_000 + "\n", AGENCIES)):
        cases.append(v(id, edit(rel, old, new), (rel,)))
    cases += [
        v("alias with accents", edit(ORGS, "aliases: [Tren de Aragua, TdA,", "aliases: [Tren de Áragua, TdA,"), (),
          ACCEPTED),
        v("untouched seeds", lambda r: None, (), ACCEPTED),
    ]
    return cases


def export_cases() -> list[Case]:
    """Issue 10 §3: export never destroys a file, never follows a link, refuses a half-published folder."""
    out = lambda name: (lambda r: r.parent / f"{r.name}-out" / name)  # noqa: E731 - outside the data folder
    outside = lambda r: r.parent / f"{r.name}-out"  # noqa: E731

    def prepare(*steps):
        return both(lambda r: outside(r).mkdir(), *steps)

    def existing(name, data):
        return lambda r: (outside(r) / name).write_bytes(data)

    def sqlite_db(name):
        def do(r):
            with contextlib.closing(sqlite3.connect(outside(r) / name)) as con:
                con.execute("CREATE TABLE mine (x)")
                con.commit()
        return do

    def link(name, target):
        return lambda r: (outside(r) / name).symlink_to(outside(r) / target)

    def journal(r):
        (r / ".tco-ops-journal.json").write_text('{"moves": []}', encoding="utf-8")

    x = exported
    return [
        x("sqlite over a SQLite database", "sqlite", out("mine.db"), prepare(sqlite_db("mine.db")),
          names=("mine.db",)),
        x("sqlite over a text file", "sqlite", out("notes.txt"), prepare(existing("notes.txt", b"my notes\n")),
          names=("notes.txt",)),
        x("sqlite into an existing folder", "sqlite", out("folder"), prepare(lambda r: (outside(r) / "folder").mkdir()),
          names=("folder",)),
        x("sqlite under a regular file", "sqlite", out("notes.txt/tco.db"),
          prepare(existing("notes.txt", b"my notes\n")), names=("notes.txt",)),
        x("sqlite where nothing can be written", "sqlite", lambda r: Path("/proc/tco-ops-sweep.db"), None,
          names=("/proc/tco-ops-sweep.db",)),
        x("sqlite onto a symlink", "sqlite", out("link.db"),
          prepare(existing("target.txt", b"keep me\n"), link("link.db", "target.txt")), names=("link.db",)),
        x("sqlite onto a dangling symlink", "sqlite", out("link.db"), prepare(link("link.db", "nowhere.db")),
          names=("link.db",)),
        x("csv into the checkout itself", "csv", lambda r: r, None, names=("{root}",)),
        x("csv into a non-empty folder", "csv", out("dir"),
          prepare(lambda r: (outside(r) / "dir").mkdir(), existing("dir/mine.txt", b"mine\n")), names=("dir",)),
        x("csv with a symlink planted at operations.csv", "csv", out("dir"),
          prepare(lambda r: (outside(r) / "dir").mkdir(), existing("victim.txt", b"keep me\n"),
                  lambda r: (outside(r) / "dir" / "operations.csv").symlink_to(outside(r) / "victim.txt")),
          names=("dir",)),
        x("csv onto a regular file", "csv", out("notes.txt"), prepare(existing("notes.txt", b"my notes\n")),
          names=("notes.txt",)),
        x("csv where nothing can be written", "csv", lambda r: Path("/proc/tco-ops-sweep"), None,
          names=("/proc/tco-ops-sweep",)),
        x("sqlite while a build's journal exists", "sqlite", out("tco.db"), prepare(journal), names=("interrupted",)),
        x("csv while a build's journal exists", "csv", out("dir"), prepare(journal), names=("interrupted",)),
        x("sqlite to a new file", "sqlite", out("tco.db"), prepare(), expect=ACCEPTED),
        x("csv to a new folder", "csv", out("dir"), prepare(), expect=ACCEPTED),
        x("csv into an empty folder", "csv", out("dir"), prepare(lambda r: (outside(r) / "dir").mkdir()),
          expect=ACCEPTED),
        x("--force sqlite over a text file", "sqlite", out("notes.txt"),
          prepare(existing("notes.txt", b"my notes\n")), expect=ACCEPTED, force=True),
        x("--force sqlite onto a symlink", "sqlite", out("link.db"),
          prepare(existing("target.txt", b"keep me\n"), link("link.db", "target.txt")), expect=ACCEPTED, force=True),
        x("--force csv into a non-empty folder", "csv", out("dir"),
          prepare(lambda r: (outside(r) / "dir").mkdir(), existing("dir/mine.txt", b"mine\n")), expect=ACCEPTED,
          force=True),
        x("--force csv with a symlink planted at operations.csv", "csv", out("dir"),
          prepare(lambda r: (outside(r) / "dir").mkdir(), existing("victim.txt", b"keep me\n"),
                  lambda r: (outside(r) / "dir" / "operations.csv").symlink_to(outside(r) / "victim.txt")),
          expect=ACCEPTED, force=True),
    ]


def env_cases() -> list[Case]:
    """Issue 10 §7: environment settings are validated, never an OverflowError later."""
    bad = ("inf", "-inf", "nan", "infinity", "1e400", "0", "-1", "1e-400", "abc", "30s", " ", "0x10")
    return ([env(f"TCO_OPS_TIMEOUT={v!r}", "TCO_OPS_TIMEOUT", v) for v in bad]
            + [env(f"TCO_OPS_TIMEOUT={v!r}", "TCO_OPS_TIMEOUT", v, ACCEPTED) for v in ("30", "0.5", None)])


def all_cases() -> list[Case]:
    return load_cases() + layout_cases() + ethics_cases() + value_cases() + export_cases() + env_cases()


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


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A small checkout with its outputs built: what every case starts from."""
    from tco_ops.cli import main

    root = tmp_path_factory.mktemp("sweep") / "template"
    for rel in (ARTICLE, CLAIMS):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / rel, root / rel)
    shutil.copytree(REPO / "seeds" / "reference", root / "seeds" / "reference")
    write(OPERATION, SUMMARY + "\n")(root)
    write(EXTRA, EXTRA_TEXT)(root)
    write(EXTRA_CLAIMS, EXTRA_CLAIMS_TEXT)(root)
    for name in ("pyproject.toml", "CITATION.cff", "CHANGELOG.md"):
        shutil.copy(REPO / name, root / name)
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["build", "--root", str(root), "--no-cache", "--jobs", "1"]) == 0
    shutil.rmtree(root / ".tco-ops-cache", ignore_errors=True)
    return root


def test_the_case_table_covers_issue_10():
    cases = all_cases()
    assert len(cases) >= 200
    ids = [(c.category, c.id) for c in cases]
    assert len(set(ids)) == len(ids), "case ids must be unique"
    assert {c.category for c in cases} == {"load", "seed files", "ethics", "bad values", "export", "env"}
    assert all(c.names for c in cases if c.expect == REFUSED), "a refusal must say what it names"


def test_hostile_sweep(template: Path, tmp_path: Path):
    t0 = time.perf_counter()
    outcomes: list[tuple[Case, str, str]] = []
    took: dict[str, float] = {}
    for i, case in enumerate(all_cases()):
        t = time.perf_counter()
        work = tmp_path / f"c{i:03d}"
        root = work / "repo"
        shutil.copytree(template, root, symlinks=True)
        if case.category == "load":
            shutil.copytree(template, work / "pristine", symlinks=True)
        outcome, detail = classify(case, root)
        outcomes.append((case, outcome, detail))
        shutil.rmtree(work, ignore_errors=True)
        took[f"[{case.category}] {case.id}"] = round(time.perf_counter() - t, 2)
    counts = Counter(o for _, o, _ in outcomes)
    by_category: dict[str, Counter] = defaultdict(Counter)
    for case, outcome, _ in outcomes:
        by_category[case.category][outcome] += 1
    report = {
        "cases": len(outcomes),
        **{k: counts.get(k, 0) for k in ("caught", "accepted", *FAILURES)},
        "seconds": round(time.perf_counter() - t0, 1),
        "by_category": {c: dict(sorted(n.items())) for c, n in sorted(by_category.items())},
        "slowest": dict(sorted(took.items(), key=lambda kv: -kv[1])[:10]),
        "failures": [{"category": c.category, "case": c.id, "outcome": o, "detail": d}
                     for c, o, d in outcomes if o in FAILURES],
        "results": [{"category": c.category, "case": c.id, "outcome": o, "detail": d[:200]} for c, o, d in outcomes],
    }
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nhostile sweep: {report['cases']} cases in {report['seconds']} s: "
          + ", ".join(f"{k} {report[k]}" for k in ("caught", "accepted", *FAILURES)) + f" (details: {REPORT})")
    bad = [f"[{f['category']}] {f['case']}: {f['outcome']}: {f['detail']}" for f in report["failures"]]
    assert not bad, f"{len(bad)} of {len(outcomes)} cases failed:\n" + "\n".join(bad[:80])
