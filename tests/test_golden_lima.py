"""Golden values: the Lima operation of 7 February 2025, reconciled across all its sources."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from conftest import LIMA, SEED_ARTICLE


@pytest.fixture(scope="module")
def op(built) -> pd.Series:
    return built.frames["operations"].set_index("operation_id").loc[LIMA]


@pytest.fixture(scope="module")
def claims(built) -> pd.DataFrame:
    c = built.frames["claims"]
    return c[c["operation_id"] == LIMA]


def _claimed(claims, field) -> set[str]:
    return set(claims.loc[claims["field"] == field, "value"])


def test_date_is_friday_7_february_and_andina_loses(op, claims, built):
    assert (op["date_start"], op["date_end"], op["date_precision"]) == (dt.date(2025, 2, 7), dt.date(2025, 2, 7), "day")
    assert bool(op["date_conflict"]) and not bool(op["date_inferred"])
    assert {"2025-01-07", "2025-W06", "2025-02-07"} <= _claimed(claims, "date")
    andina = claims[(claims["article_id"] == SEED_ARTICLE) & (claims["field"] == "date")]
    assert set(andina["value"]) == {"2025-01-07", "2025-W06"}, "Andina's claims stay, and lose"
    decision = built.frames["decisions"].set_index("decision_id").loc[f"{LIMA}-date"]
    assert decision["value"] == "2025-02-07" and "Andina" in decision["reason"]


def test_arrested_spans_20_to_24_with_a_written_decision(op, claims, built):
    assert _claimed(claims, "arrested") == {"20", "23", "24"}
    assert (op["arrested_low"], op["arrested_best"], op["arrested_high"]) == (20, 23, 24)
    assert bool(op["arrested_conflict"])
    assert op["arrested_n_sources"] == claims.loc[claims["field"] == "arrested", "article_id"].nunique() >= 15
    decision = built.frames["decisions"].set_index("decision_id").loc[f"{LIMA}-arrested-main"]
    assert decision["value"] == "23" and "PNP" in decision["reason"]


def test_victims_and_minors_rescued(op, claims):
    assert (op["victims_rescued_low"], op["victims_rescued_high"]) == (84, 123)
    assert op["victims_rescued_best"] in {84, 120, 123} and bool(op["victims_rescued_conflict"])
    assert (op["minors_rescued_low"], op["minors_rescued_high"]) == (2, 3)
    assert bool(op["minors_rescued_conflict"])


def test_minors_in_the_network_are_not_victims_rescued(op, claims):
    assert op["minors_in_network_best"] == 50
    assert "50" not in _claimed(claims, "victims_rescued")
    andina = claims[claims["article_id"] == SEED_ARTICLE]
    assert "victims_rescued" not in set(andina["field"]), "Andina gives no rescue count"


def test_target_is_the_faction_los_hijos_de_dios(op, built):
    assert op["target_organization_id"] == "los-hijos-de-dios"
    assert not bool(op["target_conflict"]), "the faction and its parent gang agree"
    orgs = built.frames["organizations"].set_index("organization_id")
    assert orgs.loc["los-hijos-de-dios", "kind"] == "faction"
    assert orgs.loc["los-hijos-de-dios", "parent_organization_id"] == "tren-de-aragua"


def test_places_and_agencies(built):
    places = set(built.frames["operation_locations"].query("operation_id == @LIMA")["location_id"])
    assert {"pe-santa-anita", "pe-san-martin-de-porres", "pe-puente-piedra"} <= places
    roles = built.frames["operation_agencies"].query("operation_id == @LIMA").set_index("agency_id")["role"]
    # 0.2: the most specific unit is listed (the PNP's anti-trafficking directorate, HSI Lima),
    # not also its parents (PNP, HSI), whose claims stay in the claims table
    assert roles["pe-pnp-trata"] == "lead" and "pnp" not in roles and "us-hsi" not in roles
    assert roles["us-hsi-lima"] == "support" and roles["us-hsi-tciu-peru"] == "support"
    assert roles["us-embassy-peru"] == "announced"


def test_one_arrest_group_with_nationalities_but_no_names(built):
    group = built.frames["arrests"].query("operation_id == @LIMA")
    assert len(group) == 1
    row = group.iloc[0]
    assert row["nationality"] == "PE,VE" and pd.isna(row["role"])
    assert row["affiliation_organization_id"] == "los-hijos-de-dios"


def test_conflicts_are_listed_with_sources_and_decisions(repo, capsys):
    from tco_ops.cli import main

    text = (repo / "CONFLICTS.md").read_text(encoding="utf-8")
    section = text[text.index(f"## {LIMA}"):]
    section = section[:section.find("\n## ", 5)] if "\n## " in section[5:] else section
    date_row = next(line for line in section.splitlines() if line.startswith("| date |"))
    assert "2025-01-07: andina-en-1018187" in date_row and "curator:" in date_row
    assert any(line.startswith("| arrested (main) |") and "24: entornodiario" in line for line in section.splitlines())
    assert main(["info", "--conflicts"]) == 0
    assert capsys.readouterr().out == text


def test_every_reconciled_figure_shows_sources_and_conflict(built):
    """Every figure column comes with its n_sources and conflict flag, and they agree with the claims."""
    ops = built.frames["operations"]
    from tco_ops import vocab

    for m in vocab.OPERATION_MEASURES:
        assert {f"{m}_n_sources", f"{m}_conflict"} <= set(ops.columns)
        has_value = ops[f"{m}_best"].notna()
        assert (ops.loc[has_value, f"{m}_n_sources"] > 0).all()
        assert (ops.loc[~has_value, f"{m}_n_sources"] == 0).all()
    arrests = built.frames["arrests"]
    assert {"count_n_sources", "count_conflict"} <= set(arrests.columns)
    spread = arrests["count_low"] < arrests["count_high"]
    assert (arrests.loc[spread, "count_conflict"]).all()


def test_a_figure_without_a_supporting_claim_fails(built):
    """The check that stops a published figure with no claim behind it."""
    from tco_ops.schema.crosscheck import check_all

    frames = {k: v.copy() for k, v in built.frames.items()}
    assert check_all(frames, built.texts) == []
    ops = frames["operations"]
    i = ops.index[ops["operation_id"] == LIMA][0]
    ops.loc[i, ["charged_best", "charged_low", "charged_high"]] = 4
    problems = check_all(frames, built.texts)
    assert any(f"{LIMA}.charged: best = 4 is supported by no claim" in str(p) for p in problems)
