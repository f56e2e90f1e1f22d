"""The published tables, read once into plain rows and indexed the ways the pages need.

Rows are dicts (pyarrow's to_pylist): a column a release does not have reads as
None through row.get(), so an older downloaded release still renders.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from ..errors import DataNotFoundError, TcoOpsError

_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


class UnsafeIdError(TcoOpsError):
    """An id that would become a file name is not a slug (the published tables are damaged)."""


def page_id(value: str, what: str) -> str:
    """Ids become file names: only slugs (or country codes) pass, so no id can name a path outside the site."""
    text = str(value)
    if not (_SLUG.match(text) or _COUNTRY.match(text)):
        raise UnsafeIdError(f"{what} id {text!r} is not a slug ([a-z0-9-]) and cannot name a page; "
                            "the published tables are damaged: run `tco-ops validate`")
    return text


def _group(rows, key) -> dict:
    out = defaultdict(list)
    for row in rows:
        out[row.get(key)].append(row)
    return out


class SiteData:
    def __init__(self, folder: Path):
        from .. import loader

        self.folder = Path(folder)
        if not (self.folder / "datapackage.json").is_file() or not (self.folder / "dataset").is_dir():
            raise DataNotFoundError(f"no published tables at {self.folder} (datapackage.json and dataset/); "
                                    "run `tco-ops build`, or `tco-ops download VERSION` for --version")
        # Through the loader: datapackage.json and every table checked against their SHA-256, so a
        # damaged, missing or HTML-for-Parquet file is a clear error, never a page built from part of it.
        src = loader.source(self.folder)
        self.package = src.package.raw
        self.version = str(self.package.get("version", "unknown"))
        self.t: dict[str, list[dict]] = {name: loader.read_arrow(src, name).to_pylist() for name in src.package.names}
        for name in ("operations", "articles", "claims", "locations", "organizations", "agencies"):
            if name not in self.t:
                raise DataNotFoundError(f"table {name!r} is missing from {self.folder / 'dataset'}; "
                                        "the site needs it: rebuild or re-download the release")
        get = self.t.get
        self.ops = sorted(self.t["operations"], key=lambda r: (r.get("date_start") or _far(), r["operation_id"]))
        for op in self.ops:
            page_id(op["operation_id"], "operation")
        self.op_by_id = {r["operation_id"]: r for r in self.ops}
        self.articles = {r["article_id"]: r for r in self.t["articles"]}
        self.locations = {r["location_id"]: r for r in self.t["locations"]}
        self.orgs = {r["organization_id"]: r for r in self.t["organizations"]}
        for oid in self.orgs:
            page_id(oid, "organization")
        self.agencies = {r["agency_id"]: r for r in self.t["agencies"]}
        self.series = {r["series_id"]: r for r in get("series", [])}
        claims = sorted(self.t["claims"], key=lambda c: (c["operation_id"], c["field"], c["article_id"], c["claim_id"]))
        self.claims_by_op = _group(claims, "operation_id")
        self.decisions_by_op = _group(sorted(get("decisions", []), key=lambda d: d["decision_id"]), "operation_id")
        self.places_by_op = _group(sorted(get("operation_locations", []),
                                          key=lambda r: (r["operation_id"], r.get("role") or "", r["location_id"])),
                                   "operation_id")
        self.agencies_by_op = _group(sorted(get("operation_agencies", []),
                                            key=lambda r: (r["operation_id"], r["agency_id"])), "operation_id")
        self.arrests_by_op = _group(sorted(get("arrests", []), key=lambda r: r["arrest_id"]), "operation_id")
        self.seizures_by_op = _group(sorted(get("seizures", []), key=lambda r: r["seizure_id"]), "operation_id")
        self.casualties_by_op = _group(sorted(get("casualties", []), key=lambda r: (r["operation_id"], r["outcome"],
                                                                                      r["side"])), "operation_id")
        self.nationalities_by_arrest = _group(sorted(get("arrest_nationalities", []),
                                                     key=lambda r: (r["arrest_id"], r["nationality"])), "arrest_id")
        ops_of_article = defaultdict(set)
        for c in claims:
            ops_of_article[c["article_id"]].add(c["operation_id"])
        self.ops_of_article = {a: sorted(s) for a, s in ops_of_article.items()}
        self.country_names = {r["country_code"]: r["name"] for r in self.t["locations"] if r.get("kind") == "country"}
        self.countries = sorted({op["country_code"] for op in self.ops if op.get("country_code")})
        for cc in self.countries:
            page_id(cc, "country")

    # -- lookups ---------------------------------------------------------------------------------
    def country_name(self, cc) -> str:
        return self.country_names.get(cc) or str(cc or "unknown")

    def org_name(self, oid) -> str:
        org = self.orgs.get(oid)
        return org["name"] if org else str(oid or "")

    def org_descendants(self, oid) -> set[str]:
        """The organization and every faction or cell below it."""
        children = _group(self.orgs.values(), "parent_organization_id")
        out, todo = set(), [oid]
        while todo:
            cur = todo.pop()
            if cur in out:
                continue
            out.add(cur)
            todo.extend(c["organization_id"] for c in children.get(cur, []))
        return out

    def ops_of_country(self, cc) -> list[dict]:
        return [op for op in self.ops if op.get("country_code") == cc]

    def ops_of_org(self, oid) -> list[dict]:
        family = self.org_descendants(oid)
        return [op for op in self.ops if op.get("target_organization_id") in family]

    def arrests_totals(self) -> tuple[int, int, int]:
        """Sum of operations' arrested best/low/high over the operations that report it."""
        rows = [op for op in self.ops if op.get("arrested_best") is not None]
        return (sum(op["arrested_best"] for op in rows), sum(op.get("arrested_low") or op["arrested_best"] for op in rows),
                sum(op.get("arrested_high") or op["arrested_best"] for op in rows))


def _far():
    import datetime as dt

    return dt.date.max
