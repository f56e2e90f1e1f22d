from pandera.typing import Series

from .. import vocab
from . import _fields as f
from ._figures import with_figures
from ._table import ForeignKey, Model, TableSpec


class _Casualty(Model):
    """One row per outcome (killed or injured) and side in an operation."""

    operation_id: Series[f.STRING] = f.operation_id()
    outcome: Series[f.STRING] = f.enum(vocab.CASUALTY_OUTCOMES, "killed or injured during the action.")
    side: Series[f.STRING] = f.enum(vocab.CASUALTY_SIDES, "Whose people: suspects, officers or bystanders.")

    class Config:
        unique = ["operation_id", "outcome", "side"]


Casualties = with_figures("Casualties", _Casualty, {"count": "people killed or injured on that side"})

TABLE = TableSpec(
    name="casualties",
    model=Casualties,
    title="Casualties",
    description=(
        "One row per operation, outcome (killed, injured) and side (suspects, officers, bystanders) that "
        "a source reports, as a reconciled figure. A long table rather than 36 mostly empty operation "
        "columns: few operations report casualties, and sums by side or outcome are one group-by. "
        "No row means no source reports it, not zero."),
    primary_key=("operation_id", "outcome", "side"),
    foreign_keys=(ForeignKey(("operation_id",), "operations", ("operation_id",)),),
)
