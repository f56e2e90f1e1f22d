from pandera.typing import Series

from .. import vocab
from . import _fields as f
from ._table import ForeignKey, Model, TableSpec


class OperationLocations(Model):
    """One row per place and role in an operation."""

    operation_id: Series[f.STRING] = f.operation_id()
    location_id: Series[f.STRING] = f.slug("The place (→ locations.location_id).")
    role: Series[f.STRING] = f.enum(
        vocab.LOCATION_ROLES, "site (where the action happened), area (where the group operated, named in "
        "the report), origin or destination (extraditions, transfers), announced_at (where it was announced). "
        "Only site places feed operations.location_precision and maps.")
    precision: Series[f.STRING] = f.enum(
        vocab.PLACE_PRECISIONS, "How precisely the link places the operation, from the place's kind "
        "(like UCDP's where_prec): exact (a site), district, city, province, region, country.")
    n_sources: Series[f.INT] = f.n_sources("the place in that role")

    class Config:
        unique = ["operation_id", "location_id", "role"]


TABLE = TableSpec(
    name="operation_locations",
    model=OperationLocations,
    title="Places of operations",
    description=(
        "One row per place an operation's sources name and the role it plays (site, area, origin, "
        "destination, announced_at), with the link's precision and the number of sources."),
    primary_key=("operation_id", "location_id", "role"),
    foreign_keys=(
        ForeignKey(("operation_id",), "operations", ("operation_id",)),
        ForeignKey(("location_id",), "locations", ("location_id",)),
    ),
)
