"""Home, the operations list with its filter, and the country and organization pages."""

from __future__ import annotations

from . import charts, filter_index, worldmap
from .html import esc, num, page, table


def ops_table(data, ops, up: str, table_id: str | None = None) -> str:
    rows, attrs = [], []
    for op in ops:
        oid = op["operation_id"]
        rows.append([esc(op.get("date_start")),
                     f'<a href="{up}operations/{esc(oid)}.html">{esc(op.get("label") or oid)}</a>',
                     esc(op.get("kind")), esc(data.country_name(op.get("country_code"))),
                     esc(data.org_name(op.get("target_organization_id"))),
                     num(op.get("arrested_best")) + (f' <span class="muted">({num(op.get("arrested_low"))}–'
                                                     f'{num(op.get("arrested_high"))})</span>'
                                                     if op.get("arrested_low") != op.get("arrested_high") else "")])
        attrs.append(f' data-id="{esc(oid)}"')
    html = table(["Date", "Operation", "Kind", "Country", "Target", "Arrested"], rows, row_attrs=attrs)
    if table_id:
        html = html.replace("<table>", f'<table id="{table_id}">', 1)
    return html


def time_chart(data, ops, chart_id, title, by_country=True, width=720, height=240) -> str:
    key = (lambda op: op.get("country_code") or "unknown") if by_country else (lambda op: "operations")
    months, series, counts = charts.monthly(ops, key)
    names = {cc: data.country_name(cc) for cc in series} if by_country else {}
    desc = (f"{len(ops)} operations from {charts.month_label(months[0])} to {charts.month_label(months[-1])}"
            if months else "no dated operations")
    svg = charts.bars_svg(months, series, counts, title, desc, width=width, height=height, chart_id=chart_id)
    legend = charts.legend(series, names) if by_country else ""
    return svg + legend + charts.data_table(months, series, counts, names, caption=title)


def map_places(data) -> tuple[list[dict], list[dict]]:
    """(site places with their operations, operations with no site place)."""
    by_loc: dict[str, dict] = {}
    has_site = set()
    for op in data.ops:
        for link in data.places_by_op.get(op["operation_id"], []):
            if (link.get("role") or "site") != "site":
                continue
            has_site.add(op["operation_id"])
            loc = data.locations.get(link["location_id"], {})
            place = by_loc.setdefault(link["location_id"], {
                "location_id": link["location_id"], "name": loc.get("name") or link["location_id"],
                "lat": loc.get("latitude"), "lon": loc.get("longitude"), "precision": link.get("precision"),
                "country": loc.get("country_code") or op.get("country_code"), "ops": []})
            place["ops"].append((op["operation_id"], op.get("label") or op["operation_id"]))
    places = sorted(by_loc.values(), key=lambda p: (p["country"] or "", p["name"], p["location_id"]))
    return places, [op for op in data.ops if op["operation_id"] not in has_site]


def home(data) -> str:
    best, low, high = data.arrests_totals()
    from .. import vocab

    # international waters (XZ) are where an action happened, not a country
    states = [cc for cc in data.countries if cc not in vocab.NON_STATE_COUNTRY_CODES]
    at_sea = "" if len(states) == len(data.countries) else " (and international waters)"
    stats = [("operations", num(len(data.ops)), "operations"), ("countries", num(len(states)), f"countries{at_sea}"),
             ("arrested", f'<span class="best">{num(best)}</span>', f'people arrested (best; range '
              f'<span class="low">{num(low)}</span>–<span class="high">{num(high)}</span>)'),
             ("sources", num(len(data.articles)), "source articles")]
    places, unplaced = map_places(data)
    place_rows = [[esc(p["name"]), esc(p["precision"]), esc(data.country_name(p["country"])), str(len(p["ops"])),
                   "yes" if p["lat"] is not None else "no (no coordinates)"] for p in places]
    latest = data.ops[::-1][:10]
    body = [
        "<h1>Law-enforcement operations against transnational criminal organizations</h1>",
        f"<p>Release <strong>{esc(data.version)}</strong>. Every figure links to the sources that claimed it; "
        "where sources disagree, both the range and the curator's decision are shown.</p>",
        '<ul class="stats">' + "".join(f'<li id="stat-{k}"><span class="n">{v}</span>{label}</li>'
                                       for k, v, label in stats) + "</ul>",
        '<p class="buttons"><a href="downloads.html#files">Download the data</a>'
        '<a href="downloads.html#cite">Cite this release</a></p>',
        '<h2 id="map">Where operations acted</h2>',
        worldmap.map_svg(places, ""), worldmap.map_legend(),
        "<details><summary>Every place on the map, as a table</summary>"
        + table(["Place", "Precision", "Country", "Operations", "On the map"], place_rows) + "</details>",
        (f"<p>{len(unplaced)} operation{'s' if len(unplaced) != 1 else ''} name no site and are not on the map: "
         + ", ".join(f'<a href="operations/{esc(op["operation_id"])}.html">{esc(op.get("label"))}</a>'
                     for op in unplaced) + ".</p>") if unplaced else "",
        '<h2 id="timeline">Operations per month, by country</h2>',
        time_chart(data, data.ops, "timeline", "Operations per month, by country"),
        "<h2>Latest operations</h2>", ops_table(data, latest, ""),
        '<p><a href="operations.html">All operations, with a filter</a></p>',
    ]
    return page("Home", "\n".join(body), 0, "index.html", data.version,
                description="Law-enforcement operations against transnational criminal organizations")


