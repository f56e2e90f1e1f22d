"""The screening log: every search query run to find operations, as data.

`seeds/coverage/queries.yaml` lists, in the order they were run, each query with
what it yielded. Two things follow from it: every published operation must be
reached by some query (else it entered the record outside the protocol in
docs/coverage.md), and saturation per country (new operations per 10 queries)
can be measured instead of asserted.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import vocab
from ..errors import Problem
from . import safe_yaml
from .record import MISSING, Record, closest

LOG_PATH = ("coverage", "queries.yaml")
QUERY_FORMS = ("raids", "captures", "desarticulan", "cabecilla", "named-operation", "extradition",
               "indictment", "sweep", "other")
QUERY_KEYS = ("query", "language", "country", "form", "year", "run", "screened", "yielded",
              "also_found", "excluded", "note")
EXCLUSION_KEYS = ("url", "reason")
WINDOW = 10          # the curve counts new operations per this many queries
SATURATION_RUN = 20  # a country is saturated when its last this-many queries found nothing new
MAX_SCREENED = 1000
MULTI_COUNTRY = "(several)"  # the curve row of queries aimed at no one country  # one query's screened results; the search tool returns far fewer


@dataclass
class Query:
    line: int
    query: str
    language: str
    country: str | None
    form: str
    year: int | None
    run: dt.date
    screened: int
    yielded: list[str] = field(default_factory=list)
    also_found: list[str] = field(default_factory=list)
    excluded: list[tuple[str, str]] = field(default_factory=list)


def log_file(seeds_dir: Path) -> Path:
    return seeds_dir.joinpath(*LOG_PATH)


def read_log(seeds_dir: Path, problems: list[Problem]) -> list[Query] | None:
    """The log's entries in run order; None when there is no log at all."""
    path = log_file(seeds_dir)
    rel = "/".join(("seeds", *LOG_PATH))
    if not path.exists():
        return None
    from .inputs import read_text  # the one strict reader for every seed file

    text = read_text(path, rel, problems)
    if text is None:
        return []
    data, errs = safe_yaml.load(text, rel)
    problems.extend(errs)
    if errs:
        return []
    if not isinstance(data, list):
        problems.append(Problem(rel, 1, "the screening log must be a list of queries", type(data).__name__,
                                "start each query with `- query: ...` (see docs/coverage.md)"))
        return []
    today = dt.date.today()
    out = []
    for item in data:
        rec = Record(item, rel, "query", QUERY_KEYS, problems)
        if not rec.ok:
            continue
        q = _read_query(rec, today)
        rec.audit()
        if q is not None and rec.ok:
            out.append(q)
    return out


def _read_query(rec: Record, today: dt.date) -> Query | None:
    text = rec.str("query", required=True, max_len=500)
    language = rec.str("language", required=True, pattern=vocab.QUERY_LANGUAGE_PATTERN)
    # null: a query not aimed at one country ("Tren de Aragua" arrested 2021); it counts for no country's curve
    country = rec.str("country", pattern=vocab.COUNTRY_PATTERN)
    form = rec.str("form", required=True, choices=QUERY_FORMS)
    year = rec.raw("year")
    if year is not MISSING and not _int_in(year, 2018, today.year):
        rec.problem("year", f"'year' must be a year from 2018 to {today.year}, or null", year,
                    "write the grid year the query targeted, e.g. `year: 2023`")
    run = rec.raw("run", required=True)
    if run is not MISSING and not (isinstance(run, dt.date) and dt.date(2024, 1, 1) <= run <= today):
        rec.problem("run", "'run' must be the date the query was run (YYYY-MM-DD, not in the future)", run,
                    "write e.g. `run: 2026-11-27`")
    screened = rec.raw("screened", required=True)
    if screened is not MISSING and not _int_in(screened, 0, MAX_SCREENED):
        rec.problem("screened", f"'screened' must be a whole number from 0 to {MAX_SCREENED}", screened,
                    "count the results you looked at")
    yielded = _ids(rec, "yielded")
    also = _ids(rec, "also_found")
    excluded = _exclusions(rec)
    rec.str("note", max_len=1000)
    if not rec.ok:
        return None
    return Query(rec.line, text, language, country, form, year if _int_in(year, 2018, today.year) else None,
                 run, screened, yielded, also, excluded)


