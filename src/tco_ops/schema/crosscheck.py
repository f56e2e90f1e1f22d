"""Checks across tables: keys, foreign keys, and that every published value has a claim.

These run on the published DataFrames alone (plus the archived texts for the
quote check), so they check what users get, independently of how the build
reconciled it.
"""

from __future__ import annotations

import pandas as pd

from .. import vocab
from ..build.dates import parse_period
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
    """Every published value must be supported by at least one claim.

    Vectorised (merges, not per-row lookups) so it stays fast at 50,000 articles.
    """
    claims = frames["claims"]
    ops, arrests = frames["operations"], frames["arrests"]
    out: list[Problem] = []
    counts = _count_bounds(claims[claims["field"].isin(vocab.COUNT_FIELDS)])

    # -- figures: operations' measures (arrested is checked as a sum below) and arrest-group counts
    measures = [m for m in vocab.OPERATION_MEASURES if m != "arrested"]
    op_long = _figures_long(ops, "operation_id", {m: m for m in measures})
    ar_long = _figures_long(arrests.rename(columns={"arrest_id": "subject"}), "subject", {"count": "arrested"})
    out += _check_figures("operations", op_long, counts.rename(columns={"operation_id": "key"}))
    arrest_counts = counts[counts["field"] == "arrested"].dropna(subset=["arrest_id"])
    out += _check_figures("arrests", ar_long, arrest_counts.rename(columns={"arrest_id": "key"}))
    out += _check_outcomes(frames, claims, counts)

    # -- dates: the best action date and the announcement date each lie within a claim of their field
    for field, start_col, end_col in (("date", "date_start", "date_end"), ("announced", "announced_date", None)):
        dates = claims[claims["field"] == field][["operation_id", "article_id", "value"]]
        periods = {v: parse_period(v) for v in dates["value"].unique()}
        dates = dates.assign(start=dates["value"].map(lambda v: periods[v].start),
                             end=dates["value"].map(lambda v: periods[v].end))
        published = ops[["operation_id", start_col, end_col or start_col]].dropna().astype(object)
        published.columns = ["operation_id", "a", "b"]
        merged = published.merge(dates, on="operation_id", how="left")
        merged["ok"] = [s is not None and s == s and s <= a and b <= e
                        for a, b, s, e in zip(merged["a"], merged["b"], merged["start"], merged["end"])]
        for op_id in sorted(set(merged["operation_id"]) - set(merged.loc[merged["ok"], "operation_id"])):
            out.append(_p("operations", f"{op_id}: the published {start_col} is not within any {field} claim", None,
                          "add the claim that supports it or change the decision"))
        if field == "announced":
            claimed_ops = set(dates["operation_id"])
            for op_id in sorted(claimed_ops - set(published["operation_id"])):
                out.append(_p("operations", f"{op_id}: sources claim an announcement date but none is published"))
    dates = claims[claims["field"] == "date"][["operation_id", "article_id", "value"]]
    out += _compare_counts("operations", ops.set_index("operation_id")["date_n_sources"],
                           dates.groupby("operation_id")["article_id"].nunique(), "date_n_sources")

    # -- single values that must equal a claimed value
    for frame, key, col, field, table in (
        (ops, "operation_id", "target_organization_id", "target", "operations"),
        (ops, "operation_id", "name", "name", "operations"),
        (arrests, "arrest_id", "location_id", "arrested_location", "arrests"),
        (arrests, "arrest_id", "affiliation_organization_id", "arrested_affiliation", "arrests"),
        (arrests, "arrest_id", "nationality", "arrested_nationality", "arrests"),
        (arrests, "arrest_id", "role", "arrested_role", "arrests"),
    ):
        claim_key = "operation_id" if key == "operation_id" else "arrest_id"
        published = frame[[key, col]].dropna().rename(columns={key: "k", col: "value"})
        claimed = claims.loc[claims["field"] == field, [claim_key, "value"]].rename(columns={claim_key: "k"})
        missing = published.merge(claimed.drop_duplicates(), on=["k", "value"], how="left", indicator=True)
        for row in missing[missing["_merge"] == "left_only"].itertuples():
            out.append(_p(table, f"{row.k}: {col} has no supporting {field} claim", row.value,
                          "add a claim or remove the value"))

    # -- an operation's arrests are the sum of its arrest groups
    sums = arrests.groupby("operation_id")[["count_best", "count_low", "count_high"]].sum(min_count=1)
    joined = ops.set_index("operation_id").join(sums, how="left")
    for s in ("best", "low", "high"):
        a, b = joined[f"arrested_{s}"], joined[f"count_{s}"]
        bad = ~((a.isna() & b.isna()) | (a == b).fillna(False))
        for op_id in joined.index[bad]:
            out.append(_p("operations", f"{op_id}: arrested_{s} is not the sum of its arrest groups",
                          (a[op_id], b[op_id])))

    # -- link tables: each row has a claim (with the published role), and n_sources counts them
    for table, field, col, keys in (("operation_agencies", "agency", "agency_id", ["operation_id", "agency_id"]),
                                    ("operation_locations", "location", "location_id",
                                     ["operation_id", "location_id", "location_role"])):
        links = frames[table]
        if field == "location":
            links = links.rename(columns={"role": "location_role"})
        cs = claims.loc[claims["field"] == field, ["operation_id", "value", "article_id", "role", "location_role"]]
        cs = cs.rename(columns={"value": col})
        n = cs.groupby(keys)["article_id"].nunique().rename("claimed")
        joined = links.set_index(keys).join(n, how="left")
        for key in joined.index[joined["claimed"].isna()]:
            out.append(_p(table, f"{key[0]}/{key[1]} has no supporting claim", key[1]))
        for key in joined.index[joined["claimed"].notna() & (joined["claimed"] != joined["n_sources"])]:
            out.append(_p(table, f"{key[0]}/{key[1]}: n_sources disagrees with the claims"))
        if field == "agency":
            roles = links.merge(cs[["operation_id", col, "role"]].drop_duplicates(),
                                on=["operation_id", col, "role"], how="left", indicator=True)
            for row in roles[roles["_merge"] == "left_only"].itertuples():
                out.append(_p(table, f"{row.operation_id}/{getattr(row, col)}: role {row.role} is claimed by no source"))
    return out


