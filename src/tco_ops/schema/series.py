from pandera.typing import Series

from . import _fields as f
from ._table import Model, TableSpec


class OperationSeries(Model):
    """One row per case whose operations are numbered phases."""

    series_id: Series[f.STRING] = f.slug("Series id, chosen once and never changed.", unique=True)
    name: Series[f.STRING] = f.text("Name of the case or of its operations, without the phase number.")
    country_code: Series[f.STRING] = f.country_code("Country of the case (ISO 3166-1 alpha-2).")
    note: Series[f.STRING] = f.note()


TABLE = TableSpec(
    name="series",
    model=OperationSeries,
    title="Series of operations",
    description=(
        "One row per case whose operations are phases of one investigation (Tren del Norte I–IV); "
        "operations link to it with series_id and phase."),
    primary_key=("series_id",),
)
