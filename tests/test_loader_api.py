"""The loader API data users expect: result types, columns, describe, versions, the cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
import pyarrow as pa
import pytest

import tco_ops
from tco_ops import vocab
from tco_ops.errors import DataNotFoundError, UsageError
from tco_ops.schema import TABLES


def test_load_imports_no_validation_code():
    code = ("import sys, tco_ops; tco_ops.load('claims'); tco_ops.load('operations', as_='arrow'); "
            "tco_ops.describe('claims'); "
            "print(sorted(m for m in ('pandera', 'frictionless', 'pydantic', 'yaml', 'tco_ops.schema') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_columns_may_be_one_name():
    df = tco_ops.load("claims", columns="operation_id")
    assert list(df.columns) == ["operation_id"]
    assert len(df) == len(tco_ops.load("claims"))


def test_unknown_column_suggests_the_closest():
    with pytest.raises(DataNotFoundError) as exc:
        tco_ops.load("claims", columns=["operaton_id", "field"])
    assert "has no column 'operaton_id'. Did you mean 'operation_id'? Its columns: claim_id" in str(exc.value)


@pytest.mark.parametrize("columns", [5, [1, 2], [None]])
def test_columns_of_the_wrong_type_are_a_usage_error(columns):
    with pytest.raises(UsageError, match="columns= must"):
        tco_ops.load("claims", columns=columns)


@pytest.mark.parametrize("name", ["operations", "claims", "articles"])
def test_arrow_and_polars_results_hold_the_same_data(name):
    df = tco_ops.load(name)
    table = tco_ops.load(name, as_="arrow")
    assert isinstance(table, pa.Table)
    assert table.column_names == list(df.columns)
    pl_df = tco_ops.load(name, as_="polars")
    assert pl_df.columns == list(df.columns)
    assert pl_df.shape == df.shape
    for col in df.columns:
        assert table[col].to_pylist() == pl_df[col].to_list()
        pandas_values = [None if v is pd.NA or v is None else v for v in df[col].astype(object)]
        assert [v.item() if hasattr(v, "item") else v for v in pandas_values] == table[col].to_pylist(), col


def test_arrow_result_with_columns():
    assert tco_ops.load("claims", columns="field", as_="arrow").column_names == ["field"]


@pytest.mark.parametrize("as_", ["numpy", "Pandas", None])
def test_unknown_result_type(as_):
    with pytest.raises(UsageError, match="is not a result type; use one of: 'pandas', 'arrow', 'polars'"):
        tco_ops.load("claims", as_=as_)


def test_load_all_takes_version_and_result_type():
    frames = tco_ops.load_all(version=tco_ops.__version__, as_="arrow")
    assert list(frames) == list(TABLES)
    assert all(isinstance(t, pa.Table) for t in frames.values())
    assert {n: t.num_rows for n, t in frames.items()} == {n: len(tco_ops.load(n)) for n in TABLES}


def test_load_all_of_a_release_not_downloaded(tmp_path, monkeypatch):
    monkeypatch.setenv("TCO_OPS_CACHE_DIR", str(tmp_path))
    with pytest.raises(DataNotFoundError, match=r"Release 0.1.0 is not downloaded.*tco_ops.download\(\"0.1.0\"\)"):
        tco_ops.load_all(version="0.1.0")


def test_describe_comes_from_the_schema():
    desc = tco_ops.describe("operations")
    spec = TABLES["operations"]
    assert list(desc["column"]) == spec.columns
    kind = desc.set_index("column").loc["kind"]
    assert kind["values"] == list(vocab.OPERATION_KINDS)
    assert kind["required"] and kind["type"] == "string" and kind["pandas_dtype"] == "string"
    assert desc.set_index("column").loc["arrested_best", "pandas_dtype"] == "Int64"
    assert all(desc["description"].str.len() > 0)
    assert desc.attrs["primary_key"] == ["operation_id"]
    assert {"fields": ["series_id"], "table": "series", "reference": ["series_id"]} in desc.attrs["foreign_keys"]
    # the dtypes it promises are the ones load() gives
    df = tco_ops.load("operations")
    assert {c: str(df[c].dtype) for c in df.columns} == dict(zip(desc["column"], desc["pandas_dtype"]))


def test_describe_unknown_table():
    with pytest.raises(DataNotFoundError, match="Did you mean 'arrests'"):
        tco_ops.describe("arest")


def _fake_download(cache, version, tables):
    folder = cache / version
    (folder / "dataset").mkdir(parents=True)
    (folder / "datapackage.json").write_text("{}", encoding="utf-8")
    for t in tables:
        (folder / "dataset" / f"{t}.parquet").write_bytes(b"x")
    return folder


def test_versions_known_and_downloaded(tmp_path, monkeypatch):
    from tco_ops.registry import known_versions

    monkeypatch.setenv("TCO_OPS_CACHE_DIR", str(tmp_path))
    before = {v["version"]: v for v in tco_ops.versions()}
    assert list(before) == list(dict.fromkeys([*known_versions(), tco_ops.__version__]))
    assert before[tco_ops.__version__]["installed"] is True
    assert all(v["downloaded"] is None for v in before.values())
    released = known_versions()[0]
    folder = _fake_download(tmp_path, released, ["operations"])
    after = {v["version"]: v for v in tco_ops.versions()}
    assert after[released]["downloaded"] == "some tables"
    assert after[released]["folder"] == folder
    assert after[released]["released"]


def test_cache_dir_and_clear_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TCO_OPS_CACHE_DIR", str(tmp_path / "cache"))
    assert tco_ops.cache_dir() == tmp_path / "cache"
    assert tco_ops.clear_cache() == []  # no cache yet: nothing to do, no error
    cache = tmp_path / "cache"
    one = _fake_download(cache, "0.1.0", ["operations"])
    two = _fake_download(cache, "0.3.1", [])
    (cache / "notes").mkdir()  # not a version: never touched
    (cache / "notes" / "mine.txt").write_text("keep", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep", encoding="utf-8")
    os.symlink(outside, cache / "9.9.9")
    assert tco_ops.clear_cache("v0.1.0") == [one]
    assert not one.exists() and two.exists()
    assert sorted(tco_ops.clear_cache()) == sorted([two, cache / "9.9.9"])
    assert (cache / "notes" / "mine.txt").exists() and (outside / "keep.txt").exists()
    with pytest.raises(DataNotFoundError, match="not a release version"):
        tco_ops.clear_cache("../notes")


def test_public_api_is_annotated_and_typed(repo):
    import inspect

    assert (repo / "src" / "tco_ops" / "py.typed").is_file()
    for name in ("tables", "load", "load_all", "describe", "path", "download", "versions", "cache_dir",
                 "clear_cache", "cite"):
        sig = inspect.signature(getattr(tco_ops, name))
        assert sig.return_annotation is not inspect.Signature.empty, name
        assert all(p.annotation is not inspect.Parameter.empty for p in sig.parameters.values()), name


def test_polars_result_with_columns_and_a_bad_column():
    assert tco_ops.load("claims", columns="field", as_="polars").columns == ["field"]
    with pytest.raises(DataNotFoundError, match="Did you mean 'operation_id'"):
        tco_ops.load("claims", columns="operaton_id", as_="polars")
