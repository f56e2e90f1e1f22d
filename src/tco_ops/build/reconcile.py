"""Turn the claims of several sources into one published value.

Pure functions of their inputs, independent of claim order; the rules are
written out in seeds/README.md ("How claims become published values").
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass

from .dates import PRECISION_RANK, Period


@dataclass(frozen=True)
class Support:
    """Who says it: the article, its independent origin (wire or outlet) and date."""

    article_id: str
    origin: str
    published: dt.date | None = None


# -- counts --------------------------------------------------------------------
def bounds(value: int, qualifier: str) -> tuple[int | None, int, int | None]:
    """(low, best, high) that one claim supports; None is an open bound."""
    if qualifier in ("exact", "approximately"):
        return value, value, value
    if qualifier == "at_least":
        return value, value, None
    if qualifier == "more_than":
        return value + 1, value + 1, None
    if qualifier == "at_most":
        return None, value, value
    if qualifier == "fewer_than":
        if value < 1:
            raise ValueError("fewer than 0 is impossible")
        return None, value - 1, value - 1
    raise ValueError(f"unknown qualifier {qualifier!r}")


def supports(value: int, qualifier: str, candidate: int) -> bool:
    low, _, high = bounds(value, qualifier)
    return (low is None or low <= candidate) and (high is None or candidate <= high)


@dataclass(frozen=True)
class CountClaim:
    value: int
    qualifier: str
    source: Support

    @property
    def point(self) -> int:
        return bounds(self.value, self.qualifier)[1]


@dataclass(frozen=True)
class Figure:
    best: int | None
    low: int | None
    high: int | None
    n_sources: int
    conflict: bool

    @classmethod
    def empty(cls) -> "Figure":
        return cls(None, None, None, 0, False)


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
        conflict=len(points) > 1,
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
