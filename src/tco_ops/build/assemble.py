"""Reconcile resolved claims into the rows of every published table."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from .. import vocab
from ..errors import Problem
from . import external_ids, outcomes
from . import reconcile as rc
from .inputs import Seeds
from .outcomes import put_figure as _put_figure
from .resolve import Claim, Decision, Reference

_KIND_RANK = {k: i for i, k in enumerate(vocab.LOCATION_KINDS)}


@dataclass
class Conflict:
    """One disagreement between sources, and how it was settled."""

    operation_id: str
    field: str
    subject: str | None
    values: dict[str, list[str]]  # claimed value → article ids
    best: str
    decision: str | None  # the curator's reason, or None when the default rule applied


@dataclass
class Assembled:
    rows: dict[str, list[dict]]
    conflicts: list[Conflict] = field(default_factory=list)


def assemble(seeds: Seeds, ref: Reference, claims: list[Claim], decisions: list[Decision],
             problems: list[Problem]) -> Assembled:
    out = Assembled(rows={name: [] for name in (
        "articles", "agencies", "locations", "organizations", "series", "operations", "arrests",
        "arrest_nationalities", "operation_agencies", "operation_locations", "seizures", "casualties",
        "claims", "decisions")})
    problems.extend(external_ids.check_locations(ref))  # ISO 3166-2 codes against pycountry
    out.rows["articles"] = [_article_row(a) for a in seeds.articles.values()]
    out.rows["agencies"] = [_ref_row(e, "agency") for e in ref.entries["agency"].values()]
    out.rows["locations"] = [_ref_row(e, "location") for e in ref.entries["location"].values()]
    out.rows["organizations"] = [_ref_row(e, "organization") for e in ref.entries["organization"].values()]
    out.rows["series"] = [_ref_row(e, "series") for e in ref.entries.get("series", {}).values()]

    support = {a.article_id: rc.Support(a.article_id, a.origin, a.published.end if a.published else None)
               for a in seeds.articles.values()}
    by_op: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by_op[c.operation_id].append(c)
    decided = {(d.operation_id, d.field, d.subject): d for d in decisions}
    used: set[tuple] = set()

    def decision(op_id, fld, subject=None):
        key = (op_id, fld, subject)
        if key in decided:
            used.add(key)
            return decided[key]
        return None

    earlier_problems = bool(problems)  # then a missing claim may just be one that failed to read
    for op_id, op in seeds.operations.items():
        op_claims = by_op.get(op_id, [])
        if not op_claims:
            if earlier_problems:
                continue
            problems.append(Problem(op.file, 1, "no claims refer to this operation", op_id,
                                    "add claims with `operation: " + op_id + "` or delete the file"))
            continue
        try:
            tables = _operation(op, op_claims, ref, support, decision, out.conflicts)
        except _OpProblem as exc:
            problems.append(Problem(exc.file or op.file, exc.line or 1, exc.message, exc.value, exc.fix))
            continue
        for name, rows in tables.items():
            out.rows[name].extend(rows)

    for key, d in decided.items():
        if key not in used:
            problems.append(Problem(d.file, d.line, "decision about a field no source claims", d.field,
                                    "remove the decision, or check its field, group or agency"))
    out.rows["claims"] = [_claim_row(c) for c in claims]
    out.rows["decisions"] = [
        {"decision_id": d.decision_id, "operation_id": d.operation_id, "field": d.field,
         "subject": d.subject, "value": d.value, "reason": d.reason} for d in decisions]
    return out


class _OpProblem(Exception):
    def __init__(self, message, value=None, fix="", file=None, line=None):
        self.message, self.value, self.fix, self.file, self.line = message, value, fix, file, line


def _checked(fn, d: Decision | None, *args, **kwargs):
    """Run a reconcile function, turning an unsupported decision into a located problem."""
    try:
        return fn(*args, **kwargs)
    except rc.UnsupportedDecision as exc:
        raise _OpProblem(f"decision for {d.field} is not supported by any claim: {exc}", d.value,
                         "choose a value some source claims (see claims table), or fix the claim",
                         d.file, d.line) from None


def _operation(op, claims: list[Claim], ref: Reference, support, decision, conflicts: list[Conflict]):
    op_id = op.operation_id
    by_field: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by_field[c.field].append(c)

    if op.kind is None:  # its problem is already reported
        raise _OpProblem("operation has no kind", op_id, "add `kind:` to the operation file", op.file, 1)
    if op.series is not None and op.series not in ref.entries.get("series", {}):
        raise _OpProblem("operation names a series that does not exist", op.series,
                         "add it to seeds/reference/series.yaml or fix `series:`", op.file, 1)

    def record_conflict(fld, subject, cs: list[Claim], best: str, d: Decision | None):
        values: dict[str, list[str]] = defaultdict(list)
        for c in cs:
            label = f"{c.role}" if fld == "agency" else (
                f"{c.value} ({c.qualifier})" if c.qualifier not in (None, "exact") else c.value)
            if c.article_id not in values[label]:
                values[label].append(c.article_id)
        conflicts.append(Conflict(op_id, fld, subject, dict(sorted(values.items())), best,
                                  d.reason if d else None))

    # -- date
    if not by_field["date"]:
        raise _OpProblem("operation has no date claim", op_id, "add a `date` claim from at least one source")
    d = decision(op_id, "date")
    date = _checked(rc.reconcile_dates, d,
                    [rc.DateClaim(c.period, c.inferred, support[c.article_id]) for c in by_field["date"]],
                    d.period if d else None)
    if date.conflict:
        record_conflict("date", None, by_field["date"], date.period.text, d)
    announced = None
    if by_field["announced"]:
        d = decision(op_id, "announced")
        announced = _checked(rc.reconcile_dates, d, [rc.DateClaim(c.period, c.inferred, support[c.article_id])
                                                     for c in by_field["announced"]], d.period if d else None)
        if announced.conflict:
            record_conflict("announced", None, by_field["announced"], announced.period.text, d)

    # -- places and country: only `site` places say where it acted
    places, finest = [], None
    loc_entries = ref.entries["location"]
    for loc_id, role in sorted({(c.value, c.location_role) for c in by_field["location"]}):
        n = len({c.article_id for c in by_field["location"] if c.value == loc_id and c.location_role == role})
        entry = loc_entries[loc_id]
        places.append({"operation_id": op_id, "location_id": loc_id, "role": role,
                       "precision": vocab.PLACE_PRECISION_OF_KIND[entry.attrs["kind"]], "n_sources": n})
        if role == "site":
            rank = _KIND_RANK[entry.attrs["kind"]]
            finest = entry.attrs["kind"] if finest is None or rank > _KIND_RANK[finest] else finest
    sites = sorted({p["location_id"] for p in places if p["role"] == "site"})
    countries = {loc_entries[i].attrs["country_code"] for i in sites or {p["location_id"] for p in places}}
    if op.country:
        country = op.country
    elif len(countries) == 1:
        country = countries.pop()
    elif not countries:
        raise _OpProblem("operation has no location claim, so its country is unknown", op_id,
                         "add a `location` claim, or `country:` in the operation file")
    else:
        raise _OpProblem(f"operation's places span several countries: {', '.join(sorted(countries))}", op_id,
                         "set `country:` in the operation file to the country where it acted")

    # -- agencies: the most specific unit that took part
    agencies = []
    agency_entries = ref.entries["agency"]
    covered = _covered_parents(by_field["agency"], ref.parents("agency"))
    for agency_id in sorted({c.value for c in by_field["agency"]}):
        if agency_id in covered and decision(op_id, "agency", agency_id) is None:
            continue
        cs = [c for c in by_field["agency"] if c.value == agency_id]
        d = decision(op_id, "agency", agency_id)
        # "participant" (took part, role not stated) agrees with any stated role, as a gang
        # agrees with its faction: only stated roles vote when there are any.
        voting = [c for c in cs if c.role != "participant"] or cs
        choice = _checked(rc.reconcile_choice, d, [(c.role, support[c.article_id]) for c in voting],
                          d.value if d else None, order=vocab.AGENCY_ROLES)
        if d is not None and d.value == "participant":  # a decision may still choose the unspecific role
            choice = _checked(rc.reconcile_choice, d, [(c.role, support[c.article_id]) for c in cs], d.value)
        choice = rc.Choice(choice.best, len({c.article_id for c in cs}), choice.conflict)
        home = agency_entries[agency_id].attrs["country_code"]
        participation = "international" if home is None else "domestic" if home == country else "foreign"
        agencies.append({"operation_id": op_id, "agency_id": agency_id, "role": choice.best,
                         "participation": participation,
                         "n_sources": choice.n_sources, "role_conflict": choice.conflict})
        if choice.conflict:
            record_conflict("agency", agency_id, cs, choice.best, d)

    # -- target
    target = None
    if by_field["target"]:
        d = decision(op_id, "target")
        target = _checked(rc.reconcile_target, d, [(c.value, support[c.article_id]) for c in by_field["target"]],
                          ref.parents("organization"), d.value if d else None)
        if target.conflict:
            record_conflict("target", None, by_field["target"], target.best, d)

    # -- name
    name = None
    if by_field["name"]:
        d = decision(op_id, "name")
        choice = _checked(rc.reconcile_choice, d, [(c.value, support[c.article_id]) for c in by_field["name"]],
                          d.value if d else None)
        name = choice.best
        if choice.conflict:
            record_conflict("name", None, by_field["name"], name, d)
    if op.name and op.name != name:
        raise _OpProblem("the operation file's `name` differs from the name its sources claim", op.name,
                         f"claimed: {name!r}; add a `name` claim or a `name` decision", op.file, 1)

    # -- figures
    origins = {support[c.article_id].origin for c in claims}
    row = {"operation_id": op_id, "label": _label(sites, loc_entries, country, date.period.text, op.kind),
           "name": name, "kind": op.kind, "series_id": op.series, "phase": op.phase, "summary": op.summary,
           "date_start": date.period.start, "date_end": date.period.end,
           "date_precision": date.period.precision, "date_n_sources": date.n_sources,
           "date_conflict": date.conflict, "date_inferred": date.inferred,
           "announced_date": announced.period.start if announced else None,
           "announced_date_precision": announced.period.precision if announced else None,
           "country_code": country, "location_precision": finest,
           "target_organization_id": target.best if target else None,
           "target_n_sources": target.n_sources if target else 0,
           "target_conflict": target.conflict if target else False,
           "n_sources": len({c.article_id for c in claims}), "n_claims": len(claims),
           "single_source": len(origins) == 1,
           "weak_sourcing": op.weak_sourcing, "note": op.note}
    for measure in vocab.OPERATION_MEASURES:
        if measure == "arrested":
            continue
        cs = by_field[measure]
        d = decision(op_id, measure)
        fig = _checked(rc.reconcile_counts, d, [rc.CountClaim(c.count, c.qualifier, support[c.article_id]) for c in cs],
                       d.count if d else None)
        _put_figure(row, measure, fig)
        if fig.conflict:
            record_conflict(measure, None, cs, str(fig.best), d)

    # -- arrest groups
    arrests = []
    groups = sorted({c.arrest_id for c in claims if c.arrest_id})
    for arrest_id in groups:
        cs = [c for c in claims if c.arrest_id == arrest_id]
        arow = {"arrest_id": arrest_id, "operation_id": op_id, "group": arrest_id.removeprefix(op_id + "-"),
                "n_sources": len({c.article_id for c in cs})}
        counts = [c for c in cs if c.field == "arrested"]
        d = decision(op_id, "arrested", arrest_id)
        fig = _checked(rc.reconcile_counts, d,
                       [rc.CountClaim(c.count, c.qualifier, support[c.article_id]) for c in counts],
                       d.count if d else None)
        _put_figure(arow, "count", fig)
        if fig.conflict:
            record_conflict("arrested", arrest_id, counts, str(fig.best), d)
        for fld, column in (("arrested_location", "location_id"),
                            ("arrested_affiliation", "affiliation_organization_id"),
                            ("arrested_nationality", "nationality"), ("arrested_role", "role")):
            attr = [c for c in cs if c.field == fld]
            if not attr:
                arow[column] = None
                continue
            d = decision(op_id, fld, arrest_id)
            pairs = [(c.value, support[c.article_id]) for c in attr]
            if fld == "arrested_affiliation":  # a faction is a more precise claim than its gang
                choice = _checked(rc.reconcile_target, d, pairs, ref.parents("organization"), d.value if d else None)
            else:
                choice = _checked(rc.reconcile_choice, d, pairs, d.value if d else None)
            arow[column] = choice.best
            if choice.conflict:
                record_conflict(fld, arrest_id, attr, choice.best, d)
        arrests.append(arow)
    total = _sum_figures([a for a in arrests], [c for c in claims if c.field == "arrested"])
    _put_figure(row, "arrested", total)
    return {"operations": [row], "arrests": arrests, "operation_agencies": agencies, "operation_locations": places,
            "seizures": outcomes.seizures(op_id, claims, support, record_conflict),
            "casualties": outcomes.casualties(op_id, claims, support, record_conflict),
            "arrest_nationalities": outcomes.nationalities(claims, support, record_conflict)}


def _covered_parents(agency_claims: list[Claim], parent: dict[str, str | None]) -> set[str]:
    """Bodies to leave out because a unit of theirs is listed: every role a body is claimed with
    (`participant` aside) is also claimed for one of its units. A ministry that `announced` while
    its police unit led stays; a police force listed beside its own directorate does not."""
    roles: dict[str, set[str]] = defaultdict(set)
    for c in agency_claims:
        roles[c.value].add(c.role)
    covered = set()
    for body in roles:
        units = [a for a in roles if a != body and body in _ancestors(a, parent)]
        if not units:
            continue
        stated = roles[body] - {"participant"}
        if stated <= set().union(*(roles[u] for u in units)):
            covered.add(body)
    return covered


def _ancestors(node: str, parent: dict[str, str | None]) -> list[str]:
    chain, seen = [], {node}
    while (node := parent.get(node)) is not None and node not in seen:
        seen.add(node)
        chain.append(node)
    return chain


def _label(sites: list[str], entries: dict, country: str, date_text: str, kind: str) -> str:
    """'<finest place common to the sites>, <country> · <action date> · <kind>'; never a person."""
    parent = {i: e.parent for i, e in entries.items()}
    chains = [[s, *_ancestors(s, parent)] for s in sites]
    common = [p for p in chains[0] if all(p in ch for ch in chains[1:])] if chains else []
    place = next((p for p in common if entries[p].attrs["kind"] != "country"), None)
    where = country if place is None else f"{re.sub(r' *[(][a-z][^)]*[)]$', '', entries[place].name)}, {country}"
    return f"{where} · {date_text} · {kind}"


def _sum_figures(arrests: list[dict], count_claims: list[Claim]) -> rc.Figure:
    """An operation's arrests are the sum of its groups' (groups without a count add nothing)."""
    counted = [a for a in arrests if a["count_best"] is not None]
    if not counted:
        return rc.Figure.empty()
    return rc.Figure(
        best=sum(a["count_best"] for a in counted), low=sum(a["count_low"] for a in counted),
        high=sum(a["count_high"] for a in counted), n_sources=len({c.article_id for c in count_claims}),
        conflict=any(a["count_conflict"] for a in counted),
        qualifier=rc.combine_qualifiers([a["count_qualifier"] for a in counted]))


def _article_row(a) -> dict:
    return {"article_id": a.article_id, "url": a.url, "title": a.title, "publisher": a.publisher, "wire": a.wire,
            "published_date": a.published.start if a.published else None,
            "published_precision": a.published.precision if a.published else None,
            "published_basis": a.published_basis, "language": a.language, "byline": a.byline,
            "archived": a.archived, "rights": a.rights, "text_sha256": a.text_sha256,
            "n_chars": len(a.text) if a.text is not None else None, "note": a.note}


def _ref_row(e, kind: str) -> dict:
    if kind == "series":
        return {"series_id": e.id, "name": e.name, **e.attrs}
    id_col = {"agency": "agency_id", "location": "location_id", "organization": "organization_id"}[kind]
    parent_col = {"agency": "parent_agency_id", "location": "parent_location_id",
                  "organization": "parent_organization_id"}[kind]
    return {id_col: e.id, "name": e.name, parent_col: e.parent, **e.attrs}


def _claim_row(c: Claim) -> dict:
    return {"claim_id": c.claim_id, "article_id": c.article_id, "operation_id": c.operation_id,
            "arrest_id": c.arrest_id, "field": c.field, "value": c.value, "qualifier": c.qualifier,
            "role": c.role, "location_role": c.location_role, "item": c.item, "unit": c.unit, "drug": c.drug,
            "side": c.side, "nationality": c.nationality, "inferred": c.inferred, "quote": c.quote, "char_start": c.char_start,
            "char_end": c.char_end, "note": c.note}
