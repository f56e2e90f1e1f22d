import pandera.pandas as pa
from pandera.typing import Series

from .. import vocab
from . import _fields as f
from ._figures import with_figures
from ._table import ForeignKey, Model, TableSpec

MEASURES = {
    "arrested": "people arrested (the sum over the operation's arrest groups)",
    "personnel": "officers deployed",
    "sites": "properties or premises raided or identified",
    "persons_targeted": "people the operation set out to arrest",
    "charged": "people charged or indicted",
    "victims_rescued": "victims rescued or freed, adults and minors",
    "minors_rescued": "minors among the victims rescued",
    "minors_in_network": "minors the targeted network is said to exploit (not a rescue count)",
}
assert tuple(MEASURES) == vocab.OPERATION_MEASURES


class _Operation(Model):
    """One row per real-world operation."""

    operation_id: Series[f.STRING] = f.operation_id(key=True)
    name: Series[f.STRING] = f.text("Official name, where one is reported.", nullable=True)
    summary: Series[f.STRING] = f.text("What happened, in our own words.", nullable=True)
    date_start: Series[f.DATE] = pa.Field(description="First day of the best date (the event, never the publication).")
    date_end: Series[f.DATE] = pa.Field(description="Last day of the best date; equals date_start for a single day.")
    date_precision: Series[f.STRING] = f.enum(vocab.DATE_PRECISIONS, "Precision of the best date.")
    date_n_sources: Series[f.INT] = f.n_sources("a date")
    date_conflict: Series[f.BOOL] = f.flag("True when the claimed dates cannot all be true (no day lies in every one).")
    date_inferred: Series[f.BOOL] = f.flag(
        "True when the best date was derived by the curator (a weekday relative to publication, "
        "a year from the dateline) rather than printed.")
    country_code: Series[f.STRING] = f.country_code("Country where the operation acted (ISO 3166-1 alpha-2).")
    location_precision: Series[f.STRING] = f.enum(
        vocab.LOCATION_KINDS, "Kind of the finest place the sources name (see operation_locations).", nullable=True)
    target_organization_id: Series[f.STRING] = f.slug(
        "The most specific organization targeted (→ organizations.organization_id).", nullable=True)
    target_n_sources: Series[f.INT] = pa.Field(ge=0, description="Number of source articles that name a target.")
    target_conflict: Series[f.BOOL] = f.flag("True when sources name targets that are not on one parent chain.")
    n_sources: Series[f.INT] = f.n_sources("anything about the operation")
    n_claims: Series[f.INT] = pa.Field(ge=1, description="Number of claims about the operation.")
    single_source: Series[f.BOOL] = f.flag("True when one article is the only source.")
    weak_sourcing: Series[f.BOOL] = f.flag("True when the curator judges the sourcing weak (see note).")
    note: Series[f.STRING] = f.note()


Operations = with_figures("Operations", _Operation, MEASURES)

TABLE = TableSpec(
    name="operations",
    model=Operations,
    title="Operations",
    description=(
        "One row per real-world law-enforcement operation, reconciled across every source that "
        "reports it. Each figure comes as best/low/high with the number of sources and a conflict "
        "flag; dates carry their precision and a conflict flag. Every value is supported by rows "
        "of the claims table."),
    primary_key=("operation_id",),
    foreign_keys=(ForeignKey(("target_organization_id",), "organizations", ("organization_id",)),),
)
