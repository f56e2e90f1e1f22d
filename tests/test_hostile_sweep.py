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
import shutil
import sqlite3
import time
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from conftest import REPO, SEED_ARTICLE
from hostile_harness import (ACCEPTED, AGENCIES, ARTICLE, CLAIMS, EXTRA, EXTRA_CLAIMS, EXTRA_CLAIMS_TEXT, EXTRA_ID,
                             EXTRA_TEXT, EXTRA_URL, FAILURES, LOCATIONS, NOTE, OPERATION, ORGS, REFUSED, REPORT, SUMMARY,
                             Case, _resource, _with, both, classify, copy, edit, env, exported, fifo, flip, loaded,
                             make_dir, package, rename, rewrite_value, seeds, truncate, write)

TABLES = ("agencies", "locations", "organizations", "operations", "arrests", "claims", "articles")


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
        # --force replaces files export owns; it still never writes through (or replaces) a symlink
        x("--force sqlite onto a symlink", "sqlite", out("link.db"),
          prepare(existing("target.txt", b"keep me\n"), link("link.db", "target.txt")), names=("link.db",),
          force=True),
        x("--force csv into a non-empty folder", "csv", out("dir"),
          prepare(lambda r: (outside(r) / "dir").mkdir(), existing("dir/mine.txt", b"mine\n")), expect=ACCEPTED,
          force=True),
        x("--force csv with a symlink planted at operations.csv", "csv", out("dir"),
          prepare(lambda r: (outside(r) / "dir").mkdir(), existing("victim.txt", b"keep me\n"),
                  lambda r: (outside(r) / "dir" / "operations.csv").symlink_to(outside(r) / "victim.txt")),
          names=("operations.csv",), force=True),
    ]


def env_cases() -> list[Case]:
    """Issue 10 §7: environment settings are validated, never an OverflowError later."""
    bad = ("inf", "-inf", "nan", "infinity", "1e400", "0", "-1", "1e-400", "abc", "30s", " ", "0x10")
    return ([env(f"TCO_OPS_TIMEOUT={v!r}", "TCO_OPS_TIMEOUT", v) for v in bad]
            + [env(f"TCO_OPS_TIMEOUT={v!r}", "TCO_OPS_TIMEOUT", v, ACCEPTED) for v in ("30", "0.5", None)])


def all_cases() -> list[Case]:
    return load_cases() + layout_cases() + ethics_cases() + value_cases() + export_cases() + env_cases()


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A small checkout with its outputs built: what every case starts from."""
    from tco_ops.cli import main

    root = tmp_path_factory.mktemp("sweep") / "template"
    for rel in (ARTICLE, CLAIMS):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / rel, root / rel)
    shutil.copytree(REPO / "seeds" / "reference", root / "seeds" / "reference")
    write(OPERATION, "kind: raid\n" + SUMMARY + "\n")(root)
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
        "results": [{"category": c.category, "case": c.id, "outcome": o, "seconds": took[f"[{c.category}] {c.id}"],
                     "detail": d[:200]} for c, o, d in outcomes],
    }
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nhostile sweep: {report['cases']} cases in {report['seconds']} s: "
          + ", ".join(f"{k} {report[k]}" for k in ("caught", "accepted", *FAILURES)) + f" (details: {REPORT})")
    bad = [f"[{f['category']}] {f['case']}: {f['outcome']}: {f['detail']}" for f in report["failures"]]
    assert not bad, f"{len(bad)} of {len(outcomes)} cases failed:\n" + "\n".join(bad[:80])
