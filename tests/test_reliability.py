"""Reliability: builds killed mid-write, concurrent builds, damaged outputs, limits, hostile seeds.

Counts reported in the README's Reliability section come from this file
(`python -m pytest tests/test_reliability.py --collect-only -q`).
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import LIMA, SEED_ARTICLE, snapshot
from tco_ops.build import limits
from tco_ops.build.pipeline import build
from tco_ops.cli import main
from tco_ops.errors import BuildError

CLAIMS = f"seeds/claims/{SEED_ARTICLE}.yaml"


def _change_a_seed(root: Path) -> None:
    """An edit that changes several outputs, so a publish has real work to do."""
    path = root / "seeds" / "operations" / f"{LIMA}.yaml"
    path.write_text("kind: raid\nsummary: Joint PNP and HSI raids in Lima, edited.\n", encoding="utf-8")


# -- 1. crash safety ------------------------------------------------------------
# Each case: which function to sabotage, and after how many calls to SIGKILL the process.
# The edit changes two files (operations.parquet, datapackage.json); os.replace call 1 puts the
# journal in place, calls 2 and 3 move the files. `journal` says whether the kill lands after it.
KILL_POINTS = [
    pytest.param("_fsync_write", 1, False, id="first staged file"),
    pytest.param("_fsync_write", 2, False, id="last staged file"),
    pytest.param("os.link", 1, False, id="while backing up"),
    pytest.param("_fsync_write", -1, False, id="writing the journal"),
    pytest.param("os.replace", 2, True, id="journal in place, nothing moved"),
    pytest.param("os.replace", 3, True, id="mid publish, one file moved"),
    pytest.param("unlink", 1, True, id="everything moved, before the commit"),
]

KILLER = textwrap.dedent("""
    import os, signal, sys
    import tco_ops.build.publish as pub
    target, nth, root = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    calls = {"n": 0}
    if nth < 0:  # count the staged files first: the journal is written right after them
        import tco_ops.build.pipeline as pipe
        from pathlib import Path
        files = pipe.build(Path(root) / "seeds", jobs=1).files
        nth = sum(1 for rel, data in files.items()
                  if not (Path(root) / rel).is_file() or (Path(root) / rel).read_bytes() != data) + 1
    def sabotage(orig):
        def wrapper(*a, **k):
            calls["n"] += 1
            if calls["n"] == nth:
                os.kill(os.getpid(), signal.SIGKILL)
            return orig(*a, **k)
        return wrapper
    if target == "_fsync_write":
        pub._fsync_write = sabotage(pub._fsync_write)
    elif target == "os.link":
        pub.os.link = sabotage(os.link)
    elif target == "os.replace":
        pub.os.replace = sabotage(os.replace)
    elif target == "unlink":  # the journal's removal is the commit point
        import pathlib
        orig = pathlib.Path.unlink
        def unlink(self, *a, **k):
            if self.name == pub.JOURNAL_NAME:
                os.kill(os.getpid(), signal.SIGKILL)
            return orig(self, *a, **k)
        pathlib.Path.unlink = unlink
    from tco_ops.cli import main
    sys.exit(main(["build", "--root", root, "--no-cache", "--jobs", "1"]))
