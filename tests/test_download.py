"""Release downloads: verified, cached, atomic, safe zips; against a server on 127.0.0.1 only.

The release is built here from the repository's own datapackage.json and
dataset/*.parquet; its registry is written to a temporary folder that
tco_ops.registry reads instead of the (empty) one shipped in the package.
"""

from __future__ import annotations

import argparse
import errno
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
import time
import types
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import tco_ops
import tco_ops.registry
from tco_ops import _paths
from tco_ops.errors import DataNotFoundError, TcoOpsError

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
    """Serves root/ on 127.0.0.1; counts requests; can corrupt or cut off named files.

    `custom` maps a file name to a misbehaviour (see the functions below the class), used for
    requests without a query string; the URL may name the server `host` (e.g. localhost).
    Stalling handlers wait at most STALL_S, and stop() releases them at once.
    """

    def __init__(self, root: Path, host: str = "127.0.0.1"):
        self.root, self.requests, self.corrupt, self.truncate = root, [], set(), set()
        self.custom, self.stopping = {}, threading.Event()
        lock, server = threading.Lock(), self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                with lock:
                    server.requests.append(self.path)
                plain, _, query = self.path.partition("?")
                path = (server.root / plain.lstrip("/")).resolve()
                found = path.is_relative_to(server.root) and path.is_file()
                behave = None if query else server.custom.get(plain.rsplit("/", 1)[-1])
                if behave is not None:
                    behave(self, server, path.read_bytes() if found else b"")
                    return
                if not found:
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
        self.port = self.httpd.server_address[1]
        self.url = f"http://{host}:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def stop(self):
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


STALL_S = 10  # longest a stalling handler waits; the client's timeout is far shorter


def send(handler, status: int, headers: dict[str, str], body: bytes = b"") -> None:
    """Answer with exactly these headers and body, then close; a client hanging up early is fine."""
    try:
        handler.send_response(status)
        for key, value in headers.items():
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(body)
        handler.wfile.flush()
    except OSError:  # the client stopped reading (it is told to)
        pass
    handler.close_connection = True


def stall_silently(handler, server, data):
    """Accept the connection, read the request, send nothing."""
    server.stopping.wait(STALL_S)


def stall_after_headers(handler, server, data):
    send(handler, 200, {"Content-Type": "application/octet-stream", "Content-Length": str(len(data))})
    server.stopping.wait(STALL_S)


def redirect(location):
    """302 to location(server, request path)."""
    def behave(handler, server, data):
        send(handler, 302, {"Location": location(server, handler.path), "Content-Length": "0"})
    return behave


@pytest.fixture(autouse=True)
def env(monkeypatch, tmp_path, release):
    """Private cache, short timeout, no proxies, and the test registry in place of the shipped one."""
    for var in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.delenv("TCO_OPS_ALLOW_REDIRECT_HOSTS", raising=False)
    monkeypatch.setenv("TCO_OPS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TCO_OPS_TIMEOUT", "5")
    monkeypatch.setenv("TCO_OPS_RETRIES", "0")  # one request per file: the tests count them (retries: below)
    monkeypatch.setenv("TCO_OPS_PROGRESS", "0")
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
    assert 'tables=["arrests"]' in str(err.value)

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


# --- robustness: stalls, wrong lengths, HTML pages, redirects, unwritable or full caches ------------

def nothing_left(tmp_path: Path, expected: list[str] | None = None) -> None:
    """The call left no file and no folder under tmp_path (or exactly `expected`)."""
    assert tree(tmp_path) == sorted(expected or []), "a failed download left something behind"


@pytest.mark.parametrize("how, tables", [(stall_silently, None), (stall_after_headers, ["operations"])],
                         ids=["nothing-at-all", "headers-then-nothing"])
def test_stalled_server_times_out_within_the_setting(server, tmp_path, monkeypatch, release, how, tables):
    asset = ZIP if tables is None else "operations.parquet"
    server.custom[asset] = how
    monkeypatch.setenv("TCO_OPS_TIMEOUT", "1")
    start = time.monotonic()
    with pytest.raises(dl.DownloadError) as err:
        tco_ops.download(V, tables=tables)
    elapsed = time.monotonic() - start
    assert 0.9 <= elapsed < 4, f"took {elapsed:.1f} s with TCO_OPS_TIMEOUT=1"
    msg = str(err.value)
    assert f"{server.url}/v{V}/{asset}" in msg and "within 1 s" in msg and "TCO_OPS_TIMEOUT" in msg
    assert server.requests[-1] == f"/v{V}/{asset}"
    nothing_left(tmp_path, None if tables is None else ["cache", f"cache/{V}", f"cache/{V}/datapackage.json"])
    assert_all_verified(tmp_path / "cache" / V, release)


