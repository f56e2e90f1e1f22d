from pandera.typing import Series

from . import _fields as f
from ._table import ForeignKey, Model, TableSpec


class OperationLocations(Model):
    """One row per place an operation acted in."""

    operation_id: Series[f.STRING] = f.operation_id()
    location_id: Series[f.STRING] = f.slug("The place (→ locations.location_id).")
    n_sources: Series[f.INT] = f.n_sources("the place")

    class Config:
        unique = ["operation_id", "location_id"]


TABLE = TableSpec(
    name="operation_locations",
    model=OperationLocations,
    title="Places of operations",
    description="One row per place an operation acted in, as named by its sources, with the number of sources.",
    primary_key=("operation_id", "location_id"),
    foreign_keys=(
        ForeignKey(("operation_id",), "operations", ("operation_id",)),
        ForeignKey(("location_id",), "locations", ("location_id",)),
    ),
)
