from pandera.typing import Series

from .. import vocab
from . import _fields as f
from ._table import ForeignKey, Model, TableSpec


class OperationAgencies(Model):
    """One row per agency taking part in an operation."""

    operation_id: Series[f.STRING] = f.operation_id()
    agency_id: Series[f.STRING] = f.slug("The agency (→ agencies.agency_id).")
    role: Series[f.STRING] = f.enum(
        vocab.AGENCY_ROLES, "lead, support, participant (role not stated) or announced (made it public).")
    participation: Series[f.STRING] = f.enum(
        vocab.PARTICIPATIONS, "domestic when the agency belongs to the operation's country, foreign when to another, international for a body of no one country (Interpol).")
    n_sources: Series[f.INT] = f.n_sources("the agency's part")
    role_conflict: Series[f.BOOL] = f.flag("True when sources give the agency different roles.")

    class Config:
        unique = ["operation_id", "agency_id"]


TABLE = TableSpec(
    name="operation_agencies",
    model=OperationAgencies,
    title="Agencies in operations",
    description=(
        "One row per agency and operation: the agency's role (lead, support, participant, "
        "announced), whether it is domestic or foreign to the operation, how many sources say so, and "
        "whether they disagree. The most specific unit is listed: a body is left out when a unit of it "
        "is claimed for the same operation with every role the body is claimed with (its claims stay "
        "in the claims table; parents stay reachable through agencies.parent_agency_id)."),
    primary_key=("operation_id", "agency_id"),
    foreign_keys=(
        ForeignKey(("operation_id",), "operations", ("operation_id",)),
        ForeignKey(("agency_id",), "agencies", ("agency_id",)),
    ),
)
