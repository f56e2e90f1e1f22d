"""The README's code examples that are marked as tested run, and give sensible results."""

from __future__ import annotations

import re

import pytest


def _examples(repo):
    text = (repo / "README.md").read_text(encoding="utf-8")
    return re.findall(r"<!-- tested: tests/test_readme_examples.py -->\n```python\n(.*?)```", text, flags=re.S)


def test_readme_has_tested_examples(repo):
    assert len(_examples(repo)) == 2


def test_duckdb_example(repo):
    pytest.importorskip("duckdb")
    import tco_ops

    scope: dict = {}
    exec(next(e for e in _examples(repo) if "duckdb" in e), scope)
    df = scope["by_country"]
    ops = tco_ops.load("operations")
    assert df["operations"].sum() == len(ops)
    assert set(df["country_code"]) == set(ops["country_code"])
    assert df["arrested"].sum() == ops["arrested_best"].sum()


def test_polars_example(repo):
    pytest.importorskip("polars")
    import tco_ops

    scope: dict = {}
    exec(next(e for e in _examples(repo) if "polars" in e), scope)
    df = scope["sources_per_figure"]
    claims = tco_ops.load("claims")
    expected = claims[claims["field"] == "arrested"].groupby("operation_id")["article_id"].nunique()
    got = dict(zip(df["operation_id"].to_list(), df["sources"].to_list()))
    assert got == expected.to_dict()


def test_path_of_an_unknown_table_names_the_valid_ones():
    import tco_ops
    from tco_ops.errors import DataNotFoundError

    assert tco_ops.path("claims").name == "claims.parquet" and tco_ops.path("claims").is_file()
    with pytest.raises(DataNotFoundError, match="Valid names"):
        tco_ops.path("claim")
