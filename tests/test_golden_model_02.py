"""Golden values for data model 0.2 (issue 11): the fact-check corrections and one operation per new field.

Each value here was read from the cited sources or derived by a documented rule; a change to any of
them is a change to published data and belongs in the CHANGELOG.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from tco_ops import vocab

AREQUIPA = "pe-2022-12-02-los-gallegos-arequipa"
SANGUINARIOS = "pe-2025-12-sanguinarios-del-tren"
LIMA = "pe-2025-02-07-lima-pnp-hsi"
AURORA = "us-2025-02-05-aurora-raids"
INTERCITI = "es-2025-interciti-phase2"
PIRATAS = "cl-2025-01-22-los-piratas-santiago-raids"


@pytest.fixture(scope="module")
def f(built):
    return built.frames


@pytest.fixture(scope="module")
def ops(f):
    return f["operations"].set_index("operation_id")


# -- §9 corrections ---------------------------------------------------------------------------
def test_arequipa_total_is_23(f, ops):
    groups = f["arrests"].query("operation_id == @AREQUIPA").set_index("group")["count_best"]
    assert groups.to_dict() == {"main": 22, "second-in-command": 1}  # "and with him 22 others"
    assert ops.loc[AREQUIPA, "arrested_best"] == 23


def test_arequipa_victims_disagreement_is_recorded(ops, f):
    row = ops.loc[AREQUIPA]
    assert (row["victims_rescued_best"], row["victims_rescued_low"], row["victims_rescued_high"]) == (29, 15, 29)
    assert row["victims_rescued_conflict"] and row["victims_rescued_n_sources"] == 2
    assert "pe-2022-12-02-los-gallegos-arequipa-victims-rescued" in set(f["decisions"]["decision_id"])


def test_misattributed_targets_now_name_los_gallegos(f, ops):
    claims = f["claims"]
    targets = claims[(claims["field"] == "target") & claims["article_id"].isin(
        ["nationworldnews-seven-members-aragua-train-chile", "dancefm-tren-de-aragua-arica-17-detenidos"])]
    assert set(targets["value"]) == {"los-gallegos"} and len(targets) == 2
    for old in ("nationworldnews-seven-members-aragua-train-chile-ade7cffa",
                "dancefm-tren-de-aragua-arica-17-detenidos-04f1f3b8"):
        assert old not in set(claims["claim_id"])
    assert ops.loc["cl-2023-05-17-arica-los-gallegos", "target_organization_id"] == "los-gallegos"
    assert ops.loc["cl-2022-06-16-arica-tren-del-norte-i", "target_organization_id"] == "los-gallegos"


def test_every_operation_has_a_label_that_is_no_name(ops):
    assert ops["label"].notna().all()
    assert ops.loc[LIMA, "label"] == "Lima, PE · 2025-02-07 · raid"
    assert ops.loc[SANGUINARIOS, "label"] == "Chorrillos, PE · 2025-12 · raid"
    for label, kind, country in zip(ops["label"], ops["kind"], ops["country_code"]):
        assert re.fullmatch(rf"([^·]+, )?{country} · [0-9W/-]+ · {kind}", label), label


# -- 1. kind ------------------------------------------------------------------------------------
def test_every_operation_has_a_kind(ops):
    assert set(ops["kind"]) <= set(vocab.OPERATION_KINDS) and ops["kind"].notna().all()
    assert ops.loc["ve-2023-09-20-tocoron", "kind"] == "prison_takeover"
    assert ops.loc["us-2025-11-16-san-antonio-hstf", "kind"] == "sweep"
    assert ops.loc["co-2025-02-06-chiscas-capture", "kind"] == "capture"
    assert ops.loc["us-2025-04-21-sdny-rico-27", "kind"] == "indictment"


# -- 2. place roles and precision ------------------------------------------------------------
def test_sanguinarios_raids_were_in_chorrillos(f, ops):
    places = f["operation_locations"].query("operation_id == @SANGUINARIOS").set_index("location_id")
    assert places.loc["pe-chorrillos", "role"] == "site" and places.loc["pe-chorrillos", "n_sources"] == 4
    assert places.loc["pe-ate", "role"] == "area" and places.loc["pe-villa-el-salvador", "role"] == "area"
    assert set(places["precision"]) == {"district"}
    assert ops.loc[SANGUINARIOS, "location_precision"] == "district"


def test_link_precision_comes_from_the_place_kind(f):
    links = f["operation_locations"].set_index(["operation_id", "location_id"])
    assert links.loc[("ve-2023-09-20-tocoron", "ve-tocoron"), "precision"] == "exact"
    assert links.loc[(INTERCITI, "es-cataluna"), "precision"] == "region"


# -- 3. two dates -----------------------------------------------------------------------------
def test_interciti_span_and_announcement(ops):
    row = ops.loc[INTERCITI]
    assert row["date_precision"] == "span"
    assert (row["date_start"], row["date_end"]) == (dt.date(2025, 10, 29), dt.date(2025, 11, 7))
    assert row["announced_date"] == dt.date(2025, 11, 7) and row["announced_date_precision"] == "day"
    assert pd.isna(ops.loc[LIMA, "announced_date"])  # no source gives one: null, not the action date


def test_no_multi_day_date_claims_day_precision(ops):
    several = ops[ops["date_end"] != ops["date_start"]]
    assert len(several) and not (several["date_precision"] == "day").any()


def test_los_piratas_day_is_explained(ops, f):
    # 0.4.0: two same-day reports now cited resolve the day the 0.2.0 source left at the month
    row = ops.loc[PIRATAS]
    assert (row["date_start"], row["date_precision"], bool(row["date_inferred"])) == (dt.date(2025, 1, 22), "day", True)
    reason = f["decisions"].set_index("decision_id").loc[f"{PIRATAS}-date", "reason"]
    assert "same-day reports" in reason and "late January" in reason


def test_codebook_states_how_to_bin_by_year_and_the_qualifier_rule(repo):
    text = (repo / "docs" / "codebook.md").read_text(encoding="utf-8")
    assert "Bin operations by `operations.date_start`" in text and "announced_date" in text
    assert "'More than 300' is best 300 with qualifier more_than" in text


# -- 4. outcomes --------------------------------------------------------------------------------
def test_arequipa_seizure(f):
    row = f["seizures"].set_index("seizure_id").loc[f"{AREQUIPA}-vehicles-items"]
    assert (row["item"], row["unit"], row["quantity_best"], row["quantity_qualifier"]) == ("vehicles", "items", 10,
                                                                                             "exact")


def test_aurora_detained_against_confirmed_members(ops):
    row = ops.loc[AURORA]
    assert (row["arrested_best"], row["arrested_qualifier"]) == (30, "exact")
    assert (row["confirmed_members_best"], row["confirmed_members_qualifier"]) == (1, "at_least")


def test_nationality_counts(f):
    n = f["arrest_nationalities"].set_index(["arrest_id", "nationality"])
    assert n.loc[(f"{SANGUINARIOS}-main", "VE"), "count_best"] == 3
    pe = n.loc[(f"{SANGUINARIOS}-main", "PE")]
    assert (pe["count_best"], pe["count_low"], pe["count_high"], pe["count_conflict"]) == (2, 1, 2, True)
    chile = n.loc["cl-2023-05-17-arica-los-gallegos-main"]["count_best"].to_dict()
    assert chile == {"CO": 1, "PE": 1, "VE": 5}


# -- 5. series --------------------------------------------------------------------------------
def test_tren_del_norte_phases(ops, f):
    series = ops[ops["series_id"] == "tren-del-norte"]["phase"].to_dict()
    assert series == {"cl-2022-06-16-arica-tren-del-norte-i": 1, "cl-2023-01-16-arica-tren-del-norte-ii": 2,
                      "cl-2023-05-17-arica-los-gallegos": 3, "cl-2024-05-16-arica-tren-del-norte-iv": 4}
    assert (ops.loc[INTERCITI, "series_id"], ops.loc[INTERCITI, "phase"]) == ("interciti", 2)
    assert {"tren-del-norte", "interciti"} <= set(f["series"]["series_id"])


# -- 6. actors ----------------------------------------------------------------------------------
def test_agency_levels_and_kinds(f):
    ag = f["agencies"].set_index("agency_id")
    assert ag["level"].notna().all()
    assert ag.loc["us-aerial-recovery", "kind"] == "ngo"
    assert (ag.loc["us-nypd", "level"], ag.loc["us-texas-dps", "level"], ag.loc["us-fbi-houston", "level"]) == (
        "local", "state", "national")


def test_most_specific_unit_and_participation(f):
    lima = f["operation_agencies"].query("operation_id == @LIMA").set_index("agency_id")
    assert "us-hsi" not in lima.index and "pnp" not in lima.index
    assert lima.loc["us-hsi-lima", "participation"] == "foreign"
    assert lima.loc["us-hsi-tciu-peru", "participation"] == "domestic"  # vetted PNP officers
    assert lima.loc["pe-pnp-trata", "participation"] == "domestic"
    # a ministry that announced while its unit led stays listed
    sdny = f["operation_agencies"].query("operation_id == 'us-2025-04-21-sdny-rico-27'")
    assert {"us-doj", "us-usao-sdny"} <= set(sdny["agency_id"])


# -- 8. qualifiers ------------------------------------------------------------------------------
def test_stated_numbers_are_published(ops):
    assert (ops.loc[LIMA, "personnel_best"], ops.loc[LIMA, "personnel_qualifier"]) == (300, "more_than")
    assert ops.loc["ve-2023-09-20-tocoron", "personnel_best"] == 11000
    assert ops.loc[AURORA, "persons_targeted_best"] == 100
    assert ops.loc["pe-2023-12-28-los-hijos-de-dios", "arrested_low"] == 20  # "more than 20": low 20


def test_every_figure_has_a_qualifier_column_everywhere(repo):
    pkg = json.loads((repo / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in pkg["resources"]]
    assert {"series", "seizures", "casualties", "arrest_nationalities"} <= set(names)
    for table in ("operations", "arrests", "seizures", "casualties", "arrest_nationalities"):
        schema = json.loads((repo / "schema" / f"{table}.json").read_text(encoding="utf-8"))
        fields = {fl["name"]: fl for fl in schema["fields"]}
        for best in [n for n in fields if n.endswith("_best")]:
            q = fields[best.removesuffix("_best") + "_qualifier"]
            assert q["constraints"]["enum"] == list(vocab.QUALIFIERS)


# -- derived flags and outcome tables, on a copy of the seeds --------------------------------
def test_single_source_counts_origins_and_casualties_build(tmp_path, repo):
    from tco_ops.build.pipeline import build

    seeds = tmp_path / "seeds"
    shutil.copytree(repo / "seeds", seeds)
    # a second outlet relaying the same story: two articles, one origin. The operation is one that
    # rests on a single article today, and the relay names that article's publisher as its wire.
    claims = pd.read_parquet(repo / "dataset" / "claims.parquet", columns=["operation_id", "article_id"])
    per_op = claims.groupby("operation_id")["article_id"].nunique()
    op = sorted(per_op[per_op == 1].index)[0]
    article = claims.loc[claims["operation_id"] == op, "article_id"].iloc[0]
    front = (seeds / "articles" / f"{article}.md").read_text(encoding="utf-8")
    publisher = next(line.split(":", 1)[1].strip() for line in front.splitlines() if line.startswith("publisher:"))
    (seeds / "articles" / "relay-test-1.md").write_text(
        f"---\nurl: https://relay.example.org/1\npublisher: Relay Example\nwire: {publisher}\nlanguage: en\n"
        "archived: false\n---\n", encoding="utf-8")
    (seeds / "claims" / "relay-test-1.yaml").write_text(
        f"operation: {op}\nclaims:\n"
        "- field: killed\n  side: suspects\n  value: 1\n"
        "- field: injured\n  side: officers\n  value: 2\n  qualifier: at_least\n", encoding="utf-8")
    result = build(seeds, jobs=1)
    row = result.frames["operations"].set_index("operation_id").loc[op]
    assert row["n_sources"] == 2 and row["single_source"]
    cas = result.frames["casualties"].query("operation_id == @op").set_index(["outcome", "side"])
    assert cas.loc[("killed", "suspects"), "count_best"] == 1
    assert (cas.loc[("injured", "officers"), "count_best"], cas.loc[("injured", "officers"), "count_qualifier"]) == (
        2, "at_least")


# -- conflicts and the change summary -------------------------------------------------------------
def test_new_disagreements_in_conflicts_md_and_info(repo, built, capsys):
    from tco_ops.cli import main

    text = (repo / "CONFLICTS.md").read_text(encoding="utf-8")
    assert text == built.files["CONFLICTS.md"].decode("utf-8")
    section = text[text.index(f"## {AREQUIPA}"):].split("\n## ")[0]
    assert "| victims_rescued | 15: diariosinfronteras" in section and "29: larepublica-2022-12-03" in section
    assert "| arrested_nationality_count (main-pe) | 1: peruinforma" in text
    assert main(["info", "--conflicts"]) == 0
    assert capsys.readouterr().out == text


def test_changes_against_0_1_0_list_the_corrected_ids(built):
    from tco_ops import release
    from tco_ops.registry import registry

    text = release.change_summary("0.2.0", release.table_ids(built.tables), registry("0.1.0"))
    assert "Compared with 0.1.0" in text
    ops_line = next(line for line in text.splitlines() if line.startswith("| operations |"))
    for op in (AREQUIPA, SANGUINARIOS, INTERCITI, "cl-2023-05-17-arica-los-gallegos"):
        assert f"`{op}`" in ops_line
    articles = next(line for line in text.splitlines() if line.startswith("| articles |"))
    assert "`larepublica-2022-12-03-los-gallegos-arequipa`" in articles


def test_bad_outcome_claims_are_located(tmp_path, repo):
    from tco_ops.build.pipeline import build
    from tco_ops.errors import BuildError

    seeds = tmp_path / "seeds"
    shutil.copytree(repo / "seeds", seeds)
    (seeds / "articles" / "bad-outcomes-1.md").write_text(
        "---\nurl: https://bad.example.org/1\npublisher: Bad Example\nlanguage: en\narchived: false\n---\n",
        encoding="utf-8")
    (seeds / "claims" / "bad-outcomes-1.yaml").write_text(
        "operation: cl-2023-05-17-arica-los-gallegos\nclaims:\n"
        "- field: seized\n  unit: kg\n  value: 3\n"                      # line 3: no item
        "- field: seized\n  item: cash\n  unit: kg\n  value: 3\n"        # line 6: cash in kg
        "- field: killed\n  value: 1\n"                                   # line 10: no side
        "- field: location\n  value: cl-arica\n  role: lead\n",           # line 12: agency role on a place
        encoding="utf-8")
    with pytest.raises(BuildError) as err:
        build(seeds, jobs=1)
    found = {(p.line, p.message) for p in err.value.problems if p.file.endswith("bad-outcomes-1.yaml")}
    assert (3, "a seized claim needs an `item`") in found
    assert (8, "cash is counted in a currency") in found
    assert (10, "a killed claim needs a `side`") in found
    assert (14, "not a place role") in found


def test_aurora_lists_the_partners_the_ice_denver_post_names(f):
    """Fact-check correction: ERO Denver's post (relayed by KRDO) names ATF and the U.S. Marshals."""
    agencies = set(f["operation_agencies"].query("operation_id == 'us-2025-02-05-aurora-raids'")["agency_id"])
    assert {"us-atf", "us-marshals", "us-fbi", "us-dea", "us-cbp"} <= agencies
