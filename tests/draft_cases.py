"""What the drafter's cause tests share: a publication date, the extractor and what a draft proposes."""

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


def candidates(ex, text, pub=PUB):
    return draft_text(text, pub, ex).candidates


def top_date(ex, text, pub=PUB):
    dates = sorted((c for c in draft_text(text, pub, ex).claims(segment=0) if c.field == "date"),
                   key=lambda c: (-c.confidence, c.start))
    return str(dates[0].value) if dates else None