""")


@pytest.mark.parametrize("target, nth, expect_journal", KILL_POINTS)
def test_build_killed_mid_write_leaves_the_previous_files(mini_repo: Path, target, nth, expect_journal):
    before = snapshot(mini_repo)
    _change_a_seed(mini_repo)
    proc = subprocess.run([sys.executable, "-c", KILLER, target, str(nth), str(mini_repo)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, (proc.returncode, proc.stderr[-2000:])
    journal = (mini_repo / ".tco-ops-journal.json").exists()
    assert journal == expect_journal
    if not journal:
        assert snapshot(mini_repo) == before, "killed before the journal: nothing may have changed"
    else:  # killed inside the replace window: readers refuse, the next command restores
        import tco_ops.loader as loader
        from tco_ops.errors import DataNotFoundError

        with pytest.raises(DataNotFoundError, match="interrupted build"):
            loader.tables(mini_repo)
    assert main(["build", "--root", str(mini_repo), "--dry-run"]) == 0  # takes the lock, recovers
    assert snapshot(mini_repo) == before
    assert not list(mini_repo.glob(".staging-*")) and not (mini_repo / ".tco-ops-journal.json").exists()
    assert main(["build", "--root", str(mini_repo)]) == 0  # and a real build then succeeds
    assert snapshot(mini_repo) != before


def test_two_builds_at_once_serialise_or_fail_cleanly(mini_repo: Path):
    _change_a_seed(mini_repo)
    cmd = [sys.executable, "-m", "tco_ops.cli", "build", "--root", str(mini_repo), "--force", "--no-cache"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    assert any(code == 0 for code, _ in results)
    for code, err in results:
        assert code == 0 or (code == 2 and "another build is running" in err), (code, err[-1000:])
    assert main(["validate", "--root", str(mini_repo), "--no-frictionless"]) == 0


# -- 5. verification ------------------------------------------------------------
def _damage_flip(path: Path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


DAMAGE = [
    pytest.param(lambda r: _damage_flip(r / "dataset/operations.parquet"), "dataset/operations.parquet",
                 id="flipped byte"),
    pytest.param(lambda r: (r / "dataset/claims.parquet").write_bytes((r / "dataset/claims.parquet").read_bytes()[:500]),
                 "dataset/claims.parquet", id="truncated file"),
    pytest.param(lambda r: (r / "dataset/agencies.parquet").unlink(), "dataset/agencies.parquet: missing",
                 id="missing file"),
    pytest.param(lambda r: (r / "dataset/extra.parquet").write_bytes(b"PAR1"), "dataset/extra.parquet: not produced",
                 id="extra file"),
    pytest.param(lambda r: (r / "datapackage.json").write_text(
        (r / "datapackage.json").read_text().replace('"title": "Agencies"', '"title": "Agencies!"')),
                 "datapackage.json", id="hand-edited datapackage.json"),
]


@pytest.mark.parametrize("damage, names", DAMAGE)
def test_validate_detects_damage(mini_repo: Path, capsys, damage, names):
    assert main(["validate", "--root", str(mini_repo), "--no-frictionless"]) == 0
    capsys.readouterr()
    damage(mini_repo)
    assert main(["validate", "--root", str(mini_repo), "--no-frictionless"]) == 1
    err = capsys.readouterr().err
    assert names in err and "run `tco-ops build`" in err, err


@pytest.mark.parametrize("table", ["articles", "operations", "claims", "locations"])
def test_validate_detects_a_flipped_byte_in_every_table(mini_repo: Path, capsys, table):
    path = mini_repo / "dataset" / f"{table}.parquet"
    for offset in (0, len(path.read_bytes()) // 3, len(path.read_bytes()) - 1):
        original = path.read_bytes()
        data = bytearray(original)
        data[offset] ^= 0x01
        path.write_bytes(bytes(data))
        assert main(["validate", "--root", str(mini_repo), "--no-frictionless"]) == 1, offset
        assert f"dataset/{table}.parquet" in capsys.readouterr().err
        path.write_bytes(original)


# -- 3. limits -------------------------------------------------------------------
def _problems(root: Path) -> str:
    with pytest.raises(BuildError) as exc:
        build(root / "seeds", jobs=1)
    return str(exc.value)


def test_oversized_file_refused(mini_repo: Path, monkeypatch):
    # Above every reference file (an oversized one stops the build before the articles).
    limit = max(p.stat().st_size for p in (mini_repo / "seeds" / "reference").iterdir()) + 1
    monkeypatch.setattr(limits, "MAX_SEED_FILE_BYTES", limit)
    article = mini_repo / "seeds" / "articles" / f"{SEED_ARTICLE}.md"
    article.write_text(article.read_text(encoding="utf-8") + "x" * limit, encoding="utf-8")
    err = _problems(mini_repo)
    assert f"seeds/articles/{SEED_ARTICLE}.md: file is larger than {limit} bytes" in err


def test_oversized_quote_refused(mini_repo: Path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_QUOTE_CHARS", 10)
    assert "'quote' is longer than 10 characters" in _problems(mini_repo)


def test_too_many_files_refused(mini_repo: Path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SEED_FILES", 0)
    assert "seeds/articles: more than 0 files" in _problems(mini_repo)


def test_symlinked_seed_file_refused(mini_repo: Path, tmp_path: Path):
    outside = tmp_path / "outside.yaml"
    shutil.copy(mini_repo / CLAIMS, outside)
    (mini_repo / CLAIMS).unlink()
    (mini_repo / CLAIMS).symlink_to(outside)
    assert f"{CLAIMS}: symbolic links are not followed" in _problems(mini_repo)


def test_symlinked_seed_folder_refused(mini_repo: Path, tmp_path: Path):
    shutil.move(mini_repo / "seeds" / "claims", tmp_path / "claims")
    (mini_repo / "seeds" / "claims").symlink_to(tmp_path / "claims")
    assert "seeds/claims: symbolic links are not followed" in _problems(mini_repo)


@given(st.text(min_size=1, max_size=40))
@settings(max_examples=200, deadline=None)
def test_ids_never_become_paths_that_escape(text):
    import re

    from tco_ops import vocab

    if re.fullmatch(vocab.SLUG_PATTERN, text):
        assert "/" not in text and "\\" not in text and ".." not in text and not text.startswith(".")
        assert Path("seeds/claims", f"{text}.yaml").resolve().parent == Path("seeds/claims").resolve()


def test_file_names_that_are_not_ids_are_refused(mini_repo: Path):
    (mini_repo / "seeds" / "claims" / "..evil.yaml").write_text("claims: []\n")
    shutil.copy(mini_repo / "seeds" / "articles" / f"{SEED_ARTICLE}.md", mini_repo / "seeds" / "articles" / "Bad_Id.md")
    err = _problems(mini_repo)
    assert "seeds/articles/Bad_Id.md: article id in the file name is not a slug" in err


# -- 4. Unicode normalisation ---------------------------------------------------------
def test_decomposed_quote_matches_nfc_text(mini_repo: Path):
    article = mini_repo / "seeds" / "articles" / f"{SEED_ARTICLE}.md"
    text = article.read_text(encoding="utf-8").replace("San Martin de Porres", "San Martín de Porres")
    article.write_text(unicodedata.normalize("NFC", text), encoding="utf-8")
    claims = mini_repo / CLAIMS
    nfd = unicodedata.normalize("NFD", "San Martín de Porres")
    claims.write_text(claims.read_text(encoding="utf-8").replace("quote: San Martin de Porres", f"quote: {nfd}"),
                      encoding="utf-8")
    result = build(mini_repo / "seeds", jobs=1)
    c = result.frames["claims"]
    row = c[c["value"] == "pe-san-martin-de-porres"].iloc[0]
    nfc_text = result.texts[SEED_ARTICLE]
    assert nfc_text[row["char_start"]:row["char_end"]] == "San Martín de Porres"
    assert row["quote"] == "San Martín de Porres" != nfd  # published in NFC, exactly the text at its offsets


def test_archived_text_must_be_nfc(mini_repo: Path):
    article = mini_repo / "seeds" / "articles" / f"{SEED_ARTICLE}.md"
    article.write_text(article.read_text(encoding="utf-8") + unicodedata.normalize("NFD", "\nSan Martín"),
                       encoding="utf-8")
    assert "archived text is not in Unicode NFC" in _problems(mini_repo)


# -- 2. fuzzing the seeds -------------------------------------------------------------
ODD = ["\u200f", "\u200b", "\u0301", "\x00", "\ud800", "\ufeff", "\r\n", "\u202e", "é", "名", "🙂", "\t", "'", '"',
       ":", "- ", "#", "&a", "*a", "!!python/object", "{", "[", "\\"]
odd_text = st.lists(st.one_of(st.sampled_from(ODD), st.text(max_size=12)), max_size=8).map("".join)
scalar = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(allow_nan=True),
                   odd_text, st.tuples(st.sampled_from(["a", "é", "\u200b", "9", " "]),
                                       st.integers(5_000, 3_000_000)).map(lambda t: t[0] * t[1]),  # huge values
                   st.dates().map(str))
value = st.recursive(scalar, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(odd_text, inner, max_size=4)), max_leaves=12)
CLAIM_KEYS = ["field", "value", "qualifier", "role", "group", "quote", "occurrence", "inferred", "note", "operation"]
claim = st.dictionaries(st.one_of(st.sampled_from(CLAIM_KEYS), odd_text), value, max_size=8)
FM_KEYS = ["url", "title", "publisher", "wire", "published", "language", "archived", "rights", "note"]
front = st.dictionaries(st.one_of(st.sampled_from(FM_KEYS), odd_text), value, max_size=10)
REF_KEYS = ["id", "name", "kind", "parent", "country", "aliases", "latitude", "longitude", "iso_3166_2"]
ref_entry = st.dictionaries(st.one_of(st.sampled_from(REF_KEYS), odd_text), value, max_size=8)


def _dump(data) -> str:
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        return repr(data)


def _write(path: Path, text: str, mangle: int) -> None:
    data = text.encode("utf-8", "surrogatepass")  # lone surrogates become invalid UTF-8
    if mangle == 1:
        data = b"\xef\xbb\xbf" + data  # a BOM
    elif mangle == 2:
        data = data.replace(b"\n", b"\r\n")
    elif mangle == 3:
        data = b"[" * 300 + data  # deep nesting
    path.write_bytes(data)


FILE_LEVEL = ("symbolic links", "file is larger", "id in the file name", "claims for an article",
              "reference file missing", "seeds folder not found")


@given(front=front, claims=st.lists(claim, max_size=5), entries=st.lists(ref_entry, max_size=3),
       body=odd_text, mangles=st.tuples(*[st.integers(0, 3)] * 3), target=st.sampled_from(
           ["front", "claims", "agencies", "locations"]))
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                     HealthCheck.too_slow])
def test_fuzzed_seeds_give_a_build_or_located_problems(mini_repo_factory, front, claims, entries, body, mangles,
                                                        target):
    root = mini_repo_factory()
    seeds = root / "seeds"
    if target == "front":
        _write(seeds / "articles" / f"{SEED_ARTICLE}.md", "---\n" + _dump(front) + "---\n" + body, mangles[0])
    elif target == "claims":
        _write(seeds / "claims" / f"{SEED_ARTICLE}.yaml", _dump({"operation": LIMA, "claims": claims}), mangles[1])
    else:
        path = seeds / "reference" / f"{'agencies' if target == 'agencies' else 'locations'}.yaml"
        _write(path, path.read_text(encoding="utf-8") + _dump(entries), mangles[2])
    try:
        build(seeds, jobs=1)
    except BuildError as exc:
        assert exc.problems
        for p in exc.problems:
            assert p.file.startswith("seeds/"), p
            assert p.line is not None or any(s in p.message for s in FILE_LEVEL), p
            assert p.fix, p


@pytest.fixture
def mini_repo_factory(mini_repo: Path, tmp_path: Path):
    """A fresh copy of the mini checkout for each Hypothesis example."""
    count = {"n": 0}

    def make() -> Path:
        count["n"] += 1
        dest = tmp_path / f"fuzz-{count['n']}"
        shutil.copytree(mini_repo / "seeds", dest / "seeds")
        return dest

    return make


def test_fuzz_budget_is_what_the_readme_says(repo: Path):
    """The README reports the number of generated inputs; keep it honest."""
    text = (repo / "README.md").read_text(encoding="utf-8")
    assert "100 fuzzed seed sets" in text and "200 generated ids" in text
