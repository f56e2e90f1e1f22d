"""One page per operation: what, when, where, who; every figure with the claims behind it; decisions."""

from __future__ import annotations

from .. import vocab
from .html import dl, esc, ext_link, num, page, table

QUALIFIER_WORDS = {"exact": "exactly", "approximately": "about", "at_least": "at least", "more_than": "more than",
                   "at_most": "at most", "fewer_than": "fewer than"}
PRECISION_WORDS = {"day": "to the day", "span": "a span of days", "week": "to the week", "month": "to the month",
                   "year": "to the year"}


def measure_names() -> dict[str, str]:
    from ..schema.operations import MEASURES  # the one place each figure's meaning is written

    return MEASURES


def stated(value, qualifier) -> str:
    words = QUALIFIER_WORDS.get(qualifier or "", "")
    return f"{words} {value}".strip() if words and words != "exactly" else str(value)


def claim_item(data, claim, up: str, show=None) -> str:
    """One claim: what it says, and the source (outlet, date) it comes from, linked."""
    art = data.articles.get(claim["article_id"], {})
    what = show(claim) if show else stated(claim["value"], claim.get("qualifier"))
    when = art.get("published_date")
    source = ext_link(art.get("url"), art.get("publisher") or claim["article_id"])
    extra = " <span class=\"muted\">(derived by the curator)</span>" if claim.get("inferred") else ""
    quote = f' — “{esc(claim["quote"])}”' if claim.get("quote") else ""
    return (f"<li><strong>{esc(what)}</strong>{extra} — {source}{', ' + esc(when) if when else ''} "
            f'<a class="muted" href="{up}sources.html#a-{esc(claim["article_id"])}">[record]</a>{quote}</li>')


def claims_list(data, claims, up, show=None) -> str:
    if not claims:
        return '<span class="muted">no claim</span>'
    return '<ul class="claims">' + "".join(claim_item(data, c, up, show) for c in claims) + "</ul>"


def figure_row(name, row, prefix, claims_html, data_id) -> tuple[list[str], str]:
    best, low, high = row.get(f"{prefix}_best"), row.get(f"{prefix}_low"), row.get(f"{prefix}_high")
    conflict = row.get(f"{prefix}_conflict")
    cells = [esc(name), f'<span class="best">{num(best)}</span>', f'<span class="low">{num(low)}</span>–'
             f'<span class="high">{num(high)}</span>', esc(QUALIFIER_WORDS.get(row.get(f"{prefix}_qualifier"), "—")),
             esc(row.get(f"{prefix}_n_sources")) + (' <span class="conflict">sources disagree</span>' if conflict else ""),
             claims_html]
    return cells, f' id="fig-{esc(data_id)}"'


FIG_HEADERS = ["Figure", "Best", "Low–high", "As stated", "Sources", "Claims behind it"]


def _by(claims, **match):
    return [c for c in claims if all(c.get(k) == v for k, v in match.items())]


def figures_section(data, op, claims, up) -> str:
    rows, attrs = [], []
    for arrest in data.arrests_by_op.get(op["operation_id"], []):
        group = arrest.get("group") or "main"
        name = f"People arrested ({group})" if group != "main" else "People arrested"
        cells, a = figure_row(name, arrest, "count",
                              claims_list(data, _by(claims, field="arrested", arrest_id=arrest["arrest_id"]), up),
                              f"arrested-{group}")
        rows.append(cells)
        attrs.append(a)
    names = measure_names()
    for m in vocab.OPERATION_MEASURES:
        if op.get(f"{m}_best") is None and not op.get(f"{m}_n_sources"):
            continue
        label = "Total arrested" if m == "arrested" else names[m][0].upper() + names[m][1:]
        cl = [] if m == "arrested" else _by(claims, field=m)
        cells, a = figure_row(label, op, m, claims_list(data, cl, up) if cl else
                              ('<span class="muted">sum of the arrest groups above</span>' if m == "arrested"
                               else claims_list(data, cl, up)), m)
        rows.append(cells)
        attrs.append(a)
    for s in data.seizures_by_op.get(op["operation_id"], []):
        what = f"Seized: {s['item']}" + (f" ({s['drug']})" if s.get("drug") else "") + f", in {s['unit']}"
        cl = _by(claims, field="seized", item=s["item"], unit=s["unit"], drug=s.get("drug"))
        cells, a = figure_row(what, s, "quantity", claims_list(data, cl, up), s["seizure_id"])
        rows.append(cells)
        attrs.append(a)
    for c in data.casualties_by_op.get(op["operation_id"], []):
        cl = _by(claims, field=c["outcome"], side=c["side"])
        cells, a = figure_row(f"{c['outcome'].capitalize()}: {c['side']}", c, "count", claims_list(data, cl, up),
                              f"{c['outcome']}-{c['side']}")
        rows.append(cells)
        attrs.append(a)
    for arrest in data.arrests_by_op.get(op["operation_id"], []):
        for nat in data.nationalities_by_arrest.get(arrest["arrest_id"], []):
            cl = _by(claims, field="arrested_nationality_count", arrest_id=arrest["arrest_id"],
                     nationality=nat["nationality"])
            cells, a = figure_row(f"Arrested of nationality {nat['nationality']} ({arrest.get('group') or 'main'})",
                                  nat, "count", claims_list(data, cl, up),
                                  f"nat-{arrest.get('group') or 'main'}-{nat['nationality']}")
            rows.append(cells)
            attrs.append(a)
    if not rows:
        return "<h2>Figures</h2><p>No source gives a figure for this operation.</p>"
    return ("<h2>Figures</h2><p>Each figure is the number as the sources state it: <em>best</em> is the curator's "
            "decision or the value most independent sources give; low–high spans every stated value.</p>"
            + table(FIG_HEADERS, rows, cls="figures", row_attrs=attrs))


