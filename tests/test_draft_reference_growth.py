"""Drafter rules that the growth of seeds/reference (new agencies, new ids) exposed.

Each test builds its own variant of the reference in a temporary folder (entries dropped or
renamed), so it keeps testing the rule however the real reference grows. Every sentence is
written for the test; place and people names are invented placeholders.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from tco_ops.draft import draft_text, extractor

PUB = "2025-03-14"


def reference_variant(tmp: Path, drop: tuple[str, ...] = (), rename: dict[str, str] | None = None) -> Path:
    """A copy of seeds/reference without the agencies `drop` (and their units), ids renamed per `rename`."""
    seeds = tmp / "seeds"
    shutil.copytree(REPO / "seeds" / "reference", seeds / "reference")
    path = seeds / "reference" / "agencies.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in (rename or {}).items():
        assert re.search(rf"^- id: {re.escape(old)}$", text, re.M), f"the reference has no agency {old}"
        text = re.sub(rf"(?<![\w-]){re.escape(old)}(?![\w-])", new, text)
    if drop:
        entries = yaml.safe_load(text)
        gone = set(drop)
        while True:  # a unit of a dropped agency would point at nothing: drop it too
            more = {e["id"] for e in entries if e.get("parent") in gone} - gone
            if not more:
                break
            gone |= more
        assert set(drop) <= {e["id"] for e in entries}, "drop only agencies the reference has"
        text = yaml.safe_dump([e for e in entries if e["id"] not in gone], allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return seeds


def agencies(ex, text: str) -> dict[str, object]:
    """Proposed agency id -> its candidate."""
    return {c.value: c for c in draft_text(text, PUB, ex).claims() if c.field == "agency"}


@pytest.fixture(scope="module")
def renamed(tmp_path_factory):
    """Interpol and Ecuador's police under ids other than the shipped gazetteer's."""
    return extractor(reference_variant(tmp_path_factory.mktemp("renamed"),
                                       rename={"interpol": "xx-criminal-police", "ec-policia": "ec-pn-zz"}))


def test_a_shipped_agency_the_reference_names_under_another_id_takes_the_reference_id(renamed):
    # "interpol" in lower case is a spelling only the shipped gazetteer has (any_case); not "an interpol
    # notice": the issuer of a notice is not proposed (test_draft_dev_causes.py)
    got = agencies(renamed, "Local agents and interpol officers arrested a Tren de Aragua member in Zyxtown.")
    assert "xx-criminal-police" in got and not got["xx-criminal-police"].new
    assert "int-interpol" not in got  # the same body is not proposed again as a new agency
    assert "int-interpol" not in renamed.g.new.get("agency", {})


def test_the_national_police_of_a_country_is_the_reference_entry_that_holds_its_name(renamed):
    # "policía nacional" + "de Ecuador": resolved through the shipped gazetteer's police of each country
    got = agencies(renamed, "La policía nacional de Ecuador capturó a tres integrantes del Tren de Aragua en "
                            "Guayaquil el martes.")
    assert "ec-pn-zz" in got and "ec-policia" not in got
    assert not got["ec-pn-zz"].new


def test_agencies_absent_from_the_reference_come_from_the_shipped_gazetteer(tmp_path):
    ex = extractor(reference_variant(tmp_path, drop=("us-border-patrol", "interpol", "ec-policia")))
    got = agencies(ex, "Border Patrol agents and Interpol arrested two Tren de Aragua members in Texas, while the "
                       "Policía Nacional del Ecuador detained four others.")
    assert {"us-border-patrol", "int-interpol", "ec-policia"} <= set(got)
    assert all(got[i].new for i in ("us-border-patrol", "int-interpol", "ec-policia"))


# -- names with a shared modifier, and lists of subjects ---------------------------------------------
@pytest.fixture(scope="module")
def ex():
    return extractor(REPO / "seeds")


def test_a_demonym_before_two_coordinated_nouns_names_both_agencies(ex):
    got = agencies(ex, "Ecuadorian police and prosecutors searched four houses in Guayaquil and detained six "
                       "Tren de Aragua suspects.")
    assert {"ec-policia", "ec-fiscalia"} <= set(got)
    assert got["ec-fiscalia"].confidence >= 0.8


def test_a_demonym_before_a_noun_that_names_no_agency_adds_nothing(ex):
    got = agencies(ex, "Peruvian police and firefighters searched four houses in Lima and detained six "
                       "Tren de Aragua suspects.")
    assert set(got) == {"pnp"}


def test_the_last_of_a_list_of_subjects_takes_part_and_does_not_lead(ex):
    got = agencies(ex, "Officers from the DEA, the FBI and the Zyxville Police Department took part in the raid "
                       "that detained nine Tren de Aragua suspects.")
    assert got["us-zyxville-pd"].role == "participant"


def test_a_single_subject_still_leads(ex):
    got = agencies(ex, "The Zyxville Police Department raided two houses and detained nine Tren de Aragua suspects.")
    assert got["us-zyxville-pd"].role == "lead"
