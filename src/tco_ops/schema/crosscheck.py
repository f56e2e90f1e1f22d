"""Checks across tables: keys, foreign keys, and that every published value has a claim.

These run on the published DataFrames alone (plus the archived texts for the
quote check), so they check what users get, independently of how the build
reconciled it.
"""

from __future__ import annotations

import pandas as pd

from .. import vocab
from ..errors import Problem
from . import TABLES


def _p(table: str, message: str, value=None, fix: str = "") -> Problem:
    return Problem(f"<{table}>", None, message, value, fix)


def check_keys(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    out = []
    for name, spec in TABLES.items():
        df = frames[name]
        key = list(spec.primary_key)
        dup = df[df.duplicated(key, keep=False)]
        if len(dup):
            out.append(_p(name, f"duplicate primary key {key}", dup[key].head(3).to_dict("records"),
                          "ids must be unique: rename one of the entries in seeds/"))
        if df[key].isna().any().any():
            out.append(_p(name, f"null in primary key {key}", None, "every row needs its id"))
        for fk in spec.foreign_keys:
            cols = list(fk.fields)
            sub = df[cols].dropna()
            target = frames[fk.table][list(fk.reference)]
            known = set(map(tuple, target.astype(object).itertuples(index=False, name=None)))
            missing = [t for t in map(tuple, sub.astype(object).itertuples(index=False, name=None)) if t not in known]
            if missing:
                out.append(_p(name, f"{'/'.join(cols)} refers to {fk.table} rows that do not exist",
                              sorted(set(missing))[:5], f"add them to {fk.table} or fix the reference"))
    return out


def check_support(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every published value must be supported by at least one claim."""
    out: list[Problem] = []
    claims = frames["claims"]
    by = {k: g for k, g in claims.groupby(["operation_id", "field"], sort=False)}

    def claimed(op, field) -> pd.DataFrame:
        return by.get((op, field), claims.iloc[0:0])

    for op in frames["operations"].to_dict("records"):
        op_id = op["operation_id"]
        for measure in vocab.OPERATION_MEASURES:
            if measure == "arrested":
                continue
            out += _figure_support(f"operations[{op_id}].{measure}", op, measure, claimed(op_id, measure))
        dates = claimed(op_id, "date")
        if not _date_supported(op["date_start"], op["date_end"], dates["value"]):
            out.append(_p("operations", f"{op_id}: date {op['date_start']}..{op['date_end']} is not within any "
                          "date claim", None, "add the claim that supports it or change the decision"))
        if op["date_n_sources"] != dates["article_id"].nunique():
            out.append(_p("operations", f"{op_id}: date_n_sources disagrees with the claims",
                          op["date_n_sources"]))
        for col, field in (("target_organization_id", "target"), ("name", "name")):
            if not pd.isna(op[col]) and op[col] not in set(claimed(op_id, field)["value"]):
                out.append(_p("operations", f"{op_id}: {col} has no supporting {field} claim", op[col],
                              "add a claim or remove the value"))
    arrests = frames["arrests"]
    arrest_claims = {k: g for k, g in claims.dropna(subset=["arrest_id"]).groupby(["arrest_id", "field"])}
    for a in arrests.to_dict("records"):
        counts = arrest_claims.get((a["arrest_id"], "arrested"), claims.iloc[0:0])
        out += _figure_support(f"arrests[{a['arrest_id']}].count", a, "count", counts)
        for col, field in (("location_id", "arrested_location"), ("affiliation_organization_id", "arrested_affiliation"),
                           ("nationality", "arrested_nationality"), ("role", "arrested_role")):
            if not pd.isna(a[col]):
                values = set(arrest_claims.get((a["arrest_id"], field), claims.iloc[0:0])["value"])
                if a[col] not in values:
                    out.append(_p("arrests", f"{a['arrest_id']}: {col} has no supporting claim", a[col]))
    ops = frames["operations"].set_index("operation_id")
    sums = arrests.groupby("operation_id")[["count_best", "count_low", "count_high"]].sum(min_count=1)
    for op_id, op in ops.iterrows():
        for s in ("best", "low", "high"):
            expected = sums[f"count_{s}"].get(op_id, pd.NA)
            if not _same(op[f"arrested_{s}"], expected):
                out.append(_p("operations", f"{op_id}: arrested_{s} is not the sum of its arrest groups",
                              (op[f"arrested_{s}"], expected)))
    for table, field, col in (("operation_agencies", "agency", "agency_id"),
                              ("operation_locations", "location", "location_id")):
        for row in frames[table].to_dict("records"):
            cs = claimed(row["operation_id"], field)
            cs = cs[cs["value"] == row[col]]
            if cs.empty:
                out.append(_p(table, f"{row['operation_id']}/{row[col]} has no supporting claim", row[col]))
            elif field == "agency" and row["role"] not in set(cs["role"]):
                out.append(_p(table, f"{row['operation_id']}/{row[col]}: role {row['role']} is claimed by no source"))
            elif row["n_sources"] != cs["article_id"].nunique():
                out.append(_p(table, f"{row['operation_id']}/{row[col]}: n_sources disagrees with the claims"))
    return out


def _same(a, b) -> bool:
    return (pd.isna(a) and pd.isna(b)) or (not pd.isna(a) and not pd.isna(b) and int(a) == int(b))


def _figure_support(label: str, row: dict, prefix: str, cs: pd.DataFrame) -> list[Problem]:
    from ..build.reconcile import supports

    best, low, high, n = (row[f"{prefix}_{s}"] for s in ("best", "low", "high", "n_sources"))
    table = label.split("[")[0]
    if cs.empty:
        if not (pd.isna(best) and pd.isna(low) and pd.isna(high)) or n != 0:
            return [_p(table, f"{label}: published figure has no supporting claim", best,
                       "every figure must come from a claim in seeds/claims/")]
        return []
    pairs = [(int(v), q) for v, q in zip(cs["value"], cs["qualifier"])]
    out = []
    for what, value in (("best", best), ("low", low), ("high", high)):
        if pd.isna(value) or not any(supports(v, q, int(value)) for v, q in pairs):
            out.append(_p(table, f"{label}: {what} = {value} is supported by no claim", [v for v, _ in pairs]))
    if n != cs["article_id"].nunique():
        out.append(_p(table, f"{label}: n_sources = {n} but {cs['article_id'].nunique()} articles claim it"))
    return out


def _date_supported(start, end, values) -> bool:
    from ..build.dates import parse_period

    for v in values:
        p = parse_period(v)
        if p.start <= start and end <= p.end:
            return True
    return False


def check_quotes(claims: pd.DataFrame, texts: dict[str, str]) -> list[Problem]:
    """Every quote is exactly the archived text between its offsets."""
    out = []
    quoted = claims.dropna(subset=["quote"])
    for c in quoted.to_dict("records"):
        text = texts.get(c["article_id"])
        if text is None:
            out.append(_p("claims", f"{c['claim_id']}: quote from an article whose text is not archived"))
        elif pd.isna(c["char_start"]) or text[c["char_start"]:c["char_end"]] != c["quote"]:
            out.append(_p("claims", f"{c['claim_id']}: quote is not at its offsets",
                          (c["char_start"], c["char_end"])))
    unquoted = claims[claims["quote"].isna() & claims["char_start"].notna()]
    if len(unquoted):
        out.append(_p("claims", "offsets without a quote", unquoted["claim_id"].tolist()[:5]))
    return out


def check_all(frames: dict[str, pd.DataFrame], texts: dict[str, str]) -> list[Problem]:
    return check_keys(frames) + check_support(frames) + check_quotes(frames["claims"], texts)