def _int_in(value, lo: int, hi: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and lo <= value <= hi


def _ids(rec: Record, key: str) -> list[str]:
    ids = rec.str_list(key)
    bad = [i for i in ids if not _is_slug(i)]
    if bad:
        rec.problem(key, f"{key!r} must list operation ids", bad[0], "use the ids of seeds/operations/*.yaml")
        return []
    return ids


def _is_slug(value: str) -> bool:
    return bool(re.fullmatch(vocab.SLUG_PATTERN, value)) and len(value) <= 120


def _exclusions(rec: Record) -> list[tuple[str, str]]:
    value = rec.raw("excluded")
    if value is MISSING:
        return []
    if not isinstance(value, list):
        rec.problem("excluded", "'excluded' must be a list of {url, reason}", value,
                    "write `excluded: [{url: https://..., reason: ...}]`")
        return []
    out = []
    for item in value:
        sub = Record(item, rec.file, "exclusion", EXCLUSION_KEYS, rec.problems, line=rec.line_of("excluded"))
        url = sub.str("url", required=True, max_len=2000)
        reason = sub.str("reason", required=True, max_len=500)
        sub.audit()
        if sub.ok and url and reason:
            out.append((url, reason))
        else:
            rec.ok = False
    return out


def check_reached(queries: list[Query] | None, operation_ids, rel: str = "seeds/coverage/queries.yaml") -> list[Problem]:
    """Every operation is reached from the log; every id the log names exists; first finds are unique."""
    if queries is None:
        return [Problem(rel, None, "there is no screening log", None,
                        "add seeds/coverage/queries.yaml (see docs/coverage.md); every operation must be "
                        "reached by a logged query")]
    known = set(operation_ids)
    problems = []
    first: dict[str, int] = {}
    for q in queries:
        for op in (*q.yielded, *q.also_found):
            if op not in known:
                near = closest(op, known, n=1)
                problems.append(Problem(rel, q.line, "the log names an operation that does not exist", op,
                                        (f"did you mean {near[0]!r}? " if near else "")
                                        + "add seeds/operations/<id>.yaml or correct the id"))
        for op in q.yielded:
            if op in first:
                problems.append(Problem(rel, q.line, f"operation first found again (already yielded by the "
                                                     f"query on line {first[op]})", op,
                                        "list it under `also_found:` here"))
            else:
                first[op] = q.line
    reached = {op for q in queries for op in (*q.yielded, *q.also_found)}
    for op in sorted(known - reached):
        problems.append(Problem(rel, None, "an operation is not reached by any logged query", op,
                                "log the query that found it (`yielded:` or `also_found:`)"))
    return problems


@dataclass
class CountryCurve:
    country: str
    queries: int
    operations: int
    per_window: list[int]        # new operations in each run of WINDOW queries (the last may be shorter)
    since_last_new: int          # queries run since the last new operation

    @property
    def saturated(self) -> bool:
        return self.since_last_new >= SATURATION_RUN


def curves(queries: list[Query]) -> list[CountryCurve]:
    """Saturation per country, in the order the queries were run."""
    by_country: dict[str, list[Query]] = {}
    for q in queries:
        by_country.setdefault(q.country or MULTI_COUNTRY, []).append(q)
    out = []
    for country in sorted(by_country):
        qs = by_country[country]
        new = [len(q.yielded) for q in qs]
        windows = [sum(new[i:i + WINDOW]) for i in range(0, len(new), WINDOW)]
        last = max((i for i, n in enumerate(new) if n), default=-1)
        out.append(CountryCurve(country, len(qs), sum(new), windows, len(new) - 1 - last))
    return out


def render_curves(queries: list[Query]) -> str:
    """A Markdown table of the saturation curves (deterministic: no run dates or clock)."""
    lines = [f"| country | queries | operations found | new per {WINDOW} queries | queries since last new "
             f"| saturated (last {SATURATION_RUN} found none) |",
             "|---|---:|---:|---|---:|---|"]
    for c in curves(queries):
        lines.append(f"| {c.country} | {c.queries} | {c.operations} | {', '.join(map(str, c.per_window))} "
                     f"| {c.since_last_new} | {'yes' if c.saturated else 'no'} |")
    return "\n".join(lines) + "\n"
