"""The published package: loader, import cost, determinism, frictionless, wheel, CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import tco_ops
from tco_ops.errors import DataNotFoundError
from tco_ops.schema import TABLES


def test_import_is_cheap():
    code = "import sys, tco_ops; print(sorted(m for m in ('pandas', 'pyarrow', 'pandera', 'frictionless', 'yaml') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_tables_in_publication_order():
    assert tco_ops.tables() == list(TABLES)


# What the README promises users, per pandera dtype of the model.
PROMISED = {
    "string[pyarrow]": pd.StringDtype(),  # missing values are pd.NA, not NaN
    "Int64": pd.Int64Dtype(),
    "boolean": pd.BooleanDtype(),
    "Float64": pd.Float64Dtype(),
    "date32[day][pyarrow]": pd.ArrowDtype(__import__("pyarrow").date32()),
}


@pytest.mark.parametrize("name", list(TABLES))
def test_load_gives_the_model_dtypes(name):
    df = tco_ops.load(name)
    expected = {col: PROMISED[str(c.dtype)] for col, c in TABLES[name].schema.columns.items()}
    assert list(df.columns) == list(expected)
    mismatched = {col: (str(df.dtypes[col]), str(want)) for col, want in expected.items() if df.dtypes[col] != want}
    assert mismatched == {}
    TABLES[name].schema.validate(df)  # the published table passes its own model
    assert isinstance(df.index, pd.RangeIndex)


def test_dates_are_dates_and_ints_nullable():
    ops = tco_ops.load("operations")
    assert ops["date_start"].dt.year.notna().all()
    assert str(ops["charged_best"].dtype) == "Int64"


def test_load_columns():
    df = tco_ops.load("claims", columns=["claim_id", "field"])
    assert list(df.columns) == ["claim_id", "field"]


def test_unknown_table_lists_valid_names():
    with pytest.raises(DataNotFoundError) as exc:
        tco_ops.load("arrest")
    assert str(exc.value) == (
        "No table named 'arrest'. Did you mean 'arrests'? Valid names: " + ", ".join(TABLES)
        + " (see tco_ops.tables()).")


def test_unknown_column_names_the_columns():
    with pytest.raises(DataNotFoundError, match="has no column 'xyzzy'. Its columns: article_id"):
        tco_ops.load("articles", columns=["xyzzy"])


def test_load_all():
    frames = tco_ops.load_all()
    assert list(frames) == list(TABLES)
    # casualties may be empty: no source so far reports anyone killed or injured in an operation
    assert all(len(df) > 0 for name, df in frames.items() if name != "casualties")


def test_committed_files_match_a_fresh_build(repo, built):
    from tco_ops.build.verify import check_committed, compare

    assert compare(repo, built) == []
    assert check_committed(repo, built.texts) == []


def test_build_is_deterministic(repo, built):
    from tco_ops.build.pipeline import build

    again = build(repo / "seeds")
    assert again.files.keys() == built.files.keys()
    assert [k for k in built.files if built.files[k] != again.files[k]] == []


def test_frictionless_validates_the_package(repo):
    from tco_ops.build.verify import frictionless_report

    assert frictionless_report(repo) == []


def test_datapackage_is_generated_from_the_models(repo):
    pkg = json.loads((repo / "datapackage.json").read_text(encoding="utf-8"))
    assert pkg["version"] == tco_ops.__version__
    assert pkg["licenses"][0]["name"] == "CC-BY-4.0"
    assert [r["name"] for r in pkg["resources"]] == list(TABLES)
    for res in pkg["resources"]:
        schema = json.loads((repo / res["schema"]).read_text(encoding="utf-8"))
        assert [f["name"] for f in schema["fields"]] == TABLES[res["name"]].columns
        assert schema["primaryKey"] == list(TABLES[res["name"]].primary_key)
        assert all(f["description"] for f in schema["fields"])
    sources = {s["path"] for s in pkg["sources"]}
    assert sources == set(tco_ops.load("articles")["url"])


def test_cli_info(capsys, repo):
    from tco_ops.cli import main

    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert f"tco-ops {tco_ops.__version__}" in out
    for name in TABLES:
        rows = len(tco_ops.load(name))
        assert any(line.split() == [name, str(rows), "rows"] for line in out.splitlines()), name


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_and_loads_offline(repo, tmp_path):
    """Build the wheel, install it with no index into a brand-new virtual environment, and load every
    table there from another folder: no network, no checkout on the path."""
    import sysconfig
    import venv

    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path / "dist"), str(repo)], check=True, capture_output=True)
    wheel = next((tmp_path / "dist").glob("tco_ops-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for name in TABLES:
        assert f"tco_ops/data/dataset/{name}.parquet" in names
        assert f"tco_ops/data/schema/{name}.json" in names
    for extra in ("datapackage.json", "CITATION.cff"):
        assert f"tco_ops/data/{extra}" in names
    from tco_ops.registry import known_versions

    for version in known_versions():  # the release registry ships with the package
        assert f"tco_ops/registry/{version}.json" in names

    env_dir = tmp_path / "fresh"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    fresh_site = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                     capture_output=True, text=True, check=True).stdout.strip())
    # The dependencies (pandas, pyarrow, ...) come from this environment's site-packages, added as a plain
    # path: its .pth files, including the editable install's pointer to src/, are not processed.
    deps = [sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
    (fresh_site / "deps.pth").write_text("\n".join(dict.fromkeys(deps)) + "\n")
    subprocess.run([str(py), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
                   check=True, capture_output=True)
    code = ("import sys, tco_ops, tco_ops._paths as p; "
            "assert not any('/src' in s and 'tco' in s for s in sys.path), sys.path; "
            "print(tco_ops.__file__); print(p.data_dir()); "
            "print(sum(len(tco_ops.load(t)) for t in tco_ops.tables())); print(tco_ops.cite().splitlines()[0])")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    out = subprocess.run([str(py), "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out[0].startswith(str(fresh_site)), out
    assert out[1] == str(fresh_site / "tco_ops" / "data")
    assert int(out[2]) == sum(len(tco_ops.load(t)) for t in tco_ops.tables())
    assert out[3] == "@misc{tco_ops_" + tco_ops.__version__.replace(".", "_") + ","


def test_frictionless_without_rows_still_checks_descriptor_and_schemas(repo, tmp_path):
    """`tco-ops validate` by default: frictionless reads the descriptor and every Table Schema, not the rows."""
    from tco_ops.build.verify import frictionless_report

    for name in ("datapackage.json", "schema", "dataset"):
        src = repo / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    assert frictionless_report(tmp_path, rows=False) == []
    path = tmp_path / "schema" / "series.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["fields"][0]["type"] = "nonsense"
    path.write_text(json.dumps(schema), encoding="utf-8")
    assert frictionless_report(tmp_path, rows=False) == [
        'datapackage.json: Field is not valid: field type "nonsense" is not supported']


@pytest.mark.parametrize("name", list(TABLES))
def test_plain_pandas_reads_the_same_dtypes_as_load(name):
    """The Parquet files carry pandas metadata: pd.read_parquet(path), no tco-ops involved, gives load()'s frame."""
    plain = pd.read_parquet(tco_ops.path(name))
    ours = tco_ops.load(name)
    assert {c: str(t) for c, t in plain.dtypes.items()} == {c: str(t) for c, t in ours.dtypes.items()}
    pd.testing.assert_frame_equal(plain, ours)


@pytest.mark.parametrize("name", list(TABLES))
def test_parquet_fields_carry_their_descriptions(repo, name):
    import pyarrow.parquet as pq

    schema = pq.read_schema(tco_ops.path(name))
    fields = json.loads((repo / "schema" / f"{name}.json").read_text(encoding="utf-8"))["fields"]
    assert {f.name: f.metadata[b"description"].decode() for f in schema} == {f["name"]: f["description"]
                                                                            for f in fields}
    assert schema.metadata[b"title"].decode() == TABLES[name].title
    assert schema.metadata[b"description"].decode() == TABLES[name].description