def operations(data) -> str:
    selects = "".join(f'<label>{label}<select name="{name}"><option value="">all</option></select></label>'
                      for name, label in (("country", "Country"), ("year", "Year"), ("kind", "Kind"),
                                          ("organization", "Organization")))
    body = ["<h1>Operations</h1>",
            f"<p>{len(data.ops)} operations, oldest first. Filter them by country, year, kind and targeted "
            "organization (needs JavaScript; without it the whole list shows).</p>",
            f'<form id="ops-filter" class="filter" hidden aria-controls="ops-table">{selects}'
            '<button type="reset">Show all</button></form>',
            '<p id="ops-count" role="status" aria-live="polite"></p>',
            ops_table(data, data.ops, "", table_id="ops-table"),
            filter_index.script_tag(data),
            '<script src="assets/filter.js"></script>']
    return page("Operations", "\n".join(body), 0, "operations.html", data.version)


def countries(data) -> str:
    rows = []
    for cc in data.countries:
        ops = data.ops_of_country(cc)
        rows.append([f'<a href="countries/{esc(cc)}.html">{esc(data.country_name(cc))}</a>', str(len(ops)),
                     num(sum(op.get("arrested_best") or 0 for op in ops))])
    body = ["<h1>Countries</h1>", table(["Country", "Operations", "Arrested (sum of best)"], rows)]
    return page("Countries", "\n".join(body), 0, "countries.html", data.version)


def country(data, cc) -> str:
    ops = data.ops_of_country(cc)
    name = data.country_name(cc)
    body = [f"<h1>{esc(name)}</h1>", f"<p>{len(ops)} operations.</p>", "<h2>Over time</h2>",
            time_chart(data, ops, "chart", f"Operations per month in {name}", by_country=False, width=480,
                       height=140),
            "<h2>Operations</h2>", ops_table(data, ops, "../")]
    return page(name, "\n".join(body), 1, "countries.html", data.version)


def organizations(data) -> str:
    rows = []
    for oid, org in sorted(data.orgs.items(), key=lambda kv: (kv[1]["name"], kv[0])):
        parent = data.orgs.get(org.get("parent_organization_id"))
        rows.append([f'<a href="organizations/{esc(oid)}.html">{esc(org["name"])}</a>', esc(org.get("kind")),
                     esc(parent["name"]) if parent else "", str(len(data.ops_of_org(oid)))])
    body = ["<h1>Organizations</h1>",
            "<p>Operations count the organization and its factions and cells.</p>",
            table(["Organization", "Kind", "Part of", "Operations"], rows)]
    return page("Organizations", "\n".join(body), 0, "organizations.html", data.version)


def organization(data, oid) -> str:
    org = data.orgs[oid]
    ops = data.ops_of_org(oid)
    parent = data.orgs.get(org.get("parent_organization_id"))
    children = sorted((o for o in data.orgs.values() if o.get("parent_organization_id") == oid),
                      key=lambda o: (o["name"], o["organization_id"]))
    facts = [f"<p>{esc(org.get('kind'))}" + (f", part of <a href=\"{esc(parent['organization_id'])}.html\">"
                                            f"{esc(parent['name'])}</a>" if parent else "") + ".</p>"]
    if org.get("note"):
        facts.append(f"<p>{esc(org['note'])}</p>")
    if children:
        facts.append("<p>Factions and cells: " + ", ".join(
            f'<a href="{esc(c["organization_id"])}.html">{esc(c["name"])}</a>' for c in children) + ".</p>")
    body = [f"<h1>{esc(org['name'])}</h1>", *facts,
            f"<p>{len(ops)} operations targeted it or its factions and cells.</p>", "<h2>Over time</h2>",
            time_chart(data, ops, "chart", f"Operations per month against {org['name']}", by_country=False,
                       width=480, height=140),
            "<h2>Operations</h2>", ops_table(data, ops, "../")]
    return page(org["name"], "\n".join(body), 1, "organizations.html", data.version)
