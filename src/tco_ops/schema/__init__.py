"""The pandera models: the single source of truth for every published column.

The Arrow schema, the Table Schemas in datapackage.json, the codebook and the
loader's dtypes are all generated from these models.
"""

from __future__ import annotations

from . import (agencies, arrest_nationalities, articles, arrests, casualties, claims, decisions, locations,
               operation_agencies, operation_locations, operations, organizations, seizures, series)
from ._table import ForeignKey, TableSpec

# Publication order: reference tables first, then facts, then provenance.
TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        articles.TABLE, agencies.TABLE, locations.TABLE, organizations.TABLE, series.TABLE,
        operations.TABLE, arrests.TABLE, arrest_nationalities.TABLE, operation_agencies.TABLE,
        operation_locations.TABLE, seizures.TABLE, casualties.TABLE, claims.TABLE, decisions.TABLE,
    )
}

__all__ = ["TABLES", "TableSpec", "ForeignKey"]
