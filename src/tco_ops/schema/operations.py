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
    "confirmed_members": "people detained whom the authorities confirm as members of the target",
    "convicted": "people convicted, where the operation's own sources report it",
    "extradited": "people extradited",
}
assert tuple(MEASURES) == vocab.OPERATION_MEASURES


class _Operation(Model):
    """One row per real-world operation."""

    operation_id: Series[f.STRING] = f.operation_id(key=True)
    label: Series[f.STRING] = f.text(
        "Display label generated from the finest common place of its sites, the country, the action date "
        "and the kind, e.g. 'Lima, PE · 2025-02-07 · raid'. Never a person's name; not unique.")
    name: Series[f.STRING] = f.text("Official name, where one is reported.", nullable=True)
    kind: Series[f.STRING] = f.enum(
        vocab.OPERATION_KINDS, "What sort of action it was (one-line tests in seeds/README.md).")
    series_id: Series[f.STRING] = f.slug(
        "The case it is a phase of (→ series.series_id), e.g. Tren del Norte I–IV.", nullable=True)
    phase: Series[f.INT] = pa.Field(ge=1, nullable=True, description="Its phase number within the series.")
    summary: Series[f.STRING] = f.text("What happened, in our own words.", nullable=True)
    date_start: Series[f.DATE] = pa.Field(description=(
        "First day of the best action date (when the raid or capture happened; never the publication). "
        "Bin by this date when counting per year."))
    date_end: Series[f.DATE] = pa.Field(description="Last day of the best action date; equals date_start for a single day.")
    date_precision: Series[f.STRING] = f.enum(
        vocab.DATE_PRECISIONS, "Precision of the best action date; `span` for several days.")
    date_n_sources: Series[f.INT] = f.n_sources("an action date")
    date_conflict: Series[f.BOOL] = f.flag("True when the claimed dates cannot all be true (no day lies in every one).")
    date_inferred: Series[f.BOOL] = f.flag(
        "True when the best date was derived by the curator (a weekday relative to publication, "
        "a year from the dateline) rather than printed.")
    announced_date: Series[f.DATE] = pa.Field(nullable=True, description=(
        "When an authority announced the operation or it was first reported, where a source says so "
        "(first day of the period)."))
    announced_date_precision: Series[f.STRING] = f.enum(
        vocab.DATE_PRECISIONS, "Precision of announced_date.", nullable=True)
    country_code: Series[f.STRING] = f.country_code("Country where the operation acted (ISO 3166-1 alpha-2).")
    location_precision: Series[f.STRING] = f.enum(
        vocab.LOCATION_KINDS, "Kind of the finest `site` place the sources name (see operation_locations); "
        "null when none is named as a site.", nullable=True)
    target_organization_id: Series[f.STRING] = f.slug(
        "The most specific organization targeted (→ organizations.organization_id).", nullable=True)
    target_n_sources: Series[f.INT] = pa.Field(ge=0, description="Number of source articles that name a target.")
    target_conflict: Series[f.BOOL] = f.flag("True when sources name targets that are not on one parent chain.")
    n_sources: Series[f.INT] = f.n_sources("anything about the operation")
    n_claims: Series[f.INT] = pa.Field(ge=1, description="Number of claims about the operation.")
    single_source: Series[f.BOOL] = f.flag(
        "True when all its claims come from one independent origin (the wire a page relays, else its "
        "publisher): five outlets relaying one wire story are one source.")
    weak_sourcing: Series[f.BOOL] = f.flag("True when the curator judges the sourcing weak (see note).")
    note: Series[f.STRING] = f.note()


Operations = with_figures("Operations", _Operation, MEASURES)

TABLE = TableSpec(
    name="operations",
    model=Operations,
    title="Operations",
    description=(
        "One row per real-world law-enforcement operation, reconciled across every source that "
        "reports it: its kind, the action date and the announcement date, where it acted, the case "
        "(series) it is a phase of, and its figures. Each figure comes as best/low/high with the "
        "qualifier of the stated number, the number of sources and a conflict flag; dates carry their "
        "precision and a conflict flag. Every value is supported by rows of the claims table."),
    primary_key=("operation_id",),
    foreign_keys=(ForeignKey(("target_organization_id",), "organizations", ("organization_id",)),
                  ForeignKey(("series_id",), "series", ("series_id",))),
)
