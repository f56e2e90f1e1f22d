from pandera.typing import Series

from .. import vocab
from . import _fields as f
from ._table import ForeignKey, Model, TableSpec


class Agencies(Model):
    """One row per agency or government body."""

    agency_id: Series[f.STRING] = f.slug("Agency id, chosen once and never changed.", unique=True)
    name: Series[f.STRING] = f.text("Name, in the agency's own language.")
    acronym: Series[f.STRING] = f.text("Usual acronym, if any.", nullable=True)
    country_code: Series[f.STRING] = f.country_code(
        "ISO 3166-1 alpha-2 code of the country the agency belongs to; empty for an intergovernmental body.",
        nullable=True)
    kind: Series[f.STRING] = f.enum(
        vocab.AGENCY_KINDS, "What sort of body it is; `ngo` and `intergovernmental` set bodies that are not "
        "a government's apart.")
    level: Series[f.STRING] = f.enum(
        vocab.AGENCY_LEVELS, "Level of government it belongs to: national, state (or province, region), local, "
        "or international. A field office has its agency's level.")
    parent_agency_id: Series[f.STRING] = f.slug(
        "The body it belongs to (→ agencies.agency_id), e.g. HSI → ICE → DHS.", nullable=True)
    wikidata_id: Series[f.STRING] = f.wikidata_id()
    note: Series[f.STRING] = f.note()


TABLE = TableSpec(
    name="agencies",
    model=Agencies,
    title="Agencies",
    description=(
        "One row per law-enforcement agency, ministry, prosecutor's office, embassy, other "
        "government body or non-governmental organization named by a source, with the chain of bodies it belongs to. Spellings "
        "used by sources (including misspellings) are resolved to these ids when the dataset is built."),
    primary_key=("agency_id",),
    foreign_keys=(ForeignKey(("parent_agency_id",), "agencies", ("agency_id",)),),
)
