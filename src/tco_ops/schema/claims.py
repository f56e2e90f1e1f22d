import pandera.pandas as pa
from pandera.typing import Series

from .. import vocab
from . import _fields as f
from ._table import ForeignKey, Model, TableSpec


class Claims(Model):
    """One row per value claimed by one source."""

    claim_id: Series[f.STRING] = f.slug(
        "Claim id: the article id and a hash of what is claimed, so it survives reordering.", unique=True)
    article_id: Series[f.STRING] = f.article_id()
    operation_id: Series[f.STRING] = f.operation_id()
    arrest_id: Series[f.STRING] = f.slug(
        "The arrest group, for arrest fields (→ arrests.arrest_id).", nullable=True)
    field: Series[f.STRING] = f.enum(vocab.CLAIM_FIELDS, "What is claimed.")
    value: Series[f.STRING] = f.text(
        "The claimed value, normalised: a count (the number as stated), an ISO 8601 date, week (2025-W06), "
        "month or interval, or the id of an agency, location or organization.")
    qualifier: Series[f.STRING] = f.enum(
        vocab.QUALIFIERS, "For counts, the source's words: exact, approximately, at_least, "
        "more_than, at_most or fewer_than.", nullable=True)
    role: Series[f.STRING] = f.enum(vocab.AGENCY_ROLES, "For agency claims, the agency's role.", nullable=True)
    location_role: Series[f.STRING] = f.enum(
        vocab.LOCATION_ROLES, "For location claims, the place's role (site unless stated).", nullable=True)
    item: Series[f.STRING] = f.enum(vocab.SEIZURE_ITEMS, "For seized claims, what was seized.", nullable=True)
    unit: Series[f.STRING] = f.text(
        "For seized claims, the unit (items, rounds, kg, g, doses or an ISO 4217 currency code).", nullable=True,
        pattern=r"^(" + "|".join(vocab.SEIZURE_UNITS) + r"|[A-Z]{3})$")
    drug: Series[f.STRING] = f.enum(vocab.DRUGS, "For seized drugs, which drug.", nullable=True)
    side: Series[f.STRING] = f.enum(vocab.CASUALTY_SIDES, "For killed and injured claims, whose people.",
                                    nullable=True)
    nationality: Series[f.STRING] = f.country_code(
        "For arrested_nationality_count claims, the nationality counted.", nullable=True)
    inferred: Series[f.BOOL] = f.flag("True when the curator derived the value rather than reading it.")
    quote: Series[f.STRING] = f.text("The words of the archived article that make the claim.", nullable=True)
    char_start: Series[f.INT] = pa.Field(ge=0, nullable=True, description=(
        "Offset (Unicode code points, NFC text) where the quote starts in the archived article."))
    char_end: Series[f.INT] = pa.Field(ge=0, nullable=True, description="Offset just past the quote's end.")
    note: Series[f.STRING] = f.note()


TABLE = TableSpec(
    name="claims",
    model=Claims,
    title="Claims",
    description=(
        "One row per value claimed by one source about one operation: the provenance of every "
        "published figure. Claims from the archived article carry the quote and its character "
        "offsets; claims from cited sources carry none. Claims that lose to a curator decision stay here."),
    primary_key=("claim_id",),
    foreign_keys=(
        ForeignKey(("article_id",), "articles", ("article_id",)),
        ForeignKey(("operation_id",), "operations", ("operation_id",)),
        ForeignKey(("arrest_id",), "arrests", ("arrest_id",)),
    ),
)
