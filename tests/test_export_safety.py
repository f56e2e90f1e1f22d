"""`tco-ops export` never destroys a file: no overwrite without --force, no symlink followed,
temporary file then rename, no read during an interrupted build, mode 0644, clear errors.

Each test failed on the export before this file existed (raw tracebacks, overwritten files,
writes through symlinks, mixed data exported).
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest


from conftest import copy_installed_data
from tco_ops.cli import main
from tco_ops.errors import DataIntegrityError, DataNotFoundError, TcoOpsError

JOURNAL = ".tco-ops-journal.json"


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    """A copy of the installed data, which export (and the CLI) read instead of the real one."""
    return copy_installed_data(tmp_path, monkeypatch)


def export(fmt, dest, force=False):
    from tco_ops.export import export as _export

    return _export(fmt, Path(dest), force=force) if force else _export(fmt, Path(dest))


def user_db(path: Path) -> bytes:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE mine (x)")
    con.execute("INSERT INTO mine VALUES ('precious')")
    con.commit()
    con.close()
    return path.read_bytes()


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- no overwrite without --force ----------------------------------------------------------------

def test_sqlite_refuses_an_existing_database(data, tmp_path, capsys):
    db = tmp_path / "out" / "mine.db"
    db.parent.mkdir()
    before = user_db(db)
    assert main(["export", "--format", "sqlite", str(db)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("tco-ops export: ") and "--force" in err and str(db) in err
    assert db.read_bytes() == before
    assert files(db.parent) == ["mine.db"]  # no temporary file left

    assert main(["export", "--format", "sqlite", "--force", str(db)]) == 0
    con = sqlite3.connect(db)
    assert ("operations",) in con.execute("SELECT name FROM sqlite_master").fetchall()
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    assert con.execute('SELECT count(*) FROM "claims"').fetchone()[0] > 0
    assert stat.S_IMODE(db.stat().st_mode) == 0o644


def test_sqlite_refuses_an_existing_text_file(data, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n", encoding="utf-8")
    with pytest.raises(TcoOpsError, match="already exists"):
        export("sqlite", notes)
    assert notes.read_text(encoding="utf-8") == "my notes\n"


def test_csv_into_the_checkout_itself_is_refused(data, monkeypatch, capsys):
    monkeypatch.chdir(data)
    before = (data / "datapackage.json").read_bytes()
    for extra in ([], ["--force"]):
        assert main(["export", "--format", "csv", *extra, "."]) == 2
        assert "datapackage.json" in capsys.readouterr().err
        assert (data / "datapackage.json").read_bytes() == before
    assert not list(data.glob("*.csv"))


def test_csv_refuses_a_non_empty_folder_and_force_replaces_only_its_own_files(data, tmp_path):
    dest = tmp_path / "csv"
    dest.mkdir()
    (dest / "notes.txt").write_text("keep me\n", encoding="utf-8")
    (dest / "claims.csv").write_text("old\n", encoding="utf-8")
    with pytest.raises(TcoOpsError, match="not empty .*--force"):
        export("csv", dest)
    assert files(dest) == ["claims.csv", "notes.txt"]
    old_inode = (dest / "claims.csv").stat().st_ino

    export("csv", dest, force=True)
    assert (dest / "notes.txt").read_text(encoding="utf-8") == "keep me\n"
    assert (dest / "claims.csv").read_text(encoding="utf-8").startswith("claim_id,")
    assert (dest / "claims.csv").stat().st_ino != old_inode  # renamed into place, not rewritten in place
    assert not [n for n in files(dest) if n.startswith(".tco-ops")]


# --- symlinks --------------------------------------------------------------------------------------

def test_symlink_planted_inside_the_csv_folder_is_not_followed(data, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / "victim.txt"
    victim.write_text("not yours\n", encoding="utf-8")
    dest = tmp_path / "dir"
    dest.mkdir()
    (dest / "operations.csv").symlink_to(victim)
    for force in (False, True):
        with pytest.raises(TcoOpsError):
            export("csv", dest, force=force)
        assert victim.read_text(encoding="utf-8") == "not yours\n"
    assert files(dest) == ["operations.csv"] and (dest / "operations.csv").is_symlink()


@pytest.mark.parametrize("fmt", ["sqlite", "csv"])
def test_a_symlink_as_the_destination_is_refused_even_with_force(data, tmp_path, fmt):
    target = tmp_path / "target"
    if fmt == "csv":
        target.mkdir()
    else:
        target.write_text("not yours\n", encoding="utf-8")
    link = tmp_path / "link"
    link.symlink_to(target)
    with pytest.raises(TcoOpsError, match="symbolic link"):
        export(fmt, link, force=True)
    assert link.is_symlink()
    assert (files(target) == []) if fmt == "csv" else target.read_text(encoding="utf-8") == "not yours\n"


# --- what is read ------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["sqlite", "csv"])
def test_refuses_to_read_during_an_interrupted_build(data, tmp_path, fmt):
    from tco_ops import loader

    (data / JOURNAL).write_text('{"staging": ".staging-1", "files": []}', encoding="utf-8")
    with pytest.raises(DataNotFoundError) as load_err:
        loader.load("operations", folder=data)
    with pytest.raises(DataNotFoundError) as export_err:
        export(fmt, tmp_path / "out")
    assert str(export_err.value) == str(load_err.value)  # exactly what load() says
    assert not (tmp_path / "out").exists()


def test_damaged_data_is_not_exported(data, tmp_path):
    target = data / "dataset" / "arrests.parquet"
    raw = bytearray(target.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    target.write_bytes(bytes(raw))
    with pytest.raises(DataIntegrityError, match="arrests.parquet"):
        export("sqlite", tmp_path / "x.db")
    assert files(tmp_path) == ["data"]


def test_a_build_publishing_while_export_reads_is_noticed(data, tmp_path, monkeypatch):
    from tco_ops import loader

    real = loader.read_arrow
    seen = []

    def publish_midway(src, name, columns=None):
        seen.append(name)
        if len(seen) == 3:  # a build rewrites datapackage.json (new hashes) while we read
            pkg = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
            pkg["resources"][0]["hash"] = "sha256:" + "0" * 64
            (data / "datapackage.json").write_text(json.dumps(pkg), encoding="utf-8")
        return real(src, name, columns)

    monkeypatch.setattr(loader, "read_arrow", publish_midway)
    with pytest.raises(TcoOpsError, match="changed while it was being read"):
        export("csv", tmp_path / "out")
    assert not (tmp_path / "out").exists()


# --- modes -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt,dest", [("sqlite", "x.db"), ("csv", "new"), ("csv", "empty")])
def test_files_are_0644_whatever_the_umask(data, tmp_path, fmt, dest):
    (tmp_path / "empty").mkdir()  # an empty folder is a fine destination, like a new one
    old = os.umask(0o077)
    try:
        out = export(fmt, tmp_path / dest)
    finally:
        os.umask(old)
    written = [out] if fmt == "sqlite" else list(out.iterdir())
    assert fmt == "sqlite" or {"datapackage.json", "operations.csv"} <= {p.name for p in written}
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


# --- paths that cannot be used -----------------------------------------------------------------------

def test_an_existing_folder_as_the_sqlite_path(data, tmp_path, capsys):
    (tmp_path / "folder").mkdir()
    assert main(["export", "--format", "sqlite", "--force", str(tmp_path / "folder")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is a folder" in err
    assert files(tmp_path / "folder") == []


@pytest.mark.parametrize("fmt", ["sqlite", "csv"])
def test_a_file_as_the_csv_folder_or_a_file_in_the_path(data, tmp_path, fmt):
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    with pytest.raises(TcoOpsError):
        export(fmt, tmp_path / "plain" / "x", force=True)
    if fmt == "csv":
        with pytest.raises(TcoOpsError, match="not a folder"):
            export("csv", tmp_path / "plain", force=True)
    assert (tmp_path / "plain").read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize("fmt", ["sqlite", "csv"])
def test_missing_parent_folder(data, tmp_path, fmt):
    with pytest.raises(TcoOpsError, match="does not exist; create it first"):
        export(fmt, tmp_path / "no" / "such" / "out")
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("fmt", ["sqlite", "csv"])
@pytest.mark.parametrize("name", ["a" * 300, "nul\0byte"], ids=["too-long", "nul"])
def test_bad_names(data, tmp_path, fmt, name, capsys):
    assert main(["export", "--format", fmt, str(tmp_path / name)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and ("too long" in err or "NUL" in err)
    assert files(tmp_path) == ["data"]


@pytest.mark.parametrize("fmt", ["sqlite", "csv"])
def test_read_only_folder(data, tmp_path, monkeypatch, fmt):
    """Simulated (the tests may run as root, who writes through chmod 0o555)."""
    ro = tmp_path / "ro"
    ro.mkdir()
    if fmt == "csv":
        ro = ro / "csv"
        ro.mkdir()
    real_open = os.open

    def deny(path, flags, *args, **kwargs):
        if Path(path).parent == ro and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    with pytest.raises(TcoOpsError, match="permission denied"):
        export(fmt, ro / "x.db" if fmt == "sqlite" else ro)
    assert files(ro) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through chmod; test_read_only_folder simulates it")
def test_read_only_folder_for_real(data, tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        with pytest.raises(TcoOpsError, match="permission denied"):
            export("sqlite", ro / "x.db")
    finally:
        ro.chmod(0o755)


def test_a_failure_mid_export_keeps_the_old_file(data, tmp_path, monkeypatch):
    from tco_ops import export as export_mod

    db = tmp_path / "old.db"
    before = user_db(db)

    def broken(name, schema):
        return "CREATE TABLE oops ("  # a SQL error after the temporary database was created

    monkeypatch.setattr(export_mod, "create_table_sql", broken)
    with pytest.raises(TcoOpsError, match="cannot write the SQLite database"):
        export("sqlite", db, force=True)
    assert db.read_bytes() == before
    assert files(tmp_path) == ["data", "old.db"]

