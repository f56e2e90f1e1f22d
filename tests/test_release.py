"""Releases: versions agree, artifacts are deterministic and verifiable, registries never change."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

import tco_ops
from tco_ops import release as rel
from tco_ops.errors import VerificationError


@pytest.fixture
def checkout(tmp_path: Path, repo: Path) -> Path:
    """A copy of the checkout's inputs and outputs, so a release can be cut without touching the repo."""
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("seeds", "dataset", "schema", "docs"):
        shutil.copytree(repo / name, root / name)
    for name in ("datapackage.json", "CONFLICTS.md", "CITATION.cff", "CHANGELOG.md", "LICENSE", "LICENSE-DATA",
                 "pyproject.toml"):
        shutil.copy(repo / name, root / name)
    return root


@pytest.fixture
def empty_registry(tmp_path, monkeypatch):
    """Point the registry at an empty folder: no version has been released yet."""
    folder = tmp_path / "registry"
    folder.mkdir()
    monkeypatch.setattr(rel, "REGISTRY_DIR", folder)
    monkeypatch.setattr(rel, "known_versions", lambda: sorted(p.stem for p in folder.glob("*.json")))
    monkeypatch.setattr(rel, "registry", lambda v: json.loads((folder / f"{v}.json").read_text()))
    monkeypatch.setattr(rel, "previous_version", lambda v: None)
    return folder


def test_versions_agree(repo):
    assert rel.check_versions(repo) == []


def test_version_mismatch_is_reported(checkout):
    cff = checkout / "CITATION.cff"
    cff.write_text(cff.read_text().replace(f'version: "{tco_ops.__version__}"', 'version: "9.9.9"', 1))
    problems = rel.check_versions(checkout)
    assert problems == [f"CITATION.cff version says '9.9.9', the package says '{tco_ops.__version__}'"]


def test_release_artifacts(checkout, built, empty_registry, tmp_path):
    written, reg_path = rel.release(checkout, built, tmp_path / "dist")
    names = {p.name for p in written}
    version = tco_ops.__version__
    assert {f"tco-ops-data-{version}.zip", "SHA256SUMS", "datapackage.json", "operations.parquet"} <= names
    # SHA256SUMS covers every other asset
    sums = dict(reversed(line.split("  ")) for line in (tmp_path / "dist" / "SHA256SUMS").read_text().splitlines())
    assert set(sums) == names - {"SHA256SUMS"}
    for name, digest in sums.items():
        assert hashlib.sha256((tmp_path / "dist" / name).read_bytes()).hexdigest() == digest
    # the zip holds the package, its schemas, citation, licences and this version's changelog section
    members = zipfile.ZipFile(tmp_path / "dist" / f"tco-ops-data-{version}.zip").namelist()
    for required in ("datapackage.json", "dataset/operations.parquet", "schema/operations.json", "CITATION.cff",
                     "LICENSE", "LICENSE-DATA", "CHANGELOG.md", "CHANGES.md"):
        assert required in members
    section = zipfile.ZipFile(tmp_path / "dist" / f"tco-ops-data-{version}.zip").read("CHANGELOG.md").decode()
    assert section.startswith(f"## [{version}]") and "## [" not in section[3:]
    # the registry records every asset and member
    entry = json.loads(reg_path.read_text())
    assert entry["version"] == version
    assert set(entry["assets"]) == names
    assert entry["assets"]["SHA256SUMS"]["size"] == (tmp_path / "dist" / "SHA256SUMS").stat().st_size
    assert entry["tables"]["operations"]["rows"] == built.tables["operations"].num_rows


def test_release_is_deterministic(checkout, built, empty_registry):
    a, entry_a = rel.artifacts(checkout, built)
    b, entry_b = rel.artifacts(checkout, built)
    assert a == b and entry_a == entry_b


def test_a_released_version_never_changes(checkout, built, empty_registry, tmp_path):
    rel.release(checkout, built, tmp_path / "dist")
    rel.release(checkout, built, tmp_path / "dist2")  # the same release again is fine
    assert rel.check_registry(checkout, built) == []
    cff = checkout / "CHANGELOG.md"
    text = cff.read_text()
    header = re.search(rf"^## \[{re.escape(tco_ops.__version__)}\].*$", text, flags=re.M).group(0)
    cff.write_text(text.replace(header, header + "\n\nAmended after release.", 1))  # this version's section
    problems = rel.check_registry(checkout, built)
    assert len(problems) == 1 and "CHANGELOG.md" in problems[0] and "bump the version" in problems[0]
    with pytest.raises(VerificationError, match="bump the version"):
        rel.release(checkout, built, tmp_path / "dist3")


