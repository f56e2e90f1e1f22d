"""Release downloads: verified, cached, atomic, safe zips; against a server on 127.0.0.1 only.

The release is built here from the repository's own datapackage.json and
dataset/*.parquet; its registry is written to a temporary folder that
tco_ops.registry reads instead of the (empty) one shipped in the package.
"""

from __future__ import annotations

import argparse
import hashlib
import http.server
import importlib
import json
import os
import socket
import stat
import subprocess
import sys
import threading
import types
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import tco_ops
import tco_ops.registry
from tco_ops import _paths
from tco_ops.errors import DataNotFoundError

dl = importlib.import_module("tco_ops.fetch")

V = "0.0.9"  # the good release; 0.0.8 is only in the registry; 0.0.1-0.0.4 are hostile zips
ZIP = f"tco-ops-data-{V}.zip"
TABLES = tco_ops.tables()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def meta(data: bytes) -> dict:
    return {"sha256": sha(data), "size": len(data)}


def corrupted(data: bytes) -> bytes:
    """What the server sends when told to corrupt: same length, one byte flipped."""
    mid = len(data) // 2
    return data[:mid] + bytes([data[mid] ^ 0xFF]) + data[mid + 1:]


def make_zip(path: Path, members: list[tuple[zipfile.ZipInfo | str, bytes]]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in members:
            if isinstance(info, str):
                info = zipfile.ZipInfo(info, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)


def registry_entry(version: str, zip_path: Path, members: dict[str, bytes], assets: dict[str, bytes]) -> dict:
    entry = {"version": version, "date": "2026-01-01",
             "assets": {zip_path.name: meta(zip_path.read_bytes()), **{n: meta(b) for n, b in assets.items()}},
             "zip_members": {n: meta(b) for n, b in members.items()},
             "tables": {}}
    import pyarrow.parquet as pq

    for name in TABLES:
        entry["tables"][name] = {"rows": pq.read_metadata(_paths.data_dir() / "dataset" / f"{name}.parquet").num_rows}
    return entry


@pytest.fixture(scope="session")
def release(tmp_path_factory) -> dict:
    """Server files under root/v<version>/, a registry folder, and the hostile cases."""
    base = tmp_path_factory.mktemp("release")
    root, regdir = base / "www", base / "registry"
    regdir.mkdir()
    src = _paths.data_dir()
    files = {"datapackage.json": (src / "datapackage.json").read_bytes(), "CITATION.cff": b"cff-version: 1.2.0\n"}
    files.update({f"dataset/{t}.parquet": (src / "dataset" / f"{t}.parquet").read_bytes() for t in TABLES})
    assets = {"datapackage.json": files["datapackage.json"],
              **{f"{t}.parquet": files[f"dataset/{t}.parquet"] for t in TABLES}}
    assets["SHA256SUMS"] = "".join(f"{sha(b)}  {n}\n" for n, b in assets.items()).encode()
    entries = {}
    for version in ("0.0.8", V):
        folder = root / f"v{version}"
        folder.mkdir(parents=True)
        make_zip(folder / f"tco-ops-data-{version}.zip", list(files.items()))
        for name, data in assets.items():
            (folder / name).write_bytes(data)
        entries[version] = registry_entry(version, folder / f"tco-ops-data-{version}.zip", files, assets)
    (root / "v0.0.8").rename(root / "gone")  # 0.0.8: in the registry, not on the server

    outside = tmp_path_factory.mktemp("outside") / "evil.txt"  # where an absolute member would land
    link = zipfile.ZipInfo("dataset/operations.parquet", date_time=(2026, 1, 1, 0, 0, 0))
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    hostile = {"0.0.1": "../evil.txt", "0.0.2": str(outside), "0.0.3": "dataset/../../evil.txt", "0.0.4": link}
    for version, member in hostile.items():
        folder = root / f"v{version}"
        folder.mkdir()
        name = member.filename if isinstance(member, zipfile.ZipInfo) else member
        payload = b"../../evil.txt" if isinstance(member, zipfile.ZipInfo) else b"pwned\n"
        members = [("datapackage.json", files["datapackage.json"]), (member, payload)]
        make_zip(folder / f"tco-ops-data-{version}.zip", members)
        with zipfile.ZipFile(folder / f"tco-ops-data-{version}.zip") as zf:
            assert zf.namelist()[1] == name  # zipfile kept the hostile name as written
        # The registry vouches for these zips, so only the path checks can stop them.
        entries[version] = registry_entry(version, folder / f"tco-ops-data-{version}.zip",
                                          {"datapackage.json": files["datapackage.json"], name: payload}, {})
    # 0.0.5: the good zip, but the registry disagrees about one member
    (root / "v0.0.5").mkdir()
    (root / "v0.0.5" / "tco-ops-data-0.0.5.zip").write_bytes((root / f"v{V}" / ZIP).read_bytes())
    entries["0.0.5"] = registry_entry("0.0.5", root / "v0.0.5" / "tco-ops-data-0.0.5.zip", files, {})
    entries["0.0.5"]["zip_members"]["dataset/operations.parquet"]["sha256"] = "0" * 64
    for version, entry in entries.items():
        (regdir / f"{version}.json").write_text(json.dumps(entry), encoding="utf-8")
    return {"root": root, "registry": regdir, "entries": entries, "files": files, "assets": assets,
            "hostile": hostile, "outside": outside}


class Server:
    """Serves root/ on 127.0.0.1; counts requests; can corrupt or cut off named files."""

    def __init__(self, root: Path):
        self.root, self.requests, self.corrupt, self.truncate = root, [], set(), set()
        lock, server = threading.Lock(), self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                with lock:
                    server.requests.append(self.path)
                path = (server.root / self.path.lstrip("/")).resolve()
                if not path.is_relative_to(server.root) or not path.is_file():
                    self.send_error(404)
                    return
                data, name = path.read_bytes(), path.name
                if name in server.corrupt:
                    data = corrupted(data)
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if name in server.truncate:  # half the body, then the connection closes (HTTP/1.0)
                    self.wfile.write(data[: len(data) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@pytest.fixture(autouse=True)
def env(monkeypatch, tmp_path, release):
    """Private cache, short timeout, no proxies, and the test registry in place of the shipped one."""
    for var in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("TCO_OPS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TCO_OPS_TIMEOUT", "5")
    monkeypatch.setattr(tco_ops.registry, "resources", types.SimpleNamespace(files=lambda _name: release["registry"]))
    assert tco_ops.registry.known_versions() == ["0.0.1", "0.0.2", "0.0.3", "0.0.4", "0.0.5", "0.0.8", V]


@pytest.fixture
def server(release, monkeypatch):
    srv = Server(release["root"])
    monkeypatch.setenv("TCO_OPS_BASE_URL", srv.url)
    yield srv
    srv.stop()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) if folder.exists() else []


def assert_all_verified(folder: Path, release: dict) -> None:
    """Every file under folder is a release file with its published bytes: nothing partial, no temp files."""
    for rel in tree(folder):
        if (folder / rel).is_file():
            assert rel in release["files"], f"unexpected file {rel}"
            assert (folder / rel).read_bytes() == release["files"][rel], f"{rel} differs from the release"


def test_fresh_download_then_load_matches_bundled(server, tmp_path, release):
    with pytest.raises(DataNotFoundError) as err:
        tco_ops.load("operations", version=V)
    assert f'tco_ops.download("{V}")' in str(err.value) and f"tco-ops download {V}" in str(err.value)

    folder = tco_ops.download(V)
    assert folder == tmp_path / "cache" / V
    assert server.requests == [f"/v{V}/{ZIP}"]
    assert tree(folder) == sorted(["CITATION.cff", "datapackage.json", "dataset",
                                   *(f"dataset/{t}.parquet" for t in TABLES)])  # zip not kept, no temp files
    assert_all_verified(folder, release)
    for name in TABLES:
        pd.testing.assert_frame_equal(tco_ops.load(name, version=V), tco_ops.load(name))
    pd.testing.assert_frame_equal(tco_ops.load("claims", columns=["claim_id"], version=V),
                                  tco_ops.load("claims", columns=["claim_id"]))
    # the installed version reads the bundled data, whatever the cache holds
    pd.testing.assert_frame_equal(tco_ops.load("operations", version=tco_ops.__version__), tco_ops.load("operations"))
    # load(version=...) really reads the downloaded folder
    (folder / "dataset" / "arrests.parquet").unlink()
    with pytest.raises(DataNotFoundError, match="not downloaded"):
        tco_ops.load("arrests", version=V)


def test_download_only_some_tables(server, tmp_path, release):
    folder = tco_ops.download(V, tables=["operations"])
    assert sorted(server.requests) == [f"/v{V}/datapackage.json", f"/v{V}/operations.parquet"]
    assert tree(folder) == ["datapackage.json", "dataset", "dataset/operations.parquet"]
    assert_all_verified(folder, release)
    pd.testing.assert_frame_equal(tco_ops.load("operations", version=V), tco_ops.load("operations"))
    with pytest.raises(DataNotFoundError) as err:
        tco_ops.load("arrests", version=V)
    assert f'tables=["arrests"]' in str(err.value)

    with pytest.raises(DataNotFoundError) as err:
        tco_ops.download(V, tables=["operations", "operatoins"])
    assert "'operatoins'" in str(err.value) and all(t in str(err.value) for t in TABLES)
    assert len(server.requests) == 2  # refused before any request


def test_second_call_makes_no_request(server, tmp_path, release, monkeypatch):
    dest = tmp_path / "mine"
    assert tco_ops.download(V, dest=dest) == dest
    assert tco_ops.download(V, tables=["arrests"]) == tmp_path / "cache" / V
    assert len(server.requests) == 3
    assert tco_ops.download(V, dest=dest) == dest
    assert tco_ops.download(V, dest=dest, tables=["operations", "claims"]) == dest  # in the zip already
    assert tco_ops.download(V, tables=["arrests"]) == tmp_path / "cache" / V
    assert len(server.requests) == 3
    monkeypatch.setenv("TCO_OPS_BASE_URL", f"http://127.0.0.1:{closed_port()}")  # offline: cache still serves
    assert tco_ops.download(V, dest=dest) == dest

    # presence is not enough: a damaged cached file is fetched again
    monkeypatch.setenv("TCO_OPS_BASE_URL", server.url)
    cached = dest / "dataset" / "operations.parquet"
    cached.write_bytes(corrupted(cached.read_bytes()))  # same size: only the hash can tell
    tco_ops.download(V, dest=dest)
    assert server.requests[3:] == [f"/v{V}/{ZIP}"]
    assert_all_verified(dest, release)
    assert (dest / "dataset" / "operations.parquet").is_file()


@pytest.mark.parametrize("tables", [None, ["operations"]], ids=["zip", "tables"])
def test_corrupted_download_is_rejected_and_not_cached(server, tmp_path, release, tables):
    asset = ZIP if tables is None else "operations.parquet"
    server.corrupt.add(asset)
    dest = tmp_path / "dest"
    with pytest.raises(dl.DownloadError) as err:
        tco_ops.download(V, dest=dest, tables=tables)
    good = (release["root"] / f"v{V}" / asset).read_bytes()
    msg = str(err.value)
    assert asset in msg and sha(good) in msg and sha(corrupted(good)) in msg
    assert_all_verified(dest, release)
    assert not (dest / "dataset" / "operations.parquet").exists()
    assert tree(dest) == ([] if tables is None else ["datapackage.json"])

    server.corrupt.clear()
    tco_ops.download(V, dest=dest, tables=tables)
    assert server.requests[-1] == f"/v{V}/{asset}"
    assert (dest / "dataset" / "operations.parquet").read_bytes() == release["files"]["dataset/operations.parquet"]


def test_unknown_version_lists_known_ones(server):
    for call in (lambda: tco_ops.download("9.9.9"), lambda: tco_ops.load("operations", version="9.9.9")):
        with pytest.raises(DataNotFoundError) as err:
            call()
        assert "'9.9.9'" in str(err.value)
        assert all(v in str(err.value) for v in ("0.0.8", V))
    assert server.requests == []


@pytest.mark.parametrize("tables", [None, ["operations"]], ids=["zip", "tables"])
def test_interrupted_transfer_leaves_no_partial_file(server, tmp_path, release, tables):
    asset = ZIP if tables is None else "operations.parquet"
    server.truncate.add(asset)
    with pytest.raises(dl.DownloadError) as err:
        tco_ops.download(V, tables=tables)
    assert asset in str(err.value)
    assert server.requests[-1] == f"/v{V}/{asset}"
    folder = tmp_path / "cache" / V
    assert tree(folder) == ([] if tables is None else ["datapackage.json"])
    assert_all_verified(folder, release)


@pytest.mark.parametrize("tables", [None, ["operations"]], ids=["zip", "tables"])
def test_offline_with_nothing_cached_explains_manual_steps(monkeypatch, tmp_path, tables):
    base = f"http://127.0.0.1:{closed_port()}"
    monkeypatch.setenv("TCO_OPS_BASE_URL", base)
    with pytest.raises(dl.DownloadError) as err:
        tco_ops.download(V, tables=tables)
    msg, folder = str(err.value), tmp_path / "cache" / V
    assert str(folder) in msg and "SHA-256" in msg and "cannot be reached" in msg
    needed = {ZIP: folder / ZIP} if tables is None else {
        "datapackage.json": folder / "datapackage.json",
        "operations.parquet": folder / "dataset" / "operations.parquet"}
    for asset, path in needed.items():
        assert f"{base}/v{V}/{asset}\n    -> save as {path}" in msg
    assert f"tco-ops download {V}" + ("`" if tables is None else " --tables operations`") in msg
    assert not folder.exists()
    with pytest.raises(DataNotFoundError, match="not downloaded"):
        tco_ops.load("operations", version=V)


def test_manual_fill_is_verified_and_used_offline(monkeypatch, tmp_path, release):
    """Following the offline instructions works: the zip put by hand is checked and extracted, no network."""
    monkeypatch.setenv("TCO_OPS_BASE_URL", f"http://127.0.0.1:{closed_port()}")
    folder = tmp_path / "cache" / V
    folder.mkdir(parents=True)
    (folder / ZIP).write_bytes((release["root"] / f"v{V}" / ZIP).read_bytes())
    assert tco_ops.download(V) == folder
    assert_all_verified(folder, release)
    pd.testing.assert_frame_equal(tco_ops.load("operations", version=V), tco_ops.load("operations"))


@pytest.mark.parametrize("version", ["0.0.1", "0.0.2", "0.0.3", "0.0.4"],
                         ids=["dotdot", "absolute", "nested-dotdot", "symlink"])
def test_hostile_zip_is_refused_and_nothing_written(server, tmp_path, release, version):
    dest = tmp_path / "dest"
    with pytest.raises(dl.DownloadError) as err:
        tco_ops.download(version, dest=dest)
    member = release["hostile"][version]
    name = member.filename if isinstance(member, zipfile.ZipInfo) else member
    assert "Refusing to extract" in str(err.value) and repr(name) in str(err.value)
    assert server.requests == [f"/v{version}/tco-ops-data-{version}.zip"]  # fetched and verified, then refused
    assert list(tmp_path.rglob("*")) == []  # nothing inside dest (not even the zip), nothing beside it
    assert not release["outside"].exists()


def test_extracted_member_is_checked_against_the_registry(server, tmp_path, release):
    dest = tmp_path / "dest"
    with pytest.raises(dl.DownloadError) as err:
        tco_ops.download("0.0.5", dest=dest)
    assert "dataset/operations.parquet" in str(err.value) and "0" * 64 in str(err.value)
    assert not (dest / "dataset" / "operations.parquet").exists()
    assert not (dest / "tco-ops-data-0.0.5.zip").exists()
    assert_all_verified(dest, release)  # members extracted before it passed their own checks; no temp files


def test_callable_after_submodule_import_and_cli(server, tmp_path, capsys):
    import tco_ops.fetch  # noqa: F401  the implementation module; tco_ops.download stays the function

    assert callable(tco_ops.download) and tco_ops.download.__module__ == "tco_ops"
    assert tco_ops.download(V, dest=tmp_path / "a", tables=["operations"]) == tmp_path / "a"
    args = argparse.Namespace(version=V, dest=str(tmp_path / "b"), tables="operations, arrests")
    assert dl.main_cli(args) == 0
    out = capsys.readouterr().out
    assert "arrests.parquet" in out and str(tmp_path / "b") in out
    assert tree(tmp_path / "b") == ["datapackage.json", "dataset", "dataset/arrests.parquet",
                                    "dataset/operations.parquet"]


def test_import_stays_cheap_and_package_function_works():
    """Fresh process: import loads none of the download machinery; tco_ops.download is the
    package's function there (the submodule not yet imported) and reaches the shipped registry."""
    code = ("import sys, tco_ops\n"
            "print(sorted(m for m in ('pooch', 'requests', 'platformdirs', 'tco_ops.fetch') if m in sys.modules))\n"
            "print(type(tco_ops.download).__name__)\n"
            "try:\n    tco_ops.download('9.9.9')\nexcept tco_ops.DataNotFoundError as e:\n    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}).stdout.splitlines()
    assert out[0] == "[]"
    assert out[1] == "function"
    assert out[2].startswith("Unknown release '9.9.9'. Known releases:")
