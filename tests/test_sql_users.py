"""SQL and CSV users: the SQLite export's indexes, labels and datasette metadata; CSV missing values and codes."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request

import pandas as pd
import pytest

import tco_ops
from tco_ops.export import export, metadata_path
from tco_ops.schema import TABLES


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    dest = tmp_path_factory.mktemp("sql") / "tco.db"
    export("sqlite", dest)
    return dest


def test_every_foreign_key_column_is_indexed(db):
    con = sqlite3.connect(db)
    missing = []
    for name in TABLES:
        indexed = set()
        for (index,) in con.execute(f"SELECT name FROM pragma_index_list('{name}')"):
            cols = [r[0] for r in con.execute(f"SELECT name FROM pragma_index_info('{index}') ORDER BY seqno")]
            indexed.add(tuple(cols[:1]))
        for fk in con.execute(f"SELECT DISTINCT \"from\" FROM pragma_foreign_key_list('{name}')"):
            if (fk[0],) not in indexed:
                missing.append(f"{name}.{fk[0]}")
    assert missing == []


def test_every_row_has_a_label(db):
    meta = json.loads(metadata_path(db).read_text(encoding="utf-8"))
    tables = meta["databases"]["tco"]["tables"]
    assert set(tables) == set(TABLES)
    con = sqlite3.connect(db)
    blank = {}
    for name, entry in tables.items():
        col = entry["label_column"]
        n = con.execute(f'SELECT count(*) FROM "{name}" WHERE "{col}" IS NULL OR "{col}" = \'\'').fetchone()[0]
        if n:
            blank[name] = n
    assert blank == {}
    andina = con.execute("SELECT label FROM articles WHERE article_id = 'andina-en-1018187'").fetchone()[0]
    assert andina.startswith("Andina · 2025-02-10 · U.S. Ambassador")
    untitled = con.execute("SELECT label FROM articles WHERE title IS NULL LIMIT 1").fetchone()[0]
    assert " · " in untitled and "http" not in untitled


def test_metadata_describes_every_column(db):
    meta = json.loads(metadata_path(db).read_text(encoding="utf-8"))
    assert meta["license"] == "CC-BY-4.0" and meta["source_url"].startswith("https://")
    assert meta["title"] and meta["source"] == f"tco-ops {tco_ops.__version__}"
    for name, entry in meta["databases"]["tco"]["tables"].items():
        assert entry["description"], name
        assert all(entry["columns"].values()), name
        assert set(TABLES[name].columns) <= set(entry["columns"]), name


def test_metadata_file_follows_the_no_overwrite_rule(db, tmp_path):
    from tco_ops.errors import ExportError

    dest = tmp_path / "x.db"
    metadata_path(dest).write_text("mine", encoding="utf-8")
    with pytest.raises(ExportError, match="x.metadata.json already exists"):
        export("sqlite", dest)
    assert not dest.exists() and metadata_path(dest).read_text() == "mine"
    export("sqlite", dest, force=True)
    assert json.loads(metadata_path(dest).read_text())["databases"]["x"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as r:  # loopback only
        return r.read().decode("utf-8")


@pytest.mark.slow
def test_datasette_serves_the_export_with_labels_and_facets(db):
    pytest.importorskip("datasette")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "datasette", "serve", str(db), "-m", str(metadata_path(db)),
                             "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):  # at most ~20 s for the server to come up
            try:
                _get(f"{base}/-/versions.json")
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("datasette did not start: " + proc.stderr.read1(4000).decode())
        page = _get(f"{base}/tco/operations")
        assert "Operations" in page and "Lima, PE" in page
        facets = json.loads(_get(f"{base}/tco/operations.json?_facet=country_code&_size=0"))
        counts = {f["value"]: f["count"] for f in facets["facet_results"]["results"]["country_code"]["results"]} \
            if "results" in facets["facet_results"] else \
            {f["value"]: f["count"] for f in facets["facet_results"]["country_code"]["results"]}
        assert counts == tco_ops.load("operations")["country_code"].value_counts().to_dict()
        claims = _get(f"{base}/tco/claims?article_id=andina-en-1018187&_size=1")
        assert "Andina · 2025-02-10" in claims  # the foreign key shown by the article's label
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stderr.close()


@pytest.fixture(scope="module")
def csv_dir(tmp_path_factory):
    dest = tmp_path_factory.mktemp("csv") / "out"
    export("csv", dest)
    return dest


def test_csv_missing_values_are_only_the_empty_string(csv_dir):
    pkg = json.loads((csv_dir / "datapackage.json").read_text(encoding="utf-8"))
    assert {json.dumps(r["schema"]["missingValues"]) for r in pkg["resources"]} == {'[""]'}
    for res in pkg["resources"]:
        text = (csv_dir / res["path"]).read_text(encoding="utf-8")
        for token in (",None,", ",nan,", ",<NA>,", ",NaT,"):
            assert token not in text, (res["name"], token)


def read_csv_as_published(path):
    """The reader options the README documents: every cell as text, only an empty cell missing."""
    return pd.read_csv(path, dtype="string", keep_default_na=False, na_values=[""])


def test_leading_zero_codes_survive_pandas_with_the_documented_options(csv_dir):
    locations = tco_ops.load("locations")
    codes = locations["national_code"].dropna()
    assert codes.str.startswith("0").any(), "no leading-zero code to test with"
    plain = pd.read_csv(csv_dir / "locations.csv")  # what a reader that ignores the descriptor does
    assert not plain["national_code"].dropna().astype(str).str.startswith("0").any()
    documented = read_csv_as_published(csv_dir / "locations.csv")
    pd.testing.assert_series_equal(documented["national_code"], locations["national_code"], check_names=False)
    for col in ("location_id", "iso_3166_2"):
        if col in locations:
            pd.testing.assert_series_equal(documented[col], locations[col], check_names=False)
