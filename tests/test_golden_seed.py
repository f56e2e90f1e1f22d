"""Golden values: the seed article (Andina, 10 Feb 2025) coded as a careful curator would."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from conftest import LIMA, SEED_ARTICLE

SEED_SHA256 = "45ff0d9ae4aa6a790cebb517545329478f344368da57895a7a6108aa54de4442"  # shared/seeds/000_84c25957cfe7a1fb.txt


@pytest.fixture(scope="module")
def seed_claims(built) -> pd.DataFrame:
    claims = built.frames["claims"]
    return claims[claims["article_id"] == SEED_ARTICLE]


def test_article_row(built):
    a = built.frames["articles"].set_index("article_id").loc[SEED_ARTICLE]
    assert a["publisher"] == "Andina"
    assert a["published_date"] == dt.date(2025, 2, 10)
    assert a["published_precision"] == "day"
    assert a["language"] == "en"
    assert a["title"] == "U.S. Ambassador highlights success in Lima-based operation Against Tren de Aragua"
    assert a["url"] == ("https://andina.pe/ingles/noticia-us-ambassador-highlights-success-in-limabased-"
                        "operation-against-tren-aragua-1018187.aspx")
    assert bool(a["archived"]) is True
    assert a["text_sha256"] == SEED_SHA256, "the archived text must be the seed, byte for byte"
    assert a["n_chars"] == len(built.texts[SEED_ARTICLE])


# (field, value, qualifier, role) of every claim the seed makes.
EXPECTED = {
    ("date", "2025-01-07", None, None),
    ("date", "2025-W06", None, None),
    ("location", "pe-santa-anita", None, None),
    ("location", "pe-san-martin-de-porres", None, None),
    ("location", "pe-puente-piedra", None, None),
    ("agency", "pnp", None, "lead"),
    ("agency", "us-hsi-lima", None, "support"),
    ("agency", "us-hsi-tciu-peru", None, "support"),
    ("agency", "us-embassy-peru", None, "announced"),
    ("target", "tren-de-aragua", None, None),
    ("personnel", "300", "more_than", None),
    ("sites", "8", "at_least", None),
    ("persons_targeted", "24", "approximately", None),
    ("minors_in_network", "50", "approximately", None),
    ("arrested", "20", "exact", None),
    ("arrested_affiliation", "tren-de-aragua", None, None),
}


def test_every_seed_claim(seed_claims):
    got = {tuple(None if pd.isna(v) else v for v in row)
           for row in seed_claims[["field", "value", "qualifier", "role"]].itertuples(index=False)}
    assert got == EXPECTED
    assert set(seed_claims["operation_id"]) == {LIMA}
    assert not seed_claims.duplicated(["field", "value", "role", "quote"]).any()


def test_misspelt_his_lima_resolves_to_hsi_lima(seed_claims):
    his = seed_claims[seed_claims["quote"].str.contains("HIS Lima", regex=False)]
    assert len(his) == 1 and his.iloc[0]["value"] == "us-hsi-lima"


def test_no_nationality_for_the_arrested(seed_claims):
    """'Venezuelan gang' describes the gang, not the 20 people."""
    assert "arrested_nationality" not in set(seed_claims["field"])


def test_every_quote_is_at_its_offsets(built, seed_claims):
    text = built.texts[SEED_ARTICLE]
    assert seed_claims["quote"].notna().all()
    for c in seed_claims.to_dict("records"):
        assert text[c["char_start"]:c["char_end"]] == c["quote"]
        assert text.count(c["quote"]) == 1 or c["quote"] == "HSI Lima officers"


def test_both_date_claims_recorded_and_conflicting(seed_claims):
    dates = seed_claims[seed_claims["field"] == "date"].set_index("value")
    assert dates.loc["2025-01-07", "quote"] == "on the night of January 7"
    assert dates.loc["2025-W06", "quote"] == "last week"
    # "January 7" prints day and month (only the year comes from the dateline): read, not inferred;
    # "last week" is resolved against the dateline by the curator: inferred.
    assert not dates.loc["2025-01-07", "inferred"] and dates.loc["2025-W06", "inferred"]
    from tco_ops.build.dates import parse_period
    from tco_ops.build.reconcile import dates_conflict

    assert dates_conflict([parse_period(v) for v in dates.index])


def test_figures_follow_qualifier_rules(seed_claims):
    from tco_ops.build.reconcile import bounds

    by = seed_claims.set_index("field")
    # the range of true numbers each claim allows ("more than 300": 301 up); 0.2 publishes the stated 300
    assert bounds(int(by.loc["personnel", "value"]), by.loc["personnel", "qualifier"]) == (301, None)
    assert bounds(int(by.loc["sites", "value"]), by.loc["sites", "qualifier"]) == (8, None)


@pytest.mark.parametrize("child, chain", [
    ("us-hsi-lima", ["us-hsi", "us-ice", "us-dhs"]),
    ("us-embassy-peru", ["us-state-department"]),
    ("pnp", ["pe-mininter"]),
])
def test_agency_parent_chains(built, child, chain):
    parents = built.frames["agencies"].set_index("agency_id")["parent_agency_id"]
    got, node = [], child
    while not pd.isna(parents[node]):
        node = parents[node]
        got.append(node)
    assert got == chain


@pytest.mark.parametrize("district, ubigeo", [
    ("pe-santa-anita", "150137"), ("pe-san-martin-de-porres", "150135"), ("pe-puente-piedra", "150125"),
])
def test_districts_have_ubigeo_coordinates_and_parent_chain(built, district, ubigeo):
    locs = built.frames["locations"].set_index("location_id")
    row = locs.loc[district]
    assert row["kind"] == "district"
    assert row["national_code"] == ubigeo and row["national_code_system"] == "ubigeo"
    assert -12.2 < row["latitude"] < -11.7 and -77.2 < row["longitude"] < -76.8, "inside Lima province"
    chain = [locs.loc[district, "parent_location_id"]]
    while not pd.isna(locs.loc[chain[-1], "parent_location_id"]):
        chain.append(locs.loc[chain[-1], "parent_location_id"])
    assert chain == ["pe-lima-province", "pe-lima-department", "pe"]
    assert [locs.loc[c, "kind"] for c in chain] == ["province", "region", "country"]
    assert locs.loc["pe-lima-department", "iso_3166_2"] == "PE-LIM"
