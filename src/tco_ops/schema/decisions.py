from pandera.typing import Series

from .. import vocab
from . import _fields as f
from ._table import ForeignKey, Model, TableSpec


class Decisions(Model):
    """One row per curator decision."""

    decision_id: Series[f.STRING] = f.slug("`<operation_id>-<field>[-<subject>]`.", unique=True)
    operation_id: Series[f.STRING] = f.operation_id()
    field: Series[f.STRING] = f.enum(vocab.CLAIM_FIELDS, "The claim field decided.")
    subject: Series[f.STRING] = f.slug(
        "The arrest group (arrest_id) or agency (agency_id) decided, where the field needs one.", nullable=True)
    value: Series[f.STRING] = f.text("The value chosen as best, normalised like claims.value.")
    reason: Series[f.STRING] = f.text("Why, in the curator's own words.")


TABLE = TableSpec(
    name="decisions",
    model=Decisions,
    title="Curator decisions",
    description=(
        "One row per curator decision: where sources disagree, which claimed value is published "
        "as best, and why. Values without a decision follow the documented default rules."),
    primary_key=("decision_id",),
    foreign_keys=(ForeignKey(("operation_id",), "operations", ("operation_id",)),),
)