def test_release_refuses_stale_outputs(checkout, built, empty_registry, tmp_path):
    (checkout / "dataset" / "claims.parquet").unlink()
    with pytest.raises(VerificationError, match="dataset/claims.parquet: missing"):
        rel.release(checkout, built, tmp_path / "dist")


def test_change_summary_lists_added_changed_retired(built):
    tables = rel.table_ids(built.tables)
    ops = dict(tables["operations"]["ids"])
    kept, changed = sorted(ops)[:2]
    previous = {"version": "0.0.9", "tables": {"operations": {"rows": 3, "ids": {
        kept: ops[kept], changed: "000000000000", "xx-retired-operation": "111111111111"}}}}
    text = rel.change_summary("0.1.0", {"operations": tables["operations"]}, previous)
    row = next(line for line in text.splitlines() if line.startswith("| operations"))
    added, chg, retired = row.split(" | ")[2:5]
    assert f"`{kept}`" not in row
    assert f"`{changed}`" in chg and "`xx-retired-operation`" in retired
    assert len(added.split(", ")) == len(ops) - 2


def test_cite_formats():
    version = tco_ops.__version__
    bib = tco_ops.cite()
    assert bib.startswith("@misc{tco_ops_" + version.replace(".", "_") + ",")
    assert f"version = {{{version}}}" in bib
    assert f"(Version {version}) [Data set]" in tco_ops.cite("apa")
    assert "cff-version: 1.2.0" in tco_ops.cite("cff")
    with pytest.raises(ValueError, match="use one of: bibtex, apa, cff"):
        tco_ops.cite("mla")


def test_citation_file_fields(repo):
    import yaml

    cff = yaml.safe_load((repo / "CITATION.cff").read_text())
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset" and cff["license"] == "CC-BY-4.0"
    assert cff["preferred-citation"]["type"] == "data"
    assert cff["authors"] and cff["date-released"]


def test_codebook_covers_every_column(repo, built):
    from tco_ops.schema import TABLES

    text = (repo / "docs" / "codebook.md").read_text()
    assert text.encode() == built.files["docs/codebook.md"], "run tco-ops build: the codebook is out of date"
    for name, spec in TABLES.items():
        assert f"## {name}" in text and f"Rows: {built.tables[name].num_rows}." in text
        for column in spec.columns:
            assert f"| `{column}` |" in text, (name, column)
    assert "`more_than`" in text and "`co-founder`" in text  # controlled vocabularies


def test_sqlite_export(tmp_path):
    import sqlite3

    from tco_ops.export import to_sqlite
    from tco_ops.schema import TABLES

    db = to_sqlite(tmp_path / "tco.db")
    con = sqlite3.connect(db)
    con.execute("PRAGMA foreign_keys = ON")
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    for name, spec in TABLES.items():
        assert con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == len(tco_ops.load(name))
        pk = [row[1] for row in sorted(con.execute(f'PRAGMA table_info("{name}")'), key=lambda r: r[5]) if row[5]]
        assert pk == list(spec.primary_key)
        fks = {(r[2], r[3]) for r in con.execute(f'PRAGMA foreign_key_list("{name}")')}
        assert {(fk.table, fk.fields[0]) for fk in spec.foreign_keys} == fks
    with pytest.raises(sqlite3.IntegrityError):  # declared keys are enforced
        con.execute("INSERT INTO arrests (arrest_id, operation_id, \"group\", n_sources, count_n_sources, "
                    "count_conflict) VALUES ('x', 'no-such-operation', 'main', 1, 0, 0)")