def _count_bounds(counts: pd.DataFrame) -> pd.DataFrame:
    """Each count claim as the interval [low, high] of values it supports: the stated number and,
    for an open qualifier, every number on its side (infinite where the source is open)."""
    import numpy as np

    v = counts["value"].astype("int64").to_numpy()
    q = counts["qualifier"].to_numpy(dtype=object)
    low = np.where(np.isin(q, ["at_most", "fewer_than"]), -np.inf, v)
    high = np.where(np.isin(q, ["at_least", "more_than"]), np.inf, v)
    cols = ["operation_id", "arrest_id", "field", "article_id", "item", "unit", "drug", "side", "nationality"]
    return counts[cols].assign(low=low, high=high, stated=v, qualifier=q)


def _check_outcomes(frames: dict[str, pd.DataFrame], claims: pd.DataFrame, counts: pd.DataFrame) -> list[Problem]:
    """Seizures, casualties and nationality counts: each figure within its claims, and every
    outcome claim published in a row."""
    out: list[Problem] = []
    s = counts[counts["field"] == "seized"]
    drug = s["drug"].astype(object).where(s["drug"].notna(), None)
    s = s.assign(key=[("-".join(p for p in (o, i, d.replace("_", "-") if d else None, u.lower()) if p))
                      for o, i, d, u in zip(s["operation_id"], s["item"], drug, s["unit"])])
    c = counts[counts["field"].isin(vocab.CASUALTY_OUTCOMES)]
    c = c.assign(key=c["operation_id"] + "|" + c["field"] + "|" + c["side"])
    n = counts[counts["field"] == "arrested_nationality_count"]
    n = n.assign(key=n["arrest_id"] + "|" + n["nationality"])
    seizures, casualties, nats = frames["seizures"], frames["casualties"], frames["arrest_nationalities"]
    for table, frame, key, part, field in (
        ("seizures", seizures.assign(k=seizures["seizure_id"]), "k", s, "seized"),
        ("casualties", casualties.assign(k=casualties["operation_id"] + "|" + casualties["outcome"] + "|"
                                         + casualties["side"]), "k", c, None),
        ("arrest_nationalities", nats.assign(k=nats["arrest_id"] + "|" + nats["nationality"]), "k", n,
         "arrested_nationality_count"),
    ):
        long = _figures_long(frame, key, {("quantity" if table == "seizures" else "count"): "x"})
        part = part.assign(field="x", key=part["key"].astype(object)).rename(columns={"key": "k"})
        part = part.drop(columns=["operation_id"])
        out += _check_figures(table, long, part.rename(columns={"k": "key"}))
        for k in sorted(set(part["k"]) - set(frame[key])):
            out.append(_p(table, f"{k}: claimed but not published", None, "the build should publish every outcome"))
    return out


