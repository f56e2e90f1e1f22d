from pandera.typing import Series

from . import _fields as f
from ._figures import with_figures
from ._table import ForeignKey, Model, TableSpec


class _ArrestNationality(Model):
    """One row per nationality counted in an arrest group."""

    arrest_id: Series[f.STRING] = f.slug("The arrest group (→ arrests.arrest_id).")
    nationality: Series[f.STRING] = f.country_code("ISO 3166-1 alpha-2 code of the nationality.")

    class Config:
        unique = ["arrest_id", "nationality"]


ArrestNationalities = with_figures("ArrestNationalities", _ArrestNationality,
                                   {"count": "people of that nationality in the group"})

TABLE = TableSpec(
    name="arrest_nationalities",
    model=ArrestNationalities,
    title="Nationalities of arrest groups",
    description=(
        "One row per arrest group and nationality where sources give a count (e.g. 12 Venezuelan and "
        "11 Peruvian), as a reconciled figure. Nationalities reported without counts are listed in "
        "arrests.nationality."),
    primary_key=("arrest_id", "nationality"),
    foreign_keys=(ForeignKey(("arrest_id",), "arrests", ("arrest_id",)),),
)