def _place(data, lid) -> str:
    loc = data.locations.get(lid, {})
    return esc(loc.get("name") or lid)


def render(data, op) -> str:
    up = "../"
    oid = op["operation_id"]
    claims = data.claims_by_op.get(oid, [])
    date = esc(op.get("date_start"))
    if op.get("date_end") and op.get("date_end") != op.get("date_start"):
        date += f" to {esc(op['date_end'])}"
    date += f" ({esc(PRECISION_WORDS.get(op.get('date_precision'), op.get('date_precision') or 'unknown'))})"
    if op.get("date_conflict"):
        date += ' <span class="conflict">sources disagree</span>'
    announced = ""
    if op.get("announced_date"):
        announced = f"{esc(op['announced_date'])} ({esc(PRECISION_WORDS.get(op.get('announced_date_precision'), ''))})"
    org = data.orgs.get(op.get("target_organization_id"))
    target = ""
    if org:
        target = f'<a href="{up}organizations/{esc(org["organization_id"])}.html">{esc(org["name"])}</a> ({esc(org["kind"])})'
        parent = data.orgs.get(org.get("parent_organization_id"))
        if parent:
            target += (f', part of <a href="{up}organizations/{esc(parent["organization_id"])}.html">'
                       f'{esc(parent["name"])}</a>')
    series = data.series.get(op.get("series_id"))
    facts = dl([
        ("Kind", esc(op.get("kind"))),
        ("Official name", esc(op.get("name"))),
        ("Country", f'<a href="{up}countries/{esc(op.get("country_code"))}.html">'
                    f'{esc(data.country_name(op.get("country_code")))}</a>'),
        ("Action date", date),
        ("Announced", announced),
        ("Target", target),
        ("Series", f"{esc(series['name'])}, phase {esc(op.get('phase'))}" if series else ""),
        ("Finest site", esc(op.get("location_precision"))),
        ("Sources", f"{esc(op.get('n_sources'))} articles, {esc(op.get('n_claims'))} claims"
                    + (" — single source" if op.get("single_source") else "")),
        ("Note", esc(op.get("note"))),
    ])
    parts = [f"<h1>{esc(op.get('label') or oid)}</h1>",
             f"<p class=\"summary\">{esc(op.get('summary') or 'No summary.')}</p>", facts,
             "<h2>Dates</h2>", "<h3>Action date claimed</h3>", claims_list(data, _by(claims, field="date"), up)]
    if _by(claims, field="announced"):
        parts += ["<h3>Announcement date claimed</h3>", claims_list(data, _by(claims, field="announced"), up)]
    place_rows = [[_place(data, p["location_id"]), esc(p.get("role") or "site"), esc(p.get("precision")),
                   esc(p.get("n_sources")),
                   claims_list(data, [c for c in claims if c["field"] == "location" and c["value"] == p["location_id"]
                                      and (c.get("location_role") or "site") == (p.get("role") or "site")], up,
                               show=lambda c: data.locations.get(c["value"], {}).get("name", c["value"]))]
                  for p in data.places_by_op.get(oid, [])]
    parts += ["<h2>Places</h2>", table(["Place", "Role", "Precision", "Sources", "Claims"], place_rows)
              if place_rows else "<p>No place reported.</p>"]
    agency_rows = []
    for a in data.agencies_by_op.get(oid, []):
        ag = data.agencies.get(a["agency_id"], {})
        name = ag.get("name") or a["agency_id"]
        if ag.get("acronym"):
            name += f" ({ag['acronym']})"
        agency_rows.append([esc(name), esc(a.get("role")) + (' <span class="conflict">sources disagree</span>'
                                                             if a.get("role_conflict") else ""),
                            esc(a.get("participation")), esc(ag.get("country_code")), esc(ag.get("level")),
                            esc(a.get("n_sources"))])
    parts += ["<h2>Agencies</h2>", table(["Agency", "Role", "Participation", "Country", "Level", "Sources"],
                                         agency_rows) if agency_rows else "<p>No agency reported.</p>"]
    parts.append(figures_section(data, op, claims, up))
    decisions = data.decisions_by_op.get(oid, [])
    parts.append("<h2>Conflicts and the curator's decisions</h2>")
    conflicts = [m for m in vocab.OPERATION_MEASURES if op.get(f"{m}_conflict")]
    if op.get("date_conflict"):
        conflicts.insert(0, "date")
    if op.get("target_conflict"):
        conflicts.append("target")
    parts.append(f"<p>Sources disagree on: {esc(', '.join(conflicts))}.</p>" if conflicts
                 else "<p>The sources of this operation's figures agree.</p>")
    if decisions:
        parts.append(table(["Field", "Subject", "Published value", "Reason"],
                           [[esc(d["field"]), esc(d.get("subject")), esc(d["value"]), esc(d["reason"])]
                            for d in decisions], cls="decisions"))
    return page(op.get("label") or oid, "\n".join(parts), 1, "operations.html", data.version,
                description=f"Operation {oid}: figures with their sources")
