"""A table's metadata beyond its columns: keys, title, description."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pandera.pandas as pa


class Model(pa.DataFrameModel):
    """Base of every table model: no column the model does not declare, in declared order."""

    class Config:
        strict = True
        ordered = True


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    table: str  # referenced table (may be the table itself)
    reference: tuple[str, ...]


@dataclass(frozen=True)
class TableSpec:
    name: str
    model: type[pa.DataFrameModel]
    title: str
    description: str  # one paragraph: what one row is and how it is made
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = field(default_factory=tuple)

    @cached_property
    def schema(self) -> pa.DataFrameSchema:
        return self.model.to_schema()

    @property
    def columns(self) -> list[str]:
        return list(self.schema.columns)
