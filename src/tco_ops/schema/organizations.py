from pandera.typing import Series

from .. import vocab
from . import _fields as f
from ._table import ForeignKey, Model, TableSpec


class Organizations(Model):
    """One row per criminal organization, faction or cell."""

    organization_id: Series[f.STRING] = f.slug("Organization id, chosen once and never changed.", unique=True)
    name: Series[f.STRING] = f.text("Name most sources use.")
    kind: Series[f.STRING] = f.enum(vocab.ORGANIZATION_KINDS, "gang, faction (a named branch of a gang) or cell.")
    parent_organization_id: Series[f.STRING] = f.slug(
        "The gang a faction or cell belongs to (→ organizations.organization_id); "
        "null for gangs, including rivals.", nullable=True)
    country_code: Series[f.STRING] = f.country_code("ISO 3166-1 alpha-2 code of the country of origin.", nullable=True)
    wikidata_id: Series[f.STRING] = f.wikidata_id()
    note: Series[f.STRING] = f.note()


TABLE = TableSpec(
    name="organizations",
    model=Organizations,
    title="Criminal organizations",
    description=(
        "One row per criminal organization: gangs, their named factions and cells, each linked to "
        "the gang it belongs to. Operations name the most specific organization their sources target."),
    primary_key=("organization_id",),
    foreign_keys=(ForeignKey(("parent_organization_id",), "organizations", ("organization_id",)),),
)
