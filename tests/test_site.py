"""The static site: deterministic bytes, hostile values escaped, ethics, atomic writes, the release asset."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tco_ops.build import ethics
from tco_ops.build.ethics import denied_words  # the build's own deny-list scan

from tco_ops.site import SiteError, render, write, zip_bytes

REPO = Path(__file__).resolve().parents[1]
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def files():
    return render(REPO)


def _copy_data(dest: Path) -> Path:
    for name in ("datapackage.json", "CITATION.cff"):
        shutil.copy(REPO / name, dest / name)
    shutil.copytree(REPO / "dataset", dest / "dataset")
    shutil.copytree(REPO / "schema", dest / "schema")
    return dest


def _set(folder: Path, table: str, column: str, fn) -> None:
    path = folder / "dataset" / f"{table}.parquet"
    t = pq.read_table(path)
    values = [fn(i, v) for i, v in enumerate(t.column(column).to_pylist())]
    t = t.set_column(t.schema.get_field_index(column), column, pa.array(values, type=t.schema.field(column).type))
    pq.write_table(t, path)
    # record the new file's hash, as a build would: the site reads through the loader, which checks it
    pkg_path = folder / "datapackage.json"
    pkg = json.loads(pkg_path.read_text(encoding="utf-8"))
    res = next(r for r in pkg["resources"] if r["name"] == table)
    res["hash"] = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    pkg_path.write_text(json.dumps(pkg), encoding="utf-8")


def test_same_tables_same_bytes(files, tmp_path):
    again = render(REPO)
    assert again == files
    write(files, tmp_path / "a")
    write(again, tmp_path / "b")
    a = {p.relative_to(tmp_path / "a").as_posix(): p.read_bytes() for p in (tmp_path / "a").rglob("*") if p.is_file()}
    b = {p.relative_to(tmp_path / "b").as_posix(): p.read_bytes() for p in (tmp_path / "b").rglob("*") if p.is_file()}
    assert a == b == files
    assert zip_bytes(files, "2026-01-01") == zip_bytes(again, "2026-01-01")


def test_every_table_shows_up(files):
    import tco_ops

    ops = tco_ops.load("operations")
    assert {f"operations/{o}.html" for o in ops["operation_id"]} <= set(files)
    assert {f"countries/{c}.html" for c in ops["country_code"].unique()} <= set(files)
    orgs = tco_ops.load("organizations")
    assert {f"organizations/{o}.html" for o in orgs["organization_id"]} <= set(files)
    sources = files["sources.html"].decode()
    for aid in tco_ops.load("articles")["article_id"]:
        assert f'id="a-{aid}"' in sources
    assert "Sources left out" in sources and "Copies, mirrors and aggregators" in sources  # seeds/EXCLUDED.md


def test_no_timestamps_or_absolute_paths(files):
    for name, blob in files.items():
        text = blob.decode("utf-8")
        assert str(REPO) not in text, name
        assert not re.search(r"\b20\d\d-\d\d-\d\dT\d\d:\d\d", text), name


def test_hostile_values_are_escaped(tmp_path):
    folder = _copy_data(tmp_path)
    _set(folder, "operations", "summary", lambda i, v: HOSTILE)
    _set(folder, "operations", "label", lambda i, v: f"{v} {HOSTILE}")
    _set(folder, "organizations", "name", lambda i, v: f"</script>{v}")
    _set(folder, "articles", "url", lambda i, v: "javascript:alert(1)" if i == 0 else v)
    _set(folder, "articles", "publisher", lambda i, v: f'{v}"><b onmouseover=alert(1)>')
    files = render(folder)
    for name, blob in files.items():
        if not name.endswith(".html"):
            continue
        text = blob.decode()
        assert "<script>alert" not in text and "<img src=x" not in text, name
        assert "<b onmouseover" not in text, name
        assert 'href="javascript:' not in text, name
        # the only <script> elements are ours: the JSON index and the filter
        assert set(re.findall(r"<script[^>]*>", text)) <= {'<script type="application/json" id="ops-index">',
                                                             '<script src="assets/filter.js">'}, name
    op_page = next(b.decode() for n, b in files.items() if n.startswith("operations/"))
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in op_page
    index = re.search(r'id="ops-index">(.*?)</script>', files["operations.html"].decode(), re.S).group(1)
    assert "</script" not in index
    assert any(name.startswith("</script>") for _, name in json.loads(index)["options"]["organization"])


def test_an_id_that_is_not_a_slug_names_no_file(tmp_path):
    from tco_ops.site.data import UnsafeIdError

    folder = _copy_data(tmp_path)
    _set(folder, "operations", "operation_id", lambda i, v: "../../escaped" if i == 0 else v)
    with pytest.raises(UnsafeIdError, match="not a slug"):
        render(folder)


def test_no_names_of_arrested_people_or_victims_in_the_site(files):
    found = {name: sorted(words) for name, blob in files.items() if (words := denied_words(blob.decode()))}
    assert found == {}


def test_the_ethics_scan_would_catch_a_name_in_the_site(tmp_path, monkeypatch):
    # An invented person put on the deny-list for this test only: the test never spells a real name.
    monkeypatch.setattr(ethics, "DENIED", ethics.DENIED | {ethics.gram_hash("Zyx Qwerty")})
    folder = _copy_data(tmp_path)
    _set(folder, "operations", "summary", lambda i, v: "Police arrested Zyx Qwerty.")
    files = render(folder)
    assert any(denied_words(b.decode()) for b in files.values())


def test_write_refuses_a_non_empty_folder_without_force(files, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "mine.txt").write_text("a user file")
    with pytest.raises(SiteError, match="not empty.*--force"):
        write(files, out)
    assert [p.name for p in out.iterdir()] == ["mine.txt"]
    write(files, out, force=True)
    assert not (out / "mine.txt").exists() and (out / "index.html").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no temporary folder left


def test_a_failed_write_changes_nothing(files, tmp_path, monkeypatch):
    out = tmp_path / "site"
    write(files, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    calls = {"n": 0}
    real = Path.write_bytes

    def flaky(self, data):
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError(28, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", flaky)
    with pytest.raises(SiteError, match="nothing was changed"):
        write({**files, "index.html": b"new"}, out, force=True)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_cli_site(tmp_path, capsys):
    from tco_ops.cli import main

    assert main(["site", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "index.html").is_file()
    assert main(["site", str(tmp_path / "out")]) == 2
    assert "not empty" in capsys.readouterr().err
    assert main(["site", str(tmp_path / "other"), "--version", "9.9.9"]) == 2
    assert "Unknown release '9.9.9'" in capsys.readouterr().err


def test_missing_site_extra_is_a_clear_error(monkeypatch):
    import importlib.resources

    from tco_ops.site import worldmap

    worldmap._shapes.cache_clear()

    def missing(name):
        raise ModuleNotFoundError(f"No module named {name!r}")

    monkeypatch.setattr(importlib.resources, "files", missing)
    try:
        with pytest.raises(worldmap.SiteDependencyError, match=r"pip install 'tco-ops\[site\]'"):
            render(REPO)
    finally:
        monkeypatch.undo()
        worldmap._shapes.cache_clear()


def test_load_never_imports_the_site():
    code = ("import sys, tco_ops; tco_ops.load('operations'); "
            "print(any(m.startswith(('tco_ops.site', 'mpl_toolkits', 'playwright')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_release_carries_the_site_zip(built):
    import hashlib
    import zipfile
    from io import BytesIO

    from tco_ops.release import SITE_ZIP_NAME, artifacts, data_part
    from tco_ops._version import __version__

    assets, entry = artifacts(REPO, built, site=True)
    name = SITE_ZIP_NAME.format(version=__version__)
    blob = assets[name]
    assert f"{hashlib.sha256(blob).hexdigest()}  {name}\n" in assets["SHA256SUMS"].decode()
    assert entry["assets"][name]["sha256"] == hashlib.sha256(blob).hexdigest()
    members = zipfile.ZipFile(BytesIO(blob)).namelist()
    assert "site/index.html" in members and members == sorted(members)
    assert artifacts(REPO, built, site=True)[0][name] == blob  # deterministic
    _, plain = artifacts(REPO, built)
    assert data_part(entry) == data_part(plain)  # the data promise does not cover the site's bytes