def _figures_long(frame: pd.DataFrame, key: str, prefixes: dict[str, str]) -> pd.DataFrame:
    """(key, field, what, value, n_sources) for each published figure column."""
    parts = []
    for prefix, field in prefixes.items():
        for what in ("best", "low", "high"):
            part = pd.DataFrame({"key": frame[key].to_numpy(), "field": field, "what": what,
                                 "value": frame[f"{prefix}_{what}"].astype("Float64").to_numpy(dtype=float,
                                                                                               na_value=float("nan")),
                                 "n_sources": frame[f"{prefix}_n_sources"].to_numpy(dtype="int64")})
            parts.append(part)
    return pd.concat(parts, ignore_index=True)


def _check_figures(table: str, figures: pd.DataFrame, counts: pd.DataFrame) -> list[Problem]:
    out = []
    claimed_n = counts.groupby(["key", "field"])["article_id"].nunique().rename("claimed_n")
    figures = figures.join(claimed_n, on=["key", "field"])
    figures["claimed_n"] = figures["claimed_n"].fillna(0).astype("int64")
    present = figures[figures["value"].notna()]
    for row in figures[figures["value"].isna() & (figures["claimed_n"] > 0) & (figures["what"] == "best")].itertuples():
        out.append(_p(table, f"{row.key}.{row.field}: sources claim a value but none is published"))
    merged = present.merge(counts[["key", "field", "low", "high"]], on=["key", "field"], how="left")
    merged["ok"] = (merged["low"] <= merged["value"]) & (merged["value"] <= merged["high"])
    supported = merged.groupby(["key", "field", "what"], sort=False)["ok"].any()
    for (key, field, what) in supported.index[~supported.to_numpy()]:
        value = present.loc[(present["key"] == key) & (present["field"] == field) & (present["what"] == what),
                            "value"].iloc[0]
        out.append(_p(table, f"{key}.{field}: {what} = {value:g} is supported by no claim", None,
                      "every figure must come from a claim in seeds/claims/"))
    first = figures[figures["what"] == "best"]
    for row in first[first["n_sources"] != first["claimed_n"]].itertuples():
        out.append(_p(table, f"{row.key}.{row.field}: n_sources = {row.n_sources} but {row.claimed_n} "
                      "articles claim it"))
    return out


def _compare_counts(table: str, published: pd.Series, claimed: pd.Series, column: str) -> list[Problem]:
    joined = published.to_frame("published").join(claimed.rename("claimed"), how="left").fillna({"claimed": 0})
    bad = joined[joined["published"] != joined["claimed"]]
    return [_p(table, f"{key}: {column} = {row.published} but {int(row.claimed)} articles claim a date")
            for key, row in bad.iterrows()]


def check_quotes(claims: pd.DataFrame, texts: dict[str, str]) -> list[Problem]:
    """Every quote is exactly the archived text between its offsets."""
    out = []
    quoted = claims[claims["quote"].notna()]
    columns = (quoted[c].tolist() for c in ("claim_id", "article_id", "quote", "char_start", "char_end"))
    for claim_id, article_id, quote, start, end in zip(*columns):
        text = texts.get(article_id)
        if text is None:
            out.append(_p("claims", f"{claim_id}: quote from an article whose text is not archived"))
        elif start is pd.NA or text[start:end] != quote:
            out.append(_p("claims", f"{claim_id}: quote is not at its offsets", (start, end)))
    unquoted = claims[claims["quote"].isna() & claims["char_start"].notna()]
    if len(unquoted):
        out.append(_p("claims", "offsets without a quote", unquoted["claim_id"].tolist()[:5]))
    return out


def check_all(frames: dict[str, pd.DataFrame], texts: dict[str, str]) -> list[Problem]:
    return check_keys(frames) + check_support(frames) + check_quotes(frames["claims"], texts)
