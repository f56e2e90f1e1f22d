from pandera.typing import Series

from .. import vocab
from . import _fields as f
from ._figures import with_figures
from ._table import ForeignKey, Model, TableSpec


class _Seizure(Model):
    """One row per kind of thing seized in an operation, in one unit."""

    seizure_id: Series[f.STRING] = f.slug(
        "Seizure id: `<operation_id>-<item>[-<drug>]-<unit>` (unit in lower case).", unique=True)
    operation_id: Series[f.STRING] = f.operation_id()
    item: Series[f.STRING] = f.enum(vocab.SEIZURE_ITEMS, "What was seized.")
    unit: Series[f.STRING] = f.text(
        "Unit of the quantity: items, rounds, kg, g, doses, or for cash an ISO 4217 currency code (USD, PEN…).",
        pattern=r"^(" + "|".join(vocab.SEIZURE_UNITS) + r"|[A-Z]{3})$")
    drug: Series[f.STRING] = f.enum(vocab.DRUGS, "For drugs, which drug; null otherwise.", nullable=True)


Seizures = with_figures("Seizures", _Seizure, {"quantity": "the quantity seized, in `unit`"})

TABLE = TableSpec(
    name="seizures",
    model=Seizures,
    title="Seizures",
    description=(
        "One row per item kind (and drug, and unit) seized in an operation, as a figure reconciled "
        "across sources like the operations' figures. Quantities in different units are separate rows; "
        "nothing is converted."),
    primary_key=("seizure_id",),
    foreign_keys=(ForeignKey(("operation_id",), "operations", ("operation_id",)),),
)
