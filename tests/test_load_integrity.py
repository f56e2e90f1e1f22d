"""load() never returns damaged or altered data: every file is checked against its recorded SHA-256.

Damage is done to copies (the installed data, or a downloaded release in a private
cache), never to the repository's own files.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import types
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import tco_ops
import tco_ops.registry
from tco_ops import _paths, integrity, loader
from tco_ops.errors import DataIntegrityError, TcoOpsError

SRC = _paths.data_dir()
TABLES = tco_ops.tables()
PAST = 1_700_000_000  # an mtime long ago: old enough for the once-per-process memory


@pytest.fixture(autouse=True)
def fresh_memory():
    integrity.forget()
    yield
    integrity.forget()


def copy_data(dest: Path) -> Path:
    """The installed data (datapackage.json, dataset/, schema/) copied to dest, with old mtimes."""
    dest.mkdir(parents=True)
    shutil.copy(SRC / "datapackage.json", dest / "datapackage.json")
    for sub in ("dataset", "schema"):
        shutil.copytree(SRC / sub, dest / sub)
    for path in [dest / "datapackage.json", *(dest / "dataset").iterdir()]:
        os.utime(path, (PAST, PAST))
    return dest


@pytest.fixture
def data(tmp_path) -> Path:
    return copy_data(tmp_path / "data")


def flip(path: Path, offset: int, mask: int = 0x01) -> None:
    raw = bytearray(path.read_bytes())
    raw[offset] ^= mask
    path.write_bytes(bytes(raw))


# --- the two cases of the issue -----------------------------------------------------------------

def test_one_bit_flipped_at_byte_576_of_agencies(tmp_path, monkeypatch):
    pkg = tmp_path / "site-packages" / "tco_ops"
    data = copy_data(pkg / "data")
    monkeypatch.setattr(_paths, "_PACKAGE", pkg)  # the copy is "the installed wheel's data"
    monkeypatch.setattr(_paths, "data_dir", lambda: data)
    target = data / "dataset" / "agencies.parquet"
    pd_before = tco_ops.load("agencies")
    flip(target, 576)
    for call in (lambda: tco_ops.load("agencies"), lambda: tco_ops.load("agencies", columns=["agency_id"]),
                 tco_ops.load_all, lambda: tco_ops.path("agencies")):
        with pytest.raises(DataIntegrityError) as err:
            call()
        msg = str(err.value)
        assert str(target) in msg and "SHA-256" in msg
        assert "pip install --force-reinstall tco-ops" in msg
    assert tco_ops.tables() == TABLES  # datapackage.json itself is intact
    flip(target, 576)  # undone: the same bytes load again, equal to before
    assert tco_ops.load("agencies").equals(pd_before)


def test_a_damaged_checkout_says_rebuild(tmp_path):
    root = copy_data(tmp_path / "repo")
    (root / "seeds").mkdir()
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    flip(root / "dataset" / "claims.parquet", 100)
    with pytest.raises(DataIntegrityError, match=r"run `tco-ops build` in"):
        loader.load("claims", folder=root)


def _dl():
    """The loopback release server and registry of test_download.py."""
    import test_download

    return test_download


@pytest.fixture
def download_env(monkeypatch, tmp_path, request):
    dl = _dl()
    release = request.getfixturevalue("release")
    for var in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("TCO_OPS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TCO_OPS_TIMEOUT", "5")
    monkeypatch.setattr(tco_ops.registry, "resources", types.SimpleNamespace(files=lambda _name: release["registry"]))
    srv = dl.Server(release["root"])
    monkeypatch.setenv("TCO_OPS_BASE_URL", srv.url)
    yield srv, release
    srv.stop()


from test_download import release  # noqa: E402,F401  (the session fixture that builds the test release)


@pytest.mark.parametrize("tables", [None, ["operations"]], ids=["zip", "tables"])
def test_downloaded_release_rewritten_with_pyarrow(download_env, tmp_path, tables):
    srv, release = download_env
    v = _dl().V
    folder = tco_ops.download(v, tables=tables)
    target = folder / "dataset" / "operations.parquet"
    table = pq.read_table(target)
    altered = table.set_column(table.schema.get_field_index("arrested_best"), "arrested_best",
                               pa.array([9999] * table.num_rows, pa.int64()))
    pq.write_table(altered, target)
    with pytest.raises(DataIntegrityError) as err:
        tco_ops.load("operations", version=v)
    msg = str(err.value)
    assert str(target) in msg and f"registry of release {v}" in msg and f"tco-ops download {v} --force" in msg

    # Also rewriting datapackage.json to vouch for the altered file does not help: the registry decides.
    pkg = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for res in pkg["resources"]:
        if res["name"] == "operations":
            res["hash"] = "sha256:" + integrity._sha256(target.read_bytes())
    (folder / "datapackage.json").write_text(json.dumps(pkg), encoding="utf-8")
    with pytest.raises(DataIntegrityError, match="datapackage.json is damaged or was altered"):
        tco_ops.load("operations", version=v)

    # The fix the message gives works.
    before = len(srv.requests)
    tco_ops.download(v, tables=tables, force=True)
    assert len(srv.requests) > before
    assert 9999 not in set(tco_ops.load("operations", version=v)["arrested_best"].dropna())
    assert target.read_bytes() == release["files"]["dataset/operations.parquet"]


def test_download_force_refetches_verified_files(download_env):
    srv, _ = download_env
    v = _dl().V
    tco_ops.download(v, tables=["arrests"])
    n = len(srv.requests)
    tco_ops.download(v, tables=["arrests"])
    assert len(srv.requests) == n  # verified: nothing fetched
    tco_ops.download(v, tables=["arrests"], force=True)
    assert len(srv.requests) == n + 2  # datapackage.json and arrests.parquet again


# --- one flipped byte at the start, middle and end of every column chunk of every table -----------

def _chunk_cases() -> list[tuple[str, str, int]]:
    cases = []
    for name in TABLES:
        meta = pq.read_metadata(SRC / "dataset" / f"{name}.parquet")
        for rg in range(meta.num_row_groups):
            for col in range(meta.num_columns):
                chunk = meta.row_group(rg).column(col)
                start = chunk.dictionary_page_offset if chunk.has_dictionary_page else chunk.data_page_offset
                size = chunk.total_compressed_size
                for where, offset in (("start", start), ("middle", start + size // 2), ("end", start + size - 1)):
                    cases.append((name, f"rg{rg}.{chunk.path_in_schema}.{where}", offset))
    return cases


CHUNK_CASES = _chunk_cases()


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    return copy_data(tmp_path_factory.mktemp("pristine") / "data")


def _damaged(pristine: Path, tmp_path: Path, name: str) -> Path:
    """A folder with the pristine datapackage.json and a fresh copy of one table, to damage."""
    folder = tmp_path / "d"
    (folder / "dataset").mkdir(parents=True)
    os.link(pristine / "datapackage.json", folder / "datapackage.json")
    shutil.copy(pristine / "dataset" / f"{name}.parquet", folder / "dataset" / f"{name}.parquet")
    return folder


def _assert_refused(folder: Path, name: str) -> None:
    with pytest.raises(TcoOpsError) as err:  # anything else (a raw pyarrow error, or data) fails the test
        loader.load(name, folder=folder)
    assert isinstance(err.value, DataIntegrityError), repr(err.value)
    assert str(folder / "dataset" / f"{name}.parquet") in str(err.value)


def test_the_sweep_is_hundreds_of_cases():
    assert len(CHUNK_CASES) >= 300 and {c[0] for c in CHUNK_CASES} == set(TABLES)


@pytest.mark.parametrize("name,chunk,offset", CHUNK_CASES, ids=[f"{n}-{c}" for n, c, _ in CHUNK_CASES])
def test_flipped_byte_in_a_column_chunk(pristine, tmp_path, name, chunk, offset):
    folder = _damaged(pristine, tmp_path, name)
    flip(folder / "dataset" / f"{name}.parquet", offset, 0xFF)
    _assert_refused(folder, name)


def _truncate(keep):
    return lambda p: p.write_bytes(p.read_bytes()[:keep(len(p.read_bytes()))])


DAMAGE = {
    "first byte": lambda p: flip(p, 0),
    "last byte": lambda p: flip(p, p.stat().st_size - 1),
    "footer length": lambda p: flip(p, p.stat().st_size - 6),
    "truncated to half": _truncate(lambda n: n // 2),
    "last byte cut": _truncate(lambda n: n - 1),
    "empty": _truncate(lambda n: 0),
    "junk appended": lambda p: p.write_bytes(p.read_bytes() + b"\0junk"),
    "missing": lambda p: p.unlink(),
    "folder in its place": lambda p: (p.unlink(), p.mkdir()),
    "named pipe in its place": lambda p: (p.unlink(), os.mkfifo(p)),
    "symlink to a device": lambda p: (p.unlink(), p.symlink_to("/dev/zero")),
    "dangling symlink": lambda p: (p.unlink(), p.symlink_to(p.parent / "nowhere")),
    "other table's file": lambda p: p.write_bytes((SRC / "dataset" / "decisions.parquet").read_bytes()),
}


@pytest.mark.parametrize("how", list(DAMAGE))
@pytest.mark.parametrize("name", ["operations", "agencies"])
def test_damaged_file(pristine, tmp_path, name, how):
    folder = _damaged(pristine, tmp_path, name)
    DAMAGE[how](folder / "dataset" / f"{name}.parquet")
    _assert_refused(folder, name)


def test_unreadable_file(data, monkeypatch):
    # Simulated: the tests may run as root, who reads through chmod 000.
    real_open = os.open
    target = data / "dataset" / "arrests.parquet"

    def fake(path, flags, *args, **kwargs):
        if Path(path) == target:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake)
    with pytest.raises(DataIntegrityError, match="permission denied"):
        loader.load("arrests", folder=data)


def test_io_error_while_reading(data, monkeypatch):
    real_read = os.read

    def fake(fd, n):
        if os.fstat(fd).st_size == (data / "dataset" / "arrests.parquet").stat().st_size:
            raise OSError(5, "Input/output error")
        return real_read(fd, n)

    monkeypatch.setattr(os, "read", fake)
    with pytest.raises(DataIntegrityError, match="Input/output error"):
        loader.load("arrests", folder=data)


def test_hash_recorded_for_a_broken_file_still_gives_a_clear_error(data):
    """A datapackage.json that vouches for a non-Parquet file: the hash passes, the parse fails cleanly."""
    target = data / "dataset" / "locations.parquet"
    target.write_bytes(b"PAR1 not really parquet PAR1")
    pkg = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    for res in pkg["resources"]:
        if res["name"] == "locations":
            res["hash"] = "sha256:" + integrity._sha256(target.read_bytes())
    (data / "datapackage.json").write_text(json.dumps(pkg), encoding="utf-8")
    with pytest.raises(DataIntegrityError, match="not readable Parquet"):
        loader.load("locations", folder=data)


# --- datapackage.json ----------------------------------------------------------------------------

def _edit(change):
    def apply(path: Path):
        pkg = json.loads(path.read_text(encoding="utf-8"))
        change(pkg)
        path.write_text(json.dumps(pkg), encoding="utf-8")
    return apply


def _res(i, **kv):
    def change(pkg):
        for k, v in kv.items():
            if v is KeyError:
                del pkg["resources"][i][k]
            else:
                pkg["resources"][i][k] = v
    return _edit(change)


BAD_PACKAGES = {
    "not JSON": lambda p: p.write_text("{\"resources\": [", encoding="utf-8"),
    "empty file": lambda p: p.write_bytes(b""),
    "not UTF-8": lambda p: p.write_bytes(b"\xff\xfe{}"),
    "a list": lambda p: p.write_text("[]", encoding="utf-8"),
    "resources missing": _edit(lambda pkg: pkg.pop("resources")),
    "resources a dict": _edit(lambda pkg: pkg.update(resources={"a": 1})),
    "resources empty": _edit(lambda pkg: pkg.update(resources=[])),
    "resource a string": _edit(lambda pkg: pkg["resources"].__setitem__(0, "articles")),
    "name missing": _res(0, name=KeyError),
    "name a number": _res(0, name=7),
    "name a path": _res(0, name="../../etc/passwd"),
    "path missing": _res(1, path=KeyError),
    "path outside": _res(1, path="../agencies.parquet"),
    "hash missing": _res(2, hash=KeyError),
    "hash a number": _res(2, hash=12),
    "hash not sha256": _res(2, hash="md5:0123456789abcdef0123456789abcdef"),
    "hash too short": _res(2, hash="sha256:abc"),
    "duplicate name": _edit(lambda pkg: pkg["resources"].append(dict(pkg["resources"][0]))),
    "missing": lambda p: p.unlink(),
    "a folder": lambda p: (p.unlink(), p.mkdir()),
    "a named pipe": lambda p: (p.unlink(), os.mkfifo(p)),
}


@pytest.mark.parametrize("how", list(BAD_PACKAGES))
def test_invalid_datapackage(data, how):
    BAD_PACKAGES[how](data / "datapackage.json")
    for call in (lambda: loader.tables(data), lambda: loader.load("operations", folder=data)):
        with pytest.raises(TcoOpsError) as err:
            call()
        assert isinstance(err.value, DataIntegrityError), repr(err.value)
        assert str(data / "datapackage.json") in str(err.value)


def test_invalid_datapackage_through_the_public_api(data, monkeypatch):
    monkeypatch.setattr(_paths, "data_dir", lambda: data)
    (data / "datapackage.json").write_text("{", encoding="utf-8")
    for call in (tco_ops.tables, lambda: tco_ops.load("claims"), tco_ops.load_all, lambda: tco_ops.path("claims")):
        with pytest.raises(DataIntegrityError, match="not valid JSON"):
            call()


# --- once per process ----------------------------------------------------------------------------

@pytest.fixture
def hash_calls(monkeypatch) -> list:
    calls = []
    real = integrity._sha256

    def counting(data):
        calls.append(len(data))
        return real(data)

    monkeypatch.setattr(integrity, "_sha256", counting)
    return calls


def test_each_file_is_hashed_once_per_process(data, hash_calls):
    target = data / "dataset" / "operations.parquet"
    first = loader.load("operations", folder=data)
    assert hash_calls == [target.stat().st_size]
    loader.load("operations", folder=data)
    loader.load("operations", columns=["operation_id"], folder=data)
    assert len(hash_calls) == 1
    loader.load("arrests", folder=data)
    assert len(hash_calls) == 2

    os.utime(target, (PAST + 60, PAST + 60))  # touched: checked again
    assert loader.load("operations", folder=data).equals(first)
    assert len(hash_calls) == 3
    loader.load("operations", folder=data)
    assert len(hash_calls) == 3


def test_a_replaced_file_is_checked_again_even_with_the_same_size_and_mtime(data, hash_calls):
    target = data / "dataset" / "operations.parquet"
    loader.load("operations", folder=data)
    raw = bytearray(target.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    tmp = target.with_suffix(".new")
    tmp.write_bytes(bytes(raw))
    os.utime(tmp, (PAST, PAST))
    os.replace(tmp, target)  # same path, size and mtime; another inode
    with pytest.raises(DataIntegrityError):
        loader.load("operations", folder=data)


def test_a_recently_written_file_is_not_remembered(data, hash_calls):
    """Within the file system's clock tick a second write keeps the mtime: such files are checked each time."""
    target = data / "dataset" / "arrests.parquet"
    os.utime(target)  # now
    loader.load("arrests", folder=data)
    loader.load("arrests", folder=data)
    assert len(hash_calls) == 2
    before = target.stat().st_mtime_ns
    flip(target, 200)
    os.utime(target, ns=(before, before))  # as if written again within the same clock tick
    with pytest.raises(DataIntegrityError):
        loader.load("arrests", folder=data)


