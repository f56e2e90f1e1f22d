"""Rows of the outcome tables: seizures, casualties and nationality counts.

Each row is one figure reconciled across sources like an operation's figures;
the claims that make it share the keys that identify it (item, unit and drug;
outcome and side; arrest group and nationality).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from . import reconcile as rc
from .resolve import Claim


def seizure_id(operation_id: str, c: Claim) -> str:
    return "-".join(filter(None, (operation_id, c.item, c.drug.replace("_", "-") if c.drug else None,
                                  c.unit.lower())))


def _figure(cs: list[Claim], support) -> rc.Figure:
    return rc.reconcile_counts([rc.CountClaim(c.count, c.qualifier, support[c.article_id]) for c in cs])


def put_figure(row: dict, prefix: str, fig: rc.Figure) -> None:
    row |= {f"{prefix}_best": fig.best, f"{prefix}_low": fig.low, f"{prefix}_high": fig.high,
            f"{prefix}_qualifier": fig.qualifier, f"{prefix}_n_sources": fig.n_sources,
            f"{prefix}_conflict": fig.conflict}


def seizures(op_id: str, claims: list[Claim], support, record_conflict: Callable) -> list[dict]:
    groups: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.field == "seized":
            groups[seizure_id(op_id, c)].append(c)
    rows = []
    for sid, cs in sorted(groups.items()):
        row = {"seizure_id": sid, "operation_id": op_id, "item": cs[0].item, "unit": cs[0].unit, "drug": cs[0].drug}
        fig = _figure(cs, support)
        put_figure(row, "quantity", fig)
        if fig.conflict:
            record_conflict("seized", sid, cs, str(fig.best), None)
        rows.append(row)
    return rows


def casualties(op_id: str, claims: list[Claim], support, record_conflict: Callable) -> list[dict]:
    groups: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        if c.field in ("killed", "injured"):
            groups[(c.field, c.side)].append(c)
    rows = []
    for (outcome, side), cs in sorted(groups.items()):
        row = {"operation_id": op_id, "outcome": outcome, "side": side}
        fig = _figure(cs, support)
        put_figure(row, "count", fig)
        if fig.conflict:
            record_conflict(outcome, f"{op_id}-{side}", cs, str(fig.best), None)
        rows.append(row)
    return rows


def nationalities(claims: list[Claim], support, record_conflict: Callable) -> list[dict]:
    groups: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        if c.field == "arrested_nationality_count":
            groups[(c.arrest_id, c.nationality)].append(c)
    rows = []
    for (arrest_id, nationality), cs in sorted(groups.items()):
        row = {"arrest_id": arrest_id, "nationality": nationality}
        fig = _figure(cs, support)
        put_figure(row, "count", fig)
        if fig.conflict:
            record_conflict("arrested_nationality_count", f"{arrest_id}-{nationality.lower()}", cs, str(fig.best), None)
        rows.append(row)
    return rows
