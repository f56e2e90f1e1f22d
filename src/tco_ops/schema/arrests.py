from pandera.typing import Series

from .. import vocab
from . import _fields as f
from ._figures import with_figures
from ._table import ForeignKey, Model, TableSpec


class _Arrest(Model):
    """One row per group of people arrested together in an operation."""

    arrest_id: Series[f.STRING] = f.slug("Arrest-group id: `<operation_id>-<group>`.", unique=True)
    operation_id: Series[f.STRING] = f.operation_id()
    group: Series[f.STRING] = f.slug("The group's name within its operation (`main` by default).")
    location_id: Series[f.STRING] = f.slug(
        "Where the group was arrested (→ locations.location_id), where reported.", nullable=True)
    affiliation_organization_id: Series[f.STRING] = f.slug(
        "Organization the sources say the group belongs to (→ organizations.organization_id).", nullable=True)
    nationality: Series[f.STRING] = f.text(
        "ISO 3166-1 alpha-2 codes of the nationalities reported in the group, comma-separated and sorted.",
        nullable=True, pattern=r"^[A-Z]{2}(,[A-Z]{2})*$")
    role: Series[f.STRING] = f.enum(
        vocab.ARREST_ROLES, "Role in the organization, for leader captures; never a name.", nullable=True)
    n_sources: Series[f.INT] = f.n_sources("anything about the group")


Arrests = with_figures("Arrests", _Arrest, {"count": "people arrested in the group"})

TABLE = TableSpec(
    name="arrests",
    model=Arrests,
    title="Arrest groups",
    description=(
        "One row per group of people arrested together in an operation: how many (best/low/high "
        "across sources), where, their reported affiliation and nationalities, and a role for "
        "leader captures. No names of arrested people are recorded."),
    primary_key=("arrest_id",),
    foreign_keys=(
        ForeignKey(("operation_id",), "operations", ("operation_id",)),
        ForeignKey(("location_id",), "locations", ("location_id",)),
        ForeignKey(("affiliation_organization_id",), "organizations", ("organization_id",)),
    ),
)