def test_the_installed_data_passes(hash_calls):
    for name in TABLES:
        assert len(loader.load(name)) == pq.read_metadata(SRC / "dataset" / f"{name}.parquet").num_rows
    assert len(hash_calls) == len(TABLES)


def test_import_tco_ops_does_not_import_the_checks():
    import subprocess
    import sys

    code = "import sys, tco_ops; print('tco_ops.integrity' in sys.modules, 'hashlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split()[0] == "False"


def test_mode_bits_do_not_matter(data):
    target = data / "dataset" / "organizations.parquet"
    target.chmod(stat.S_IRUSR)
    assert len(loader.load("organizations", folder=data)) > 0


# --- tco-ops validate --installed / --version / outside a checkout ------------------------------------

def _rewrite(folder: Path, name: str, column: str, value) -> None:
    """Change the first row of a column and make datapackage.json vouch for it: only the models can tell."""
    path = folder / "dataset" / f"{name}.parquet"
    table = pq.read_table(path)
    i = table.schema.get_field_index(column)
    values = table.column(i).to_pylist()
    values[0] = value  # one row changed
    table = table.set_column(i, table.schema.field(i), pa.array(values, table.schema.field(i).type))
    pq.write_table(table, path)
    pkg = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for res in pkg["resources"]:
        if res["name"] == name:
            res["hash"] = "sha256:" + integrity._sha256(path.read_bytes())
    (folder / "datapackage.json").write_text(json.dumps(pkg), encoding="utf-8")


