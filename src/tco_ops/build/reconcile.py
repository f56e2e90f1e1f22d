"""Turn the claims of several sources into one published value.

Pure functions of their inputs, independent of claim order; the rules are
written out in seeds/README.md ("How claims become published values").
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass

from ..vocab import QUALIFIERS
from .dates import PRECISION_RANK, Period


@dataclass(frozen=True)
class Support:
    """Who says it: the article, its independent origin (wire or outlet) and date."""

    article_id: str
    origin: str
    published: dt.date | None = None


# -- counts --------------------------------------------------------------------
# Since 0.2 a claim publishes the number as the source states it ("more than 300" is 300,
# with qualifier more_than); the qualifier keeps the direction. Publishing 301 was false
# precision and skewed sums.
def bounds(value: int, qualifier: str) -> tuple[int | None, int | None]:
    """(low, high) of the true number one claim allows; None is an open bound."""
    if qualifier in ("exact", "approximately"):
        return value, value
    if qualifier == "at_least":
        return value, None
    if qualifier == "more_than":
        return value + 1, None
    if qualifier == "at_most":
        return None, value
    if qualifier == "fewer_than":
        if value < 1:
            raise ValueError("fewer than 0 is impossible")
        return None, value - 1
    raise ValueError(f"unknown qualifier {qualifier!r}")


def supports(value: int, qualifier: str, candidate: int) -> bool:
    """A decision may choose the stated number itself or any number the claim allows."""
    if candidate == value:
        return True
    low, high = bounds(value, qualifier)
    return (low is None or low <= candidate) and (high is None or candidate <= high)


@dataclass(frozen=True)
class CountClaim:
    value: int
    qualifier: str
    source: Support

    @property
    def point(self) -> int:
        return self.value  # the stated number


@dataclass(frozen=True)
class Figure:
    best: int | None
    low: int | None
    high: int | None
    n_sources: int
    conflict: bool
    qualifier: str | None = None

    @classmethod
    def empty(cls) -> "Figure":
        return cls(None, None, None, 0, False, None)


def claims_contradict(claims: list[CountClaim]) -> bool:
    """True when no one number satisfies every claim ("exactly 300" and "more than 300")."""
    lows = [b[0] for b in (bounds(c.value, c.qualifier) for c in claims) if b[0] is not None]
    highs = [b[1] for b in (bounds(c.value, c.qualifier) for c in claims) if b[1] is not None]
    return bool(lows and highs) and max(lows) > min(highs)


def qualifier_of(claims: list[CountClaim], value: int) -> str:
    """The qualifier the sources stating `value` use: the most independent origins, ties in
    vocabulary order (exact first). A decided number no source states is `approximately`."""
    stating = [c for c in claims if c.value == value]
    if not stating:
        return "approximately"
    votes = {q: len({c.source.origin for c in stating if c.qualifier == q}) for q in {c.qualifier for c in stating}}
    return max(votes, key=lambda q: (votes[q], -QUALIFIERS.index(q)))


def combine_qualifiers(qualifiers: list[str]) -> str:
    """The qualifier of a sum: 'more than 3' + 'exactly 5' is 'more than 8'."""
    qs = set(qualifiers)
    if len(qs) == 1:
        return qs.pop()
    if qs <= {"exact", "at_least", "more_than"}:
        return "more_than" if "more_than" in qs else "at_least"
    if qs <= {"exact", "at_most", "fewer_than"}:
        return "fewer_than" if "fewer_than" in qs else "at_most"
    return "approximately"  # mixed directions, or an approximate part


class UnsupportedDecision(ValueError):
    pass


def reconcile_counts(claims: Iterable[CountClaim], decision: int | None = None) -> Figure:
    claims = list(claims)
    if not claims:
        if decision is not None:
            raise UnsupportedDecision("no claim to decide between")
        return Figure.empty()
    points = {c.point for c in claims}
    if decision is not None:
        if not any(supports(c.value, c.qualifier, decision) for c in claims):
            raise UnsupportedDecision(f"{decision} is not supported by any claim")
        best = decision
    else:
        best = _most_supported(points, lambda p: [c.source for c in claims if c.point == p], prefer_larger=True)
    return Figure(
        best=best,
        low=min(points | {best}),
        high=max(points | {best}),
        n_sources=len({c.source.article_id for c in claims}),
        conflict=len(points) > 1 or claims_contradict(claims),
        qualifier=qualifier_of(claims, best),
    )


def _most_supported(values, sources_of, prefer_larger: bool = False, order=None):
    """Most independent origins; then `order` (earlier wins) if given, else the
    latest publication and then the larger (counts) or first (text) value."""

    def key(v):
        sources = sources_of(v)
        origins = len({s.origin for s in sources})
        if order is not None:
            return (origins, -order.index(v) if v in order else -len(order))
        latest = max((s.published for s in sources if s.published), default=dt.date.min)
        return (origins, latest, v if prefer_larger else _Reverse(v))

    return max(values, key=key)


@functools.total_ordering
class _Reverse:
    """Sort key that prefers the smaller (lexicographically first) value."""

    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        return self.v > other.v

    def __eq__(self, other):
        return self.v == other.v


# -- dates ---------------------------------------------------------------------
@dataclass(frozen=True)
class DateClaim:
    period: Period
    inferred: bool
    source: Support


@dataclass(frozen=True)
class DateResult:
    period: Period
    n_sources: int
    conflict: bool
    inferred: bool


def dates_conflict(periods: Iterable[Period]) -> bool:
    periods = list(periods)
    return max(p.start for p in periods) > min(p.end for p in periods)


def reconcile_dates(claims: Iterable[DateClaim], decision: Period | None = None) -> DateResult:
    claims = list(claims)
    if not claims:
        raise ValueError("no date claims")
    periods = {c.period for c in claims}
    if decision is not None:
        if not any(decision.within(p) for p in periods):
            raise UnsupportedDecision(f"{decision.text} does not lie within any claimed date")
        best = decision
    else:
        def key(p: Period):
            origins = len({c.source.origin for c in claims if c.period.overlaps(p)})
            return (origins, -PRECISION_RANK[p.precision], -p.width, _Reverse(p.start))

        best = max(periods, key=key)
    printed = any(c.period == best and not c.inferred for c in claims)
    return DateResult(
        period=best,
        n_sources=len({c.source.article_id for c in claims}),
        conflict=dates_conflict(periods),
        inferred=not printed,
    )


# -- categories (agency roles, names, arrest attributes) ----------------------
@dataclass(frozen=True)
class Choice:
    best: str
    n_sources: int
    conflict: bool


def reconcile_choice(claims: Iterable[tuple[str, Support]], decision: str | None = None,
                     order: tuple[str, ...] | None = None) -> Choice:
    claims = list(claims)
    if not claims:
        raise ValueError("no claims")
    values = {v for v, _ in claims}
    if decision is not None:
        if decision not in values:
            raise UnsupportedDecision(f"{decision!r} is not a claimed value")
        best = decision
    else:
        best = _most_supported(values, lambda v: [s for w, s in claims if w == v], order=order)
    return Choice(best, len({s.article_id for _, s in claims}), len(values) > 1)


# -- targets: organizations on one parent chain agree --------------------------
def reconcile_target(claims: Iterable[tuple[str, Support]], parent: dict[str, str | None],
                     decision: str | None = None) -> Choice:
    claims = list(claims)
    values = {v for v, _ in claims}

    def ancestors(org: str) -> list[str]:
        chain, seen = [], set()
        while org is not None and org not in seen:
            seen.add(org)
            chain.append(org)
            org = parent.get(org)
        return chain

    chains = {v: ancestors(v) for v in values}
    on_one_chain = all(a in chains[b] or b in chains[a] for a in values for b in values)
    if decision is not None:
        if decision not in values:
            raise UnsupportedDecision(f"{decision!r} is not a claimed target")
        best = decision
    elif on_one_chain:
        best = max(values, key=lambda v: (len(chains[v]), _Reverse(v)))  # the most specific
    else:
        # Each claim also speaks for its organization's descendants on the chain.
        best = _most_supported(values, lambda v: [s for w, s in claims if w in chains[v] or v in chains[w]])
    return Choice(best, len({s.article_id for _, s in claims}), not on_one_chain)
