"""Hypothesis properties of the pure building blocks: reconciliation, quotes, dates, ids,
the Parquet round trip and the safe YAML loader.

Each property states a rule from seeds/README.md (or a module docstring) and is
checked against an independent computation where one is cheap to write.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import re
import unicodedata

import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from tco_ops import vocab
from tco_ops.build import dates, quotes, reconcile as rc, resolve, safe_yaml
from tco_ops.build.dates import PRECISION_RANK, Period
from tco_ops.build.render import parquet_bytes
from tco_ops.errors import Problem
from tco_ops.schema import TABLES, _fields
from tco_ops.schema.frames import to_arrow, to_pandas

FAST = settings(max_examples=120, deadline=None)
MEDIUM = settings(max_examples=80, deadline=None)
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SLUG = re.compile(vocab.SLUG_PATTERN)

# ASCII-only slugs: Hypothesis' \d would yield non-ASCII digits.
slugs = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,6}){0,3}\Z")


# -- shared strategies -----------------------------------------------------------
@st.composite
def sources(draw, min_size=1, max_size=5) -> list[rc.Support]:
    """A few articles: distinct ids, a handful of origins (wire services repeat), maybe a date."""
    ids = draw(st.lists(st.sampled_from([f"art-{i}" for i in range(8)]), min_size=min_size,
                        max_size=max_size, unique=True))
    return [rc.Support(i, draw(st.sampled_from(["afp", "efe", "andina", "reuters"])),
                       draw(st.none() | st.dates(dt.date(2025, 1, 1), dt.date(2025, 1, 10))))
            for i in ids]


@st.composite
def count_claims(draw, min_size=1, max_size=7) -> list[rc.CountClaim]:
    srcs = draw(sources())
    out = []
    for _ in range(draw(st.integers(min_size, max_size))):
        q = draw(st.sampled_from(vocab.QUALIFIERS))
        v = draw(st.integers(1 if q == "fewer_than" else 0, 40))
        out.append(rc.CountClaim(v, q, draw(st.sampled_from(srcs))))
    return out


@st.composite
def shuffled(draw, items):
    """A random permutation of `items` (drawn so that Hypothesis can shrink it)."""
    return draw(st.permutations(items))


# -- 1. bounds --------------------------------------------------------------------
@FAST
@given(st.sampled_from(vocab.QUALIFIERS), st.integers(0, 10_000_000))
def test_bounds_per_qualifier(qualifier, value):
    """bounds() is the range of true numbers a claim allows; the published point is the stated value."""
    assume(not (qualifier == "fewer_than" and value < 1))
    low, high = rc.bounds(value, qualifier)
    expected = {
        "exact": (value, value),
        "approximately": (value, value),
        "more_than": (value + 1, None),
        "fewer_than": (None, value - 1),
        "at_least": (value, None),
        "at_most": (None, value),
    }[qualifier]
    assert (low, high) == expected
    assert rc.CountClaim(value, qualifier, rc.Support("a", "o")).point == value  # 0.2: never value ± 1
    assert rc.supports(value, qualifier, value)  # the stated number itself may always be chosen
    # otherwise supports() is exactly membership in [low, high] (open where None)
    for candidate in (value - 2, value - 1, value + 1, value + 2):
        inside = (low is None or low <= candidate) and (high is None or candidate <= high)
        assert rc.supports(value, qualifier, candidate) is inside


def test_bounds_rejects_impossible_claims():
    with pytest.raises(ValueError):
        rc.bounds(0, "fewer_than")
    with pytest.raises(ValueError):
        rc.bounds(3, "roughly")


# -- 2. reconcile_counts -------------------------------------------------------------
def default_best(claims: list[rc.CountClaim]) -> int:
    """README: most independent origins; then latest publication; then the larger value."""
    def key(point):
        srcs = [c.source for c in claims if c.point == point]
        latest = max((s.published for s in srcs if s.published), default=dt.date.min)
        return (len({s.origin for s in srcs}), latest, point)

    return max({c.point for c in claims}, key=key)


@FAST
@given(st.data())
def test_reconcile_counts_default(data):
    claims = data.draw(count_claims())
    fig = rc.reconcile_counts(claims)
    points = {c.point for c in claims}
    assert fig.low <= fig.best <= fig.high
    assert all(fig.low <= c.point <= fig.high for c in claims)
    assert fig.low == min(points) and fig.high == max(points)
    assert fig.best in points
    assert fig.best == default_best(claims)
    assert fig.n_sources == len({c.source.article_id for c in claims})
    # conflict: different stated numbers, or no number that every claim allows (brute force)
    allowed = [n for n in range(0, 60) if all(rc.supports(c.value, c.qualifier, n) and
                                              (c.value != n or c.qualifier not in ("more_than", "fewer_than"))
                                              for c in claims)]
    assert fig.conflict == (len(points) > 1 or not allowed)
    assert fig.qualifier in {c.qualifier for c in claims if c.value == fig.best}
    # order does not matter
    assert rc.reconcile_counts(data.draw(shuffled(claims))) == fig
    assert rc.reconcile_counts(list(reversed(claims))) == fig


@FAST
@given(st.data())
def test_reconcile_counts_supported_decision(data):
    claims = data.draw(count_claims())
    chosen = data.draw(st.sampled_from(claims))
    low, high = rc.bounds(chosen.value, chosen.qualifier)
    decision = data.draw(st.one_of(st.just(chosen.value), st.integers(
        0 if low is None else low, chosen.value + 30 if high is None else max(0, high))))
    fig = rc.reconcile_counts(claims, decision)
    assert fig.best == decision
    assert fig.low <= fig.best <= fig.high
    assert all(fig.low <= c.point <= fig.high for c in claims)
    assert fig.n_sources == len({c.source.article_id for c in claims})
    assert rc.reconcile_counts(data.draw(shuffled(claims)), decision) == fig


@FAST
@given(st.data())
def test_reconcile_counts_unsupported_decision(data):
    claims = data.draw(count_claims())
    free = [d for d in range(100) if not any(rc.supports(c.value, c.qualifier, d) for c in claims)]
    assume(free)
    decision = data.draw(st.sampled_from(free))
    with pytest.raises(rc.UnsupportedDecision):
        rc.reconcile_counts(claims, decision)


def test_reconcile_counts_empty():
    assert rc.reconcile_counts([]) == rc.Figure(None, None, None, 0, False)
    with pytest.raises(rc.UnsupportedDecision):
        rc.reconcile_counts([], 3)


# -- 3. reconcile_dates -------------------------------------------------------------
WINDOW = (dt.date(2024, 12, 20), dt.date(2025, 2, 20))


@st.composite
def periods(draw, lo=dt.date(1, 1, 1), hi=dt.date(9999, 12, 24)) -> Period:
    kind = draw(st.sampled_from(["day", "week", "month", "year", "interval"]))
    d = draw(st.dates(lo, hi))
    if kind == "day":
        return Period(d, d, "day")
    if kind == "week":
        monday = d - dt.timedelta(days=d.weekday())
        return Period(monday, monday + dt.timedelta(days=6), "week")
    if kind == "month":
        last = calendar.monthrange(d.year, d.month)[1]
        return Period(d.replace(day=1), d.replace(day=last), "month")
    if kind == "year":
        return Period(d.replace(month=1, day=1), d.replace(month=12, day=31), "year")
    extra = draw(st.integers(0, min(12, (hi - d).days)))
    return Period(d, d + dt.timedelta(days=extra), "span" if extra else "day")  # several days: `span`


@st.composite
def date_claims(draw) -> list[rc.DateClaim]:
    srcs = draw(sources())
    return [rc.DateClaim(draw(periods(*WINDOW)), draw(st.booleans()), draw(st.sampled_from(srcs)))
            for _ in range(draw(st.integers(1, 5)))]


def days(p: Period) -> set[int]:
    return set(range(p.start.toordinal(), p.end.toordinal() + 1))


@FAST
@given(st.data())
def test_reconcile_dates_default(data):
    claims = data.draw(date_claims())
    res = rc.reconcile_dates(claims)
    claimed = {c.period for c in claims}
    assert res.period in claimed
    common = set.intersection(*(days(p) for p in claimed))
    assert res.conflict == (not common)
    assert res.n_sources == len({c.source.article_id for c in claims})
    assert res.inferred == (not any(c.period == res.period and not c.inferred for c in claims))

    # README: most independent origins consistent with it, then the finer precision
    def origins(p):
        return len({c.source.origin for c in claims if c.period.start <= p.end and p.start <= c.period.end})

    top = max(origins(p) for p in claimed)
    assert origins(res.period) == top
    finest = min(PRECISION_RANK[p.precision] for p in claimed if origins(p) == top)
    assert PRECISION_RANK[res.period.precision] == finest
    # among equally good candidates of the same width, the earlier date
    rivals = [p for p in claimed if origins(p) == top and p.precision == res.period.precision
              and p.width == res.period.width]
    assert res.period.start == min(p.start for p in rivals)

    assert rc.reconcile_dates(data.draw(shuffled(claims))) == res
    assert rc.reconcile_dates(list(reversed(claims))) == res


@FAST
@given(st.data())
def test_reconcile_dates_decision(data):
    claims = data.draw(date_claims())
    host = data.draw(st.sampled_from(claims)).period
    if data.draw(st.booleans()):
        decision = host
    else:
        day = data.draw(st.dates(host.start, host.end))
        decision = Period(day, day, "day")
    res = rc.reconcile_dates(claims, decision)
    assert res.period == decision
    assert rc.reconcile_dates(data.draw(shuffled(claims)), decision) == res
    outside = host.end + dt.timedelta(days=800)
    assume(not any(c.period.start <= outside <= c.period.end for c in claims))
    with pytest.raises(rc.UnsupportedDecision):
        rc.reconcile_dates(claims, Period(outside, outside, "day"))


# -- 4. reconcile_choice / reconcile_target ----------------------------------------
@st.composite
def choice_claims(draw, values) -> list[tuple[str, rc.Support]]:
    srcs = draw(sources())
    return [(draw(st.sampled_from(values)), draw(st.sampled_from(srcs))) for _ in range(draw(st.integers(1, 6)))]


@FAST
@given(st.data(), st.booleans())
def test_reconcile_choice(data, roles):
    values = vocab.AGENCY_ROLES if roles else ("alpha", "beta", "gamma", "delta")
    order = vocab.AGENCY_ROLES if roles else None
    claims = data.draw(choice_claims(values))
    res = rc.reconcile_choice(claims, order=order)
    claimed = {v for v, _ in claims}
    assert res.best in claimed
    assert res.n_sources == len({s.article_id for _, s in claims})
    assert res.conflict == (len(claimed) > 1)

    def origins(v):
        return len({s.origin for w, s in claims if w == v})

    assert origins(res.best) == max(origins(v) for v in claimed)
    assert rc.reconcile_choice(data.draw(shuffled(claims)), order=order) == res
    assert rc.reconcile_choice(list(reversed(claims)), order=order) == res
    decision = data.draw(st.sampled_from(sorted(claimed)))
    assert rc.reconcile_choice(claims, decision, order=order).best == decision
    with pytest.raises(rc.UnsupportedDecision):
        rc.reconcile_choice(claims, "not-claimed", order=order)


@st.composite
def forests(draw) -> dict[str, str | None]:
    """Organizations o0..on with each parent earlier in the list: a forest, never a cycle."""
    n = draw(st.integers(1, 9))
    parent: dict[str, str | None] = {}
    for i in range(n):
        p = draw(st.none() | st.integers(0, i - 1)) if i else None
        parent[f"o{i}"] = None if p is None else f"o{p}"
    return parent


def chain(org, parent) -> list[str]:
    out = []
    while org is not None:
        out.append(org)
        org = parent[org]
    return out


@FAST
@given(st.data())
def test_reconcile_target(data):
    parent = data.draw(forests())
    srcs = data.draw(sources())
    if data.draw(st.booleans()):  # claims along one chain (a gang, its faction, its cell)
        pool = chain(data.draw(st.sampled_from(sorted(parent))), parent)
    else:
        pool = sorted(parent)
    claims = [(data.draw(st.sampled_from(pool)), data.draw(st.sampled_from(srcs)))
              for _ in range(data.draw(st.integers(1, 6)))]
    res = rc.reconcile_target(claims, parent)
    claimed = {v for v, _ in claims}
    assert res.best in claimed
    assert res.n_sources == len({s.article_id for _, s in claims})
    one_chain = all(a in chain(b, parent) or b in chain(a, parent) for a in claimed for b in claimed)
    assert res.conflict == (not one_chain)
    if one_chain:
        deepest = max(claimed, key=lambda v: len(chain(v, parent)))
        assert res.best == deepest
    assert rc.reconcile_target(data.draw(shuffled(claims)), parent) == res
    assert rc.reconcile_target(list(reversed(claims)), parent) == res
    decision = data.draw(st.sampled_from(sorted(claimed)))
    assert rc.reconcile_target(claims, parent, decision).best == decision
    with pytest.raises(rc.UnsupportedDecision):
        rc.reconcile_target(claims, parent, "o-unclaimed")


# -- 5. quote locator ----------------------------------------------------------------
nfc = quotes.nfc
# Text with accents (precomposed and combining), non-Latin scripts, and a small
# alphabet so that quotes often repeat.
texts = st.one_of(
    st.text(max_size=60).map(nfc),
    st.text(alphabet="ab \u00e9e\u0301n\u0303\u00f1\u3042\u0915\u093c", max_size=40).map(nfc),
)


def starts_of(text: str, quote: str) -> list[int]:
    return [i for i in range(len(text) - len(quote) + 1) if text[i:i + len(quote)] == quote]


@settings(max_examples=250, deadline=None)
@given(st.data())
def test_locate_substring(data):
    text = data.draw(texts)
    assume(text)
    i = data.draw(st.integers(0, len(text) - 1))
    j = data.draw(st.integers(i + 1, len(text)))
    quote = text[i:j]
    starts = starts_of(text, quote)
    assert i in starts
    if len(starts) == 1:
        s, e = quotes.locate(text, quote)
        assert (s, e) == (i, j)
        assert text[s:e] == quote
    else:
        with pytest.raises(quotes.QuoteAmbiguous) as info:
            quotes.locate(text, quote)
        assert info.value.starts == starts
        k = data.draw(st.integers(1, len(starts)))
        s, e = quotes.locate(text, quote, occurrence=k)
        assert s == starts[k - 1] and text[s:e] == quote
        with pytest.raises(quotes.QuoteAmbiguous):
            quotes.locate(text, quote, occurrence=len(starts) + 1)
    # the same quote typed with decomposed accents finds the same place
    nfd = unicodedata.normalize("NFD", quote)
    if len(starts) == 1:
        assert quotes.locate(text, nfd) == quotes.locate(text, quote)


def test_locate_decomposed_quote_matches_nfc_text():
    text = nfc("Operations in San Martín de Porres and Santa Anita.")
    quote = unicodedata.normalize("NFD", "San Martín")
    assert quote != "San Martín"  # really decomposed
    s, e = quotes.locate(text, quote)
    assert text[s:e] == "San Martín"
    assert (s, e) == (text.index("San Martín"), text.index("San Martín") + len("San Martín"))


@MEDIUM
@given(texts, st.text(min_size=1, max_size=5))
def test_locate_not_found(text, quote):
    assume(nfc(quote) not in text)
    with pytest.raises(quotes.QuoteNotFound):
        quotes.locate(text, quote)


# -- 6. dates ---------------------------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(periods())
@example(Period(dt.date(2025, 2, 3), dt.date(2025, 2, 9), "week"))
@example(Period(dt.date(2020, 12, 28), dt.date(2021, 1, 3), "week"))  # week 53 across New Year
@example(Period(dt.date(2024, 12, 30), dt.date(2025, 1, 5), "week"))  # 2025-W01 starts in 2024
@example(Period(dt.date(24, 2, 1), dt.date(24, 2, 29), "month"))  # leap February, 4-digit year
def test_parse_period_round_trip(p):
    assert dates.parse_period(p.text) == p
    assert dates.parse_period(f" {p.text}\n") == p


@pytest.mark.parametrize("text", [
    "2025-02-30", "2025-13", "2025-00", "2025-W54", "2025-W53", "2025-W00", "0000",
    "2025-02-10/2025-02-01", "2025-02/2025-03", "2025-W06/2025-02-10", "2025-2-7", "25-02-07",
    "2025-02-07T10:00", "", "last week", "2025/2026",
])
def test_parse_period_rejects(text):
    with pytest.raises(ValueError):
        dates.parse_period(text)


@FAST
@given(st.integers(1, 9999), st.integers(1, 12), st.integers(29, 40))
def test_parse_period_rejects_days_past_month_end(year, month, day):
    assume(day > calendar.monthrange(year, month)[1])
    with pytest.raises(ValueError):
        dates.parse_period(f"{year:04d}-{month:02d}-{day:02d}")


@FAST
@given(st.integers(1, 9998))
def test_parse_period_week_53_only_in_long_years(year):
    long_year = dt.date(year, 12, 28).isocalendar()[1] == 53
    if long_year:
        p = dates.parse_period(f"{year:04d}-W53")
        assert p.start.isocalendar()[:2] == (year, 53) and p.width == 6
    else:
        with pytest.raises(ValueError):
            dates.parse_period(f"{year:04d}-W53")


def test_parse_period_rejects_three_part_interval():
    with pytest.raises(ValueError):
        dates.parse_period("2025-02-01/2025-02-03/2025-02-05")


@pytest.mark.parametrize("text", ["\uff12\uff10\uff12\uff15", "\u0662\u0660\u0662\u0665-\u0660\u0662-\u0660\u0667"])
def test_parse_period_rejects_non_ascii_digits(text):
    with pytest.raises(ValueError):
        dates.parse_period(text)


# -- 7. ids and alias keys -------------------------------------------------------------
parts = st.lists(st.none() | st.text(max_size=10) | st.integers() | st.booleans(), max_size=9)


@FAST
@given(slugs, parts)
def test_claim_id_is_a_slug(article_id, claim_parts):
    assert SLUG.fullmatch(article_id)
    claim_id = resolve._claim_id(article_id, *claim_parts)
    assert SLUG.fullmatch(claim_id), claim_id
    assert claim_id.startswith(article_id + "-")
    assert resolve._claim_id(article_id, *claim_parts) == claim_id  # stable


@FAST
@given(st.text(max_size=40))
def test_alias_key_idempotent_and_clean(text):
    key = resolve.alias_key(text)
    assert resolve.alias_key(key) == key
    assert re.fullmatch(r"([0-9a-z]+( [0-9a-z]+)*)?", key), key


# Latin letters that decompose into a base letter and accents, plus ASCII.
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" \
        "áéíóúàèìòùâêîôûäëïöüãõñçÁÉÍÓÚÀÈÌÒÙÂÊÎÔÛÄËÏÖÜÃÕÑÇýÿŷśźżčšžřěůőű"
PUNCT = " .,;:-–—'’\"()/&_!?"
ACCENTS = "\u0300\u0301\u0302\u0303\u0308\u0327\u030c"


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@FAST
@given(st.text(alphabet=LATIN + PUNCT, max_size=30), st.data())
def test_alias_key_ignores_case_accents_punctuation(text, data):
    key = resolve.alias_key(text)
    assert resolve.alias_key(text.upper()) == key
    assert resolve.alias_key(text.lower()) == key
    assert resolve.alias_key(text.swapcase()) == key
    assert resolve.alias_key(strip_accents(text)) == key
    assert resolve.alias_key(unicodedata.normalize("NFD", text)) == key
    # extra accents typed as combining marks after letters change nothing
    accented = "".join(c + (data.draw(st.sampled_from(ACCENTS)) if c.isalpha() and data.draw(st.booleans()) else "")
                       for c in text)
    assert resolve.alias_key(accented) == key
    # other punctuation and spacing are word separators, nothing more
    respaced = re.sub(r"[^0-9A-Za-z\u00c0-\u024f.'’`´]+", lambda m: data.draw(st.sampled_from([" ", " - ", ". ", "  "])),
                      text)
    assert resolve.alias_key(respaced) == key
    assert resolve.alias_key(f"  ({text})  ") == key
    # and the key is the plain ASCII words, lower-cased; abbreviation dots and apostrophes join
    assert key == " ".join(re.findall(r"[0-9a-z]+", re.sub(r"[.'’`´]", "", strip_accents(text).lower())))


@pytest.mark.parametrize("name, plain", [("Łódź", "Lodz"), ("Øresund", "Oresund"), ("DIYARBAKIR", "Diyarbakır")])
def test_alias_key_letters_without_decomposition(name, plain):
    assert resolve.alias_key(name) == resolve.alias_key(plain)


# -- 8. Parquet round trip ---------------------------------------------------------------
PUBLISHED_DTYPES = {"string[pyarrow]": _fields.STRING, "Int64": _fields.INT, "boolean": _fields.BOOL,
                    "Float64": _fields.FLOAT, "date32[day][pyarrow]": _fields.DATE}


def column_values(dtype: str, nullable: bool):
    base = {
        "string[pyarrow]": st.text(max_size=12),
        "string": st.text(max_size=12),
        "Int64": st.integers(-(2**63), 2**63 - 1),
        "boolean": st.booleans(),
        "Float64": st.floats(allow_nan=False),
        "date32[day][pyarrow]": st.dates(),
    }[dtype]
    return st.none() | base if nullable else base


@st.composite
def table_rows(draw, name: str) -> list[dict]:
    spec = TABLES[name]
    strategies = {c: column_values(str(col.dtype), col.nullable) for c, col in spec.schema.columns.items()}
    # primary keys are unique in a published table (to_arrow sorts by their text)
    return draw(st.lists(st.fixed_dictionaries(strategies), max_size=6,
                         unique_by=lambda r: tuple(str(r[k]) for k in spec.primary_key)))


def same_cell(cell, value) -> bool:
    if value is None:
        return pd.isna(cell)
    return not pd.isna(cell) and cell == value


@pytest.mark.parametrize("name", ["claims", "operations"])
@SLOW
@given(data=st.data())
def test_parquet_round_trip(name, data):
    spec = TABLES[name]
    rows = data.draw(table_rows(name))
    table = to_arrow(spec, rows)
    direct = to_pandas(table)
    blob = parquet_bytes(table)
    back = to_pandas(pq.read_table(io.BytesIO(blob)))
    assert list(back.columns) == list(spec.schema.columns)
    assert list(map(str, back.dtypes)) == list(map(str, direct.dtypes))
    for column, col in spec.schema.columns.items():  # the published dtypes (schema/_fields.py)
        assert direct[column].dtype == PUBLISHED_DTYPES[str(col.dtype)], (column, direct[column].dtype)
    pd.testing.assert_frame_equal(back, direct)
    # the rows themselves survive, in primary-key order
    ordered = sorted(rows, key=lambda r: tuple(str(r[k]) for k in spec.primary_key))
    for i, row in enumerate(ordered):
        for column, value in row.items():
            assert same_cell(direct[column].iloc[i], value), (column, value, direct[column].iloc[i])
    # deterministic: the same rows give the same bytes, in any input order
    assert parquet_bytes(table) == blob
    assert parquet_bytes(to_arrow(spec, list(reversed(rows)))) == blob


# -- 9. safe YAML ---------------------------------------------------------------------
YAML_BITS = ["a", "key", "NO", "yes", "1", "-1", "0x1F", "1e400", ".nan", "~", "null", "'q'", '"x\\n"', "|",
             ">-", "&x", "*x", "!!str", "!t", "%TAG", "---", "...", "<<", "? ", ": ", "- ", "[", "]", "{", "}",
             ",", "#", "\n", "\n  ", "  ", "\t", "\x00", "\x07", "\u2028", "\ufeff", "é", "2025-02-07",
             "2025-W06", "2001-12-14t21:59:43.10-05:00", "2025-02-30", "2025-13-01", "0123", "1_000", "1.",
             "99999999999999999999999"]
yaml_soup = st.lists(st.sampled_from(YAML_BITS), max_size=25).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), yaml_soup), st.integers(1, 50))
def test_safe_yaml_never_raises(text, first_line):
    data, problems = safe_yaml.load(text, "seeds/x.yaml", first_line=first_line)
    assert isinstance(problems, list)
    if problems:
        assert data is None
        # YAML also breaks lines at CR, NEL, LS and PS; at the end of a file without a final
        # newline libyaml reports the (non-existent) next line, hence the + 1.
        breaks = sum(text.count(b) for b in ("\n", "\r", "\x85", "\u2028", "\u2029")) + 1
        for p in problems:
            assert isinstance(p, Problem)
            assert p.file == "seeds/x.yaml"
            assert isinstance(p.line, int) and first_line <= p.line <= first_line + breaks, (p, text)
            assert p.message and p.fix


@FAST
@given(st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99), st.booleans())
@example(2025, 2, 30, False)
@example(2024, 2, 29, False)
def test_safe_yaml_dates_are_dates_or_text(y, m, d, quoted):
    """A plain YYYY-MM-DD becomes a date when it is one, else stays text (never an exception)."""
    text = f"{y:04d}-{m:02d}-{d:02d}"
    data, problems = safe_yaml.load(f"a: '{text}'\n" if quoted else f"a: {text}\n", "f.yaml")
    assert problems == []
    try:
        expected = text if quoted else dt.date(y, m, d)
    except ValueError:
        expected = text
    assert data["a"] == expected and type(data["a"]) is type(expected)


def test_safe_yaml_huge_integer_does_not_raise():
    data, problems = safe_yaml.load("a: " + "1" * 5000 + "\n", "seeds/claims/x.yaml")
    assert problems or data is not None


@MEDIUM
@given(st.lists(st.tuples(slugs, st.sampled_from(["1", "x", "NO", "yes", "[a, b]", "{k: v}", "'s'"])),
                min_size=1, max_size=8, unique_by=lambda kv: kv[0]),
       st.integers(1, 20), st.integers(0, 3))
def test_safe_yaml_key_lines(pairs, first_line, blank):
    text = "\n" * blank + "".join(f"k{k}: {v}\n" for k, v in pairs)
    data, problems = safe_yaml.load(text, "f.yaml", first_line=first_line)
    assert problems == []
    assert isinstance(data, safe_yaml.LineDict)
    assert list(data) == [f"k{k}" for k, _ in pairs]
    for n, (k, _) in enumerate(pairs):
        assert data.line_of(f"k{k}") == first_line + blank + n
    assert data.line == first_line + blank