def test_validate_outside_a_checkout_checks_the_installed_data(data, tmp_path, monkeypatch, capsys):
    from tco_ops.cli import main

    monkeypatch.setattr(_paths, "data_dir", lambda: data)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    n = len(json.loads((data / "datapackage.json").read_text(encoding="utf-8"))["resources"])
    assert "no tco-ops checkout here" in out and "--installed" in out and f"{n} table(s)" in out

    flip(data / "dataset" / "agencies.parquet", 576)
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert "agencies.parquet is damaged or was altered" in err and "validate FAILED" in err


@pytest.mark.parametrize("name,column,value,expect", [
    ("operations", "arrested_best", 9999, "arrested"),  # pandera: low <= best <= high
    ("agencies", "agency_id", "cl-fiscalia", "agency_id fails field_uniqueness"),
    ("arrests", "count_best", -5, "count_low_le_best_le_high"),
    ("operation_locations", "location_id", "pe-lima-nowhere", "refers to locations rows that do not exist"),
    ("operation_agencies", "n_sources", 7, "n_sources disagrees with the claims"),
])
def test_validate_installed_runs_the_models_and_cross_checks(data, monkeypatch, capsys, name, column, value, expect):
    from tco_ops.cli import main

    monkeypatch.setattr(_paths, "data_dir", lambda: data)
    _rewrite(data, name, column, value)
    assert main(["validate", "--installed"]) == 1
    assert expect in capsys.readouterr().err


def test_validate_version_checks_a_download_against_the_registry(download_env, capsys):
    from tco_ops.cli import main

    v = _dl().V
    folder = tco_ops.download(v)
    assert main(["validate", "--version", v]) == 0
    assert f"release {v} in {folder}" in capsys.readouterr().out
    _rewrite(folder, "operations", "arrested_best", 9999)  # datapackage.json vouches for it; the registry does not
    assert main(["validate", "--version", v]) == 1
    err = capsys.readouterr().err
    assert f"registry of release {v}" in err and f"tco-ops download {v} --force" in err
    assert main(["validate", "--version", "9.9.9"]) == 2
    assert "Unknown release" in capsys.readouterr().err


def test_validate_in_a_checkout_is_unchanged(repo, monkeypatch, capsys):
    """Plain validate inside a checkout still rebuilds from the seeds (its output says so)."""
    from tco_ops.cli import main

    monkeypatch.chdir(repo)
    assert main(["validate", "--no-frictionless"]) == 0
    assert "generated files match the seeds" in capsys.readouterr().out
