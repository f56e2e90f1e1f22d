"""The README's counts of the record are read from the published tables, not trusted."""

from __future__ import annotations

import re
from pathlib import Path

import tco_ops

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## What the record holds", 1)[1].split("\n## ", 1)[0]
COUNTRY_NAMES = {"Colombia": "CO", "United States": "US", "Chile": "CL", "Peru": "PE", "Mexico": "MX",
                 "Ecuador": "EC", "Venezuela": "VE", "Costa Rica": "CR", "Spain": "ES", "Brazil": "BR",
                 "Argentina": "AR", "Panama": "PA", "Bolivia": "BO", "Honduras": "HN", "Dominican Republic": "DO",
                 "Guatemala": "GT", "Uruguay": "UY", "Paraguay": "PY", "Canada": "CA", "Italy": "IT"}


def _number(pattern: str) -> int:
    match = re.search(pattern, SECTION)
    assert match, f"README: {pattern!r} not found in 'What the record holds'"
    return int(match.group(1).replace(",", ""))


def test_the_headline_counts_match_the_tables():
    ops = tco_ops.load("operations")
    assert _number(r"\*\*(\d+) operations\*\*") == len(ops)
    states = ops.loc[ops["country_code"] != "XZ", "country_code"].nunique()
    assert _number(r"\*\*(\d+) countries\*\*") == states
    assert _number(r"\*\*([\d,]+) source articles\*\*") == len(tco_ops.load("articles"))
    assert _number(r"(\d+) operations rest on a single") == int(ops["single_source"].sum())
    assert _number(r"(\d+) strikes at sea") == int((ops["country_code"] == "XZ").sum())


def test_every_country_count_matches():
    counts = tco_ops.load("operations")["country_code"].value_counts().to_dict()
    listed = {COUNTRY_NAMES[name]: int(n) for name, n in re.findall(r"([A-Z][a-z]+(?: [A-Z][a-z]+)*) (\d+)", SECTION)
              if name in COUNTRY_NAMES}
    assert listed == {code: n for code, n in counts.items() if code != "XZ"}
