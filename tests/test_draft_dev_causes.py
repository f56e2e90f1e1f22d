"""Regression tests for causes found on the real-news dev half (issue 12, second pass).

Every sentence is written for the test (never copied from an article); people are invented
placeholders. Each test failed before its fix.
"""

from __future__ import annotations

import pytest

from conftest import REPO
from tco_ops.draft import draft_text, extractor

PUB = "2025-03-14"  # a Friday


@pytest.fixture(scope="module")
def ex():
    return extractor(REPO / "seeds")


def proposed(ex, text, pub=PUB):
    return {(c.field, c.value) for c in draft_text(text, pub, ex).claims()}


def top_date(ex, text, pub=PUB):
    dates = sorted((c for c in draft_text(text, pub, ex).claims(segment=0) if c.field == "date"),
                   key=lambda c: (-c.confidence, c.start))
    return str(dates[0].value) if dates else None


# -- determinism ------------------------------------------------------------------------------------
def test_the_finer_place_a_reason_names_is_the_first_in_the_text(ex):
    # the reason used to name an element of a set, so it changed with the hash seed between runs
    text = ("La Policía Nacional del Perú detuvo a 12 integrantes del Tren de Aragua en Lima, en los distritos de "
            "Comas, Ate, Surco, Independencia, Los Olivos y San Juan de Lurigancho.")
    cands = draft_text(text, PUB, ex).candidates
    lima = next(c for c in cands if c.field == "location" and c.value == "pe-lima-province" and c.role == "site")
    first = min((c for c in cands if c.field == "location" and c.role == "site" and c.confidence >= 0.5),
                key=lambda c: c.start)
    assert f"more specific place named ({first.value})" in lima.reason