def short_body(handler, server, data):  # announces the full length, sends half, hangs up
    send(handler, 200, {"Content-Type": "application/octet-stream", "Content-Length": str(len(data))},
         data[: len(data) // 2])


def announces_more(handler, server, data):  # the whole file, but a Content-Length 1000 bytes larger
    send(handler, 200, {"Content-Type": "application/octet-stream", "Content-Length": str(len(data) + 1000)}, data)


def longer_declared(handler, server, data):  # the file plus trailing junk, honestly announced
    body = data + b"\0" * 1000
    send(handler, 200, {"Content-Type": "application/octet-stream", "Content-Length": str(len(body))}, body)


def longer_undeclared(handler, server, data):  # no Content-Length: the file plus 2 MB, until it hangs up
    send(handler, 200, {"Content-Type": "application/octet-stream"}, data + b"\0" * (2 << 20))


@pytest.mark.parametrize("how, expect", [
    (short_body, "closed after {half} of the {size} announced bytes"),
    (announces_more, "announced {more} bytes (Content-Length), the registry expects {size}"),
    (longer_declared, "announced {more} bytes (Content-Length), the registry expects {size}"),
    (longer_undeclared, "too long: more than the {size} bytes the registry expects"),
], ids=["content-length-larger-than-body", "content-length-larger-than-file", "body-longer-declared",
        "body-longer-undeclared"])
def test_wrong_length_is_rejected(server, tmp_path, release, how, expect):
    size = len((release["root"] / f"v{V}" / ZIP).read_bytes())
    server.custom[ZIP] = how
    with pytest.raises(dl.DownloadError) as err:
        tco_ops.download(V)
    msg = str(err.value)
    assert ZIP in msg and expect.format(half=size // 2, size=size, more=size + 1000) in msg
    assert "not kept" in msg
    assert server.requests == [f"/v{V}/{ZIP}"]
    nothing_left(tmp_path)


PORTAL = (b"<!DOCTYPE html>\n<html><head><title>Sign in to Airport Wi-Fi</title></head>"
          b"<body><form action='/login'>Accept the terms to continue</form></body></html>\n")


def html_page(handler, server, data):  # what a captive portal answers: 200, text/html, its own length
    send(handler, 200, {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(PORTAL))}, PORTAL)


def html_as_the_file(handler, server, data):  # a mislabelled error page padded to the exact size
    body = (PORTAL + b" " * len(data))[: len(data)]
    send(handler, 200, {"Content-Type": "application/octet-stream", "Content-Length": str(len(body))}, body)


@pytest.mark.parametrize("how, tables", [(html_page, None), (html_as_the_file, ["operations"])],
                         ids=["content-type", "leading-bytes-same-size"])
def test_html_page_instead_of_the_file_is_named_as_such(server, tmp_path, release, how, tables):
    asset = ZIP if tables is None else "operations.parquet"
    server.custom[asset] = how
    with pytest.raises(dl.DownloadError) as err:
        tco_ops.download(V, tables=tables)
    msg = str(err.value)
    assert asset in msg and f"{server.url}/v{V}/{asset}" in msg
    assert "returned an HTML page" in msg and "rather than the file" in msg and "captive portal" in msg
    assert "'Sign in to Airport Wi-Fi'" in msg
    assert "SHA-256 expected" not in msg and "corrupted" not in msg  # not reported as a mere hash mismatch
    nothing_left(tmp_path, None if tables is None else ["cache", f"cache/{V}", f"cache/{V}/datapackage.json"])


def test_redirect_to_another_host_is_refused_unless_allowed(server, tmp_path, release, monkeypatch):
    other = Server(release["root"], host="localhost")  # loopback, but another host name
    try:
        server.custom[ZIP] = redirect(lambda srv, path: f"{other.url}{path}")
        with pytest.raises(dl.DownloadError) as err:
            tco_ops.download(V)
        msg = str(err.value)
        assert "Refusing a redirect" in msg and f"{other.url}/v{V}/{ZIP}" in msg
        assert "'localhost'" in msg and "TCO_OPS_ALLOW_REDIRECT_HOSTS=localhost" in msg
        assert other.requests == []  # the other host was never contacted
        nothing_left(tmp_path)

        monkeypatch.setenv("TCO_OPS_ALLOW_REDIRECT_HOSTS", "mirror.example.org, LOCALHOST")
        assert tco_ops.download(V) == tmp_path / "cache" / V
        assert server.requests == [f"/v{V}/{ZIP}"] * 2 and other.requests == [f"/v{V}/{ZIP}"]
        assert_all_verified(tmp_path / "cache" / V, release)
        assert (tmp_path / "cache" / V / "dataset" / "operations.parquet").is_file()
    finally:
        other.stop()


def test_same_host_redirects_are_followed_and_bounded(server, tmp_path, release):
    other_port = Server(release["root"])  # same host 127.0.0.1, another port: allowed
    try:
        server.custom["datapackage.json"] = redirect(lambda srv, path: f"{other_port.url}{path}")
        server.custom["operations.parquet"] = redirect(lambda srv, path: f"{path}?moved=1")  # relative
        folder = tco_ops.download(V, tables=["operations"])
        assert other_port.requests == [f"/v{V}/datapackage.json"]
        assert f"/v{V}/operations.parquet?moved=1" in server.requests
        assert tree(folder) == ["datapackage.json", "dataset", "dataset/operations.parquet"]
        assert_all_verified(folder, release)
    finally:
        other_port.stop()

    server.requests.clear()
    server.custom["arrests.parquet"] = redirect(lambda srv, path: path)  # a loop
    with pytest.raises(dl.DownloadError) as err:
        tco_ops.download(V, tables=["arrests"])
    assert "more than 5 redirects" in str(err.value) and "arrests.parquet" in str(err.value)
    assert server.requests == [f"/v{V}/arrests.parquet"] * 6
    server.custom["claims.parquet"] = redirect(lambda srv, path: "file:///etc/passwd")
    with pytest.raises(dl.DownloadError, match="not an http"):
        tco_ops.download(V, tables=["claims"])
    assert tree(folder) == ["datapackage.json", "dataset", "dataset/operations.parquet"]


def test_redirect_hosts_setting(monkeypatch):
    monkeypatch.delenv("TCO_OPS_ALLOW_REDIRECT_HOSTS", raising=False)
    assert dl.redirect_hosts("http://127.0.0.1:8000/x") == {"127.0.0.1"}
    monkeypatch.setenv("TCO_OPS_ALLOW_REDIRECT_HOSTS", " a.example.org,B.example.org:8443 ,, http://c.example.org/ ")
    assert dl.redirect_hosts("http://127.0.0.1:8000/x") == {"127.0.0.1", "a.example.org", "b.example.org",
                                                             "c.example.org"}
    monkeypatch.delenv("TCO_OPS_ALLOW_REDIRECT_HOSTS")
    assert "release-assets.githubusercontent.com" in dl.redirect_hosts(dl.DEFAULT_BASE_URL + "/v0.1.0/x.zip")


def failing_open(monkeypatch, error: int, which=lambda path: True, after: int = 0):
    """fetch.py's writes (pooch's temporary file, extracted members) fail with `error` for paths
    matching `which`, from the `after`+1-th such file on; a full disk first takes a few bytes."""
    real, opened = open, []

    class Failing:
        def __init__(self, f):
            self.f = f

        def write(self, data):
            self.f.write(data[:100])
            self.f.flush()
            raise OSError(error, os.strerror(error))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def __getattr__(self, name):
            return getattr(self.f, name)

    def fake(file, mode="r", *args, **kwargs):
        if "w" not in mode or not which(Path(file)):
            return real(file, mode, *args, **kwargs)
        opened.append(file)
        if len(opened) <= after:
            return real(file, mode, *args, **kwargs)
        if error != errno.ENOSPC:
            raise PermissionError(error, os.strerror(error), str(file))
        return Failing(real(file, mode, *args, **kwargs))

    monkeypatch.setattr(dl, "open", fake, raising=False)
    return opened


def test_cache_folder_not_writable(server, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()  # exists, but (as for chmod 0o500 without root) nothing can be written into it
    opened = failing_open(monkeypatch, errno.EACCES)
    with pytest.raises(dl.DownloadError) as err:
        tco_ops.download(V)
    msg = str(err.value)
    assert opened, "the write never happened"
    assert f"Cannot write release {V} to {cache / V}" in msg and "not writable" in msg
    assert "Permission denied" in msg and "TCO_OPS_CACHE_DIR" in msg and "Nothing partial" in msg
    nothing_left(tmp_path, ["cache"])  # the cache folder was there; the version folder pooch made is gone


def test_cache_folder_read_only_for_real(server, tmp_path):
    """Runs where chmod binds (not root, or root without CAP_DAC_OVERRIDE: setpriv
    --bounding-set=-dac_override,-dac_read_search --inh-caps=-dac_override,-dac_read_search)."""
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(0o500)
    try:
        try:
            (cache / "probe").touch()
        except PermissionError:
            pass
        else:
            (cache / "probe").unlink()
            pytest.skip("this user writes through chmod 0o500 (root); test_cache_folder_not_writable simulates it")
        with pytest.raises(dl.DownloadError) as err:
            tco_ops.download(V)
        assert str(cache / V) in str(err.value) and "not writable" in str(err.value)
        assert "TCO_OPS_CACHE_DIR" in str(err.value)
        nothing_left(tmp_path, ["cache"])
    finally:
        cache.chmod(0o700)


def test_cache_folder_under_a_file(server, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"keep me\n")
    monkeypatch.setenv("TCO_OPS_CACHE_DIR", str(blocker / "cache"))
    with pytest.raises(dl.DownloadError) as err:
        tco_ops.download(V, tables=["operations"])
    msg = str(err.value)
    assert str(blocker / "cache" / V) in msg and f"{blocker} is a file, not a folder" in msg
    assert "TCO_OPS_CACHE_DIR" in msg
    with pytest.raises(dl.DownloadError, match=r"dest= \(--dest"):
        tco_ops.download(V, dest=blocker / "mine")
    nothing_left(tmp_path, ["not-a-folder"])
    assert blocker.read_bytes() == b"keep me\n"
    assert server.requests == []  # refused before any transfer


@pytest.mark.parametrize("where", ["download", "extraction", "extraction-later"])
def test_full_disk_leaves_nothing_partial(server, tmp_path, monkeypatch, release, where):
    extracting = lambda path: path.name.startswith(dl._TMP_PREFIX)  # noqa: E731
    opened = failing_open(monkeypatch, errno.ENOSPC, which=(lambda p: True) if where == "download" else extracting,
                          after=2 if where == "extraction-later" else 0)
    with pytest.raises(dl.DownloadError) as err:
        tco_ops.download(V)
    msg, folder = str(err.value), tmp_path / "cache" / V
    assert opened, "the write never happened"
    assert f"Cannot write release {V} to {folder}" in msg and "the disk is full" in msg
    assert os.strerror(errno.ENOSPC) in msg and "Free some space" in msg and "TCO_OPS_CACHE_DIR" in msg
    assert server.requests == [f"/v{V}/{ZIP}"]
    # verified members extracted before the disk filled up stay (they are complete); no zip, no temp
    # files, no half-written member, no empty dataset/ folder
    kept = ["CITATION.cff", "datapackage.json"] if where == "extraction-later" else []
    assert list(release["files"])[:2] == ["datapackage.json", "CITATION.cff"]  # the zip's order
    nothing_left(tmp_path, [f"cache/{V}/{k}" for k in kept] + (["cache", f"cache/{V}"] if kept else []))
    assert_all_verified(folder, release)

    monkeypatch.delattr(dl, "open")  # space again
    assert tco_ops.download(V) == folder
    assert_all_verified(folder, release)
    assert (folder / "dataset" / "operations.parquet").is_file()


# --- retries (pooch's retry_if_failed) and the progress bar ----------------------------------------

def fail_first(times: int, status: int = 503):
    """Answer HTTP `status` to the first `times` requests for the file, then serve it."""
    seen = []

    def behave(handler, server, data):
        seen.append(1)
        if len(seen) <= times:
            send(handler, status, {"Content-Type": "text/plain", "Content-Length": "4"}, b"busy")
        else:
            send(handler, 200, {"Content-Type": "application/octet-stream", "Content-Length": str(len(data))}, data)
    return behave


def test_a_passing_server_error_is_retried(server, tmp_path, monkeypatch, release):
    monkeypatch.setenv("TCO_OPS_RETRIES", "2")
    server.custom["operations.parquet"] = fail_first(1, 503)
    folder = tco_ops.download(V, tables=["operations"])
    assert server.requests.count(f"/v{V}/operations.parquet") == 2
    assert_all_verified(folder, release)


def test_retries_give_up_with_the_count(server, tmp_path, monkeypatch, release):
    monkeypatch.setenv("TCO_OPS_RETRIES", "1")
    server.custom["operations.parquet"] = fail_first(5, 502)
    with pytest.raises(dl.DownloadError, match=r"answered HTTP 502.*\(tried 2 times; TCO_OPS_RETRIES"):
        tco_ops.download(V, tables=["operations"])
    assert server.requests.count(f"/v{V}/operations.parquet") == 2
    nothing_left(tmp_path, ["cache", f"cache/{V}", f"cache/{V}/datapackage.json"])


def test_a_missing_file_is_not_retried(server, tmp_path, monkeypatch):
    monkeypatch.setenv("TCO_OPS_RETRIES", "3")
    server.custom["operations.parquet"] = fail_first(5, 404)
    with pytest.raises(dl.DownloadError, match="answered HTTP 404") as err:
        tco_ops.download(V, tables=["operations"])
    assert "tried" not in str(err.value)
    assert server.requests.count(f"/v{V}/operations.parquet") == 1


def test_a_corrupted_file_is_not_retried(server, tmp_path, monkeypatch):
    monkeypatch.setenv("TCO_OPS_RETRIES", "3")
    server.corrupt.add("operations.parquet")
    with pytest.raises(dl.DownloadError, match="is corrupted"):
        tco_ops.download(V, tables=["operations"])
    assert server.requests.count(f"/v{V}/operations.parquet") == 1


@pytest.mark.parametrize("raw", ["-1", "many", "11"])
def test_bad_retries_setting(monkeypatch, raw):
    monkeypatch.setenv("TCO_OPS_RETRIES", raw)
    with pytest.raises(dl.DownloadError, match="TCO_OPS_RETRIES"):
        dl.retries()


def test_progress_bar_on_a_terminal_only(server, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("TCO_OPS_PROGRESS", raising=False)
    tco_ops.download(V, tables=["operations"], dest=tmp_path / "quiet")
    assert capsys.readouterr().err == ""  # pytest's stderr is not a terminal: no bar
    monkeypatch.setenv("TCO_OPS_PROGRESS", "1")  # as on a terminal
    tco_ops.download(V, tables=["claims"], dest=tmp_path / "shown")
    err = capsys.readouterr().err
    assert "claims.parquet:" in err and "B/s" in err  # tqdm's bar: name, size, rate


@pytest.mark.parametrize("tables, mine", [(None, "CITATION.cff"), (None, "datapackage.json"),
                                          (["operations"], "datapackage.json"),
                                          (["operations"], "dataset/operations.parquet")],
                         ids=["whole: CITATION.cff", "whole: datapackage.json", "tables: datapackage.json",
                              "tables: a Parquet file"])
def test_a_user_file_in_dest_is_not_overwritten_without_force(server, tmp_path, release, tables, mine):
    """`tco-ops download V --dest .` in a project of one's own used to replace its CITATION.cff and
    datapackage.json without a word: a file in dest= that is not the release's own is the user's."""
    dest = tmp_path / "my project"
    (dest / "dataset").mkdir(parents=True)
    (dest / mine).write_text("my own file\n", encoding="utf-8")
    with pytest.raises(TcoOpsError) as err:
        tco_ops.download(V, dest=dest, tables=tables)
    assert str(dest / mine) in str(err.value) and "force" in str(err.value)
    assert (dest / mine).read_text(encoding="utf-8") == "my own file\n"
    assert server.requests == []  # refused before any request
    assert sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*")) == sorted({"dataset", mine})
    tco_ops.download(V, dest=dest, tables=tables, force=True)  # the user's say-so
    assert_all_verified(dest, release)