def test_csv_export_validates(tmp_path):
    from frictionless import Package, system

    from tco_ops.export import to_csv

    folder = to_csv(tmp_path / "csv")
    with system.use_context(trusted=True):
        report = Package(str(folder / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:5]
    assert sum(1 for _ in open(folder / "claims.csv", encoding="utf-8")) == len(tco_ops.load("claims")) + 1


@pytest.mark.parametrize("name", tco_ops.tables())
def test_duckdb_and_polars_agree_with_pandas(repo, name):
    duckdb = pytest.importorskip("duckdb")
    pl = pytest.importorskip("polars")
    from tco_ops.schema import TABLES

    path = repo / "dataset" / f"{name}.parquet"
    key = list(TABLES[name].primary_key)
    pdf = tco_ops.load(name)
    con = duckdb.connect()
    ddf = con.execute(f"SELECT {', '.join(key)} FROM read_parquet('{path}') ORDER BY ALL").fetchall()
    pldf = pl.read_parquet(path).select(key).sort(key).rows()
    expected = sorted(map(tuple, pdf[key].astype(object).itertuples(index=False, name=None)))
    assert ddf == expected
    assert pldf == expected
    assert con.execute(f"SELECT count(*) FROM read_parquet('{path}')").fetchone()[0] == len(pdf) == len(pl.read_parquet(path))


def test_a_real_release_downloads_against_the_shipped_registry(checkout, built, tmp_path, monkeypatch):
    """End to end: `tco-ops release` output served over loopback, fetched and verified by `download()`."""
    import functools
    import http.server
    import threading

    from tco_ops.registry import known_versions

    version = tco_ops.__version__
    if version not in known_versions():
        pytest.skip("the current version has not been released yet")
    site = tmp_path / "site"
    rel.release(checkout, built, site / f"v{version}")  # identical to the shipped registry entry, or it raises
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("TCO_OPS_BASE_URL", f"http://127.0.0.1:{server.server_address[1]}")
        monkeypatch.setenv("TCO_OPS_CACHE_DIR", str(tmp_path / "cache"))
        folder = tco_ops.download(version, dest=tmp_path / "got")
    finally:
        server.shutdown()
        server.server_close()
    for name in tco_ops.tables():
        got = (folder / "dataset" / f"{name}.parquet").read_bytes()
        assert got == (checkout / "dataset" / f"{name}.parquet").read_bytes()
    assert (folder / "datapackage.json").read_bytes() == (checkout / "datapackage.json").read_bytes()


def test_validate_applies_the_registry_only_to_its_own_checkout(repo, checkout):
    assert rel.owns_registry(repo)
    assert not rel.owns_registry(checkout)


def _cff_fixture(tmp_path, repo, extra: str = "", title: str | None = None):
    text = (repo / "CITATION.cff").read_text(encoding="utf-8")
    if title:
        text = text.replace('title: "tco-ops: law-enforcement operations against transnational criminal organizations"',
                            f'title: "{title}"')
    (tmp_path / "CITATION.cff").write_text(text.replace("preferred-citation:\n", f"{extra}preferred-citation:\n"),
                                           encoding="utf-8")
    return tmp_path


def test_cite_carries_the_doi_when_there_is_one(tmp_path, repo):
    from tco_ops.citation import cite

    assert "doi" not in cite("bibtex", folder=repo)  # none minted yet
    folder = _cff_fixture(tmp_path, repo, extra='doi: "10.5281/zenodo.1234567"\n')
    bib = cite("bibtex", folder=folder)
    assert "  doi = {10.5281/zenodo.1234567}," in bib.splitlines()
    assert cite("apa", folder=folder).endswith("[Data set]. https://doi.org/10.5281/zenodo.1234567")


def test_bibtex_protects_tren_de_aragua(tmp_path, repo):
    from tco_ops.citation import cite

    folder = _cff_fixture(tmp_path, repo, title="Operations against Tren de Aragua")
    title = next(line for line in cite("bibtex", folder=folder).splitlines() if line.startswith("  title"))
    assert title == "  title = {Operations against {Tren de Aragua}},"


def test_unknown_citation_format_is_a_usage_error():
    from tco_ops.errors import UsageError

    with pytest.raises(UsageError, match="use one of: bibtex, apa, cff"):
        tco_ops.cite("mla")


def test_zenodo_metadata_agrees_with_citation_cff(repo):
    import yaml

    zenodo = json.loads((repo / ".zenodo.json").read_text(encoding="utf-8"))
    cff = yaml.safe_load((repo / "CITATION.cff").read_text(encoding="utf-8"))
    assert zenodo["upload_type"] == "dataset"
    assert (zenodo["title"], zenodo["version"], zenodo["license"]) == (cff["title"], cff["version"], cff["license"])
    assert zenodo["publication_date"] == str(cff["date-released"])
    assert [c["name"] for c in zenodo["creators"]] == [a["name"] for a in cff["authors"]]
