"""Columns of a reconciled figure, generated from the measure vocabulary.

A figure claimed by several sources is published as six columns:
`<m>_best`, `<m>_low`, `<m>_high`, `<m>_qualifier`, `<m>_n_sources`, `<m>_conflict`.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from .. import vocab
from ._fields import BOOL, INT, STRING

SUFFIXES = ("best", "low", "high", "qualifier", "n_sources", "conflict")
QUALIFIER_RULE = (
    "The number is published as the source states it: 'more than 300' is best 300 with qualifier "
    "more_than, never 301.")


def figure_namespace(prefix: str, what: str) -> dict:
    """Annotations, fields and the low ≤ best ≤ high check for one figure."""
    specs = {
        "best": (INT, pa.Field(ge=0, nullable=True, description=(
            f"Best estimate of {what}, as stated by a source: the curator's decision, else the default rule "
            "(the value stated by most independent origins). Null when no source gives it."))),
        "low": (INT, pa.Field(ge=0, nullable=True, description=(
            f"Lowest value of {what} any source states."))),
        "high": (INT, pa.Field(ge=0, nullable=True, description=(
            f"Highest value of {what} any source states."))),
        "qualifier": (STRING, pa.Field(isin=list(vocab.QUALIFIERS), nullable=True, description=(
            f"How the sources behind best state {what}: exact, approximately, at_least, more_than, at_most "
            f"or fewer_than. {QUALIFIER_RULE} Null when no source gives it."))),
        "n_sources": (INT, pa.Field(ge=0, description=(
            f"Number of source articles that claim a value for {what} (0: none)."))),
        "conflict": (BOOL, pa.Field(description=(
            f"True when sources claim different values for {what}."))),
    }
    ns: dict = {"__annotations__": {}}
    for suffix, (dtype, field) in specs.items():
        column = f"{prefix}_{suffix}"
        ns["__annotations__"][column] = Series[dtype]
        ns[column] = field

    def ordered(cls, df: pd.DataFrame) -> pd.Series:
        low, best, high = (df[f"{prefix}_{s}"] for s in ("low", "best", "high"))
        qualifier = df[f"{prefix}_qualifier"]
        ok = (low <= best) & (best <= high) & qualifier.notna()
        # All four are null together (no claim) or all present.
        return ok.fillna(False) | (low.isna() & best.isna() & high.isna() & qualifier.isna())

    ordered.__name__ = f"{prefix}_low_le_best_le_high"
    ns[ordered.__name__] = pa.dataframe_check(ordered)
    return ns


def with_figures(name: str, base: type[pa.DataFrameModel], figures: dict[str, str]) -> type[pa.DataFrameModel]:
    """Subclass `base`, adding the six columns of each figure (prefix → what)."""
    ns: dict = {"__annotations__": {}, "__module__": base.__module__, "__doc__": base.__doc__}
    for prefix, what in figures.items():
        part = figure_namespace(prefix, what)
        ns["__annotations__"].update(part.pop("__annotations__"))
        ns.update(part)
    return type(name, (base,), ns)
