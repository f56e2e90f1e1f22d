"""datapackage.json and schema/*.json are Data Package v2, checked against the official v2 JSON Schemas.

The profiles come from dplib-py (the Frictionless project's own Data Package library), which ships
them as files: dplib/profiles/2.0/{datapackage,tableschema}.json. No network is needed.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import jsonschema
import pytest

from tco_ops.schema import TABLES
from tco_ops.schema.export import table_schema


def _profile(name: str) -> dict:
    spec = importlib.util.find_spec("dplib")  # locate the package without importing it
    folder = Path(spec.submodule_search_locations[0]) / "profiles" / "2.0"
    return json.loads((folder / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def package(repo) -> dict:
    return json.loads((repo / "datapackage.json").read_text(encoding="utf-8"))


def test_descriptor_passes_the_official_v2_profile(package):
    profile = _profile("datapackage.json")
    errors = sorted(jsonschema.Draft7Validator(profile).iter_errors(package), key=lambda e: list(e.path))
    assert [f"{list(e.path)}: {e.message}" for e in errors] == []
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"


def test_descriptor_is_written_as_v2_not_v1(package):
    assert "profile" not in package
    assert all("profile" not in r and r["type"] == "table" for r in package["resources"])
    assert all("role" not in c and c["roles"] for c in package["contributors"])


def test_created_is_the_release_date_from_the_changelog(package, repo):
    import re

    date = re.search(rf"^## \[{re.escape(package['version'])}\] - (\S+)", (repo / "CHANGELOG.md").read_text(),
                     flags=re.M).group(1)
    assert package["created"] == f"{date}T00:00:00Z"


def test_created_is_absent_while_the_version_has_no_dated_section(tmp_path):
    from tco_ops.build.render import release_created

    assert release_created(tmp_path) is None
    (tmp_path / "CHANGELOG.md").write_text("# Changelog\n\n## [Unreleased]\n", encoding="utf-8")
    assert release_created(tmp_path) is None


@pytest.mark.parametrize("name", list(TABLES))
def test_table_schemas_pass_the_official_v2_profile(repo, name):
    schema = json.loads((repo / "schema" / f"{name}.json").read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft7Validator(_profile("tableschema.json")).iter_errors(schema))
    assert [f"{list(e.path)}: {e.message}" for e in errors] == []
    assert schema == table_schema(TABLES[name])
    assert all(f.get("title") for f in schema["fields"])
    for field in schema["fields"]:
        enum = field.get("constraints", {}).get("enum")
        assert field.get("categories") == enum if enum else "categories" not in field, field["name"]
    for fk in schema.get("foreignKeys", []):
        assert fk["reference"].get("resource") != ""  # v2: a self-reference omits the resource


def test_every_enum_field_has_categories(repo):
    n_enum = n_categories = 0
    for name in TABLES:
        for field in json.loads((repo / "schema" / f"{name}.json").read_text(encoding="utf-8"))["fields"]:
            n_enum += "enum" in field.get("constraints", {})
            n_categories += "categories" in field
    assert n_enum == n_categories > 10
