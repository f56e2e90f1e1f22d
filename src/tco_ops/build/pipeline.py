"""read seeds → resolve → reconcile → assemble → validate → render (→ publish)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa

from ..errors import BuildError, Problem
from ..schema import TABLES
from ..schema.crosscheck import check_all
from ..schema.frames import to_arrow, to_pandas
from . import assemble as assemble_mod
from .inputs import read_seeds
from .render import render_all
from .resolve import build_reference, resolve_claims, resolve_decisions


@dataclass
class BuildResult:
    tables: dict[str, pa.Table]
    frames: dict[str, pd.DataFrame]
    files: dict[str, bytes]
    conflicts: list[assemble_mod.Conflict]
    texts: dict[str, str]


def build(seeds_dir: Path) -> BuildResult:
    """Build every table from `seeds_dir`; raise BuildError listing every problem."""
    seeds, problems = read_seeds(seeds_dir)
    ref = build_reference(seeds, problems)
    claims = resolve_claims(seeds, ref, problems)
    decisions = resolve_decisions(seeds, ref, problems)
    assembled = assemble_mod.assemble(seeds, ref, claims, decisions, problems)
    if problems:
        raise BuildError(problems)
    tables = {name: to_arrow(spec, assembled.rows[name]) for name, spec in TABLES.items()}
    frames = {name: to_pandas(t) for name, t in tables.items()}
    texts = {a.article_id: a.text for a in seeds.articles.values() if a.text is not None}
    problems = validate_frames(frames, texts)
    if problems:
        raise BuildError(problems)
    return BuildResult(tables, frames, render_all(tables, assembled.conflicts), assembled.conflicts, texts)


def validate_frames(frames: dict[str, pd.DataFrame], texts: dict[str, str]) -> list[Problem]:
    """pandera per table (all failures at once), then the cross-table checks."""
    import pandera.pandas as pa_

    problems = []
    for name, spec in TABLES.items():
        try:
            spec.schema.validate(frames[name], lazy=True)
        except pa_.errors.SchemaErrors as exc:
            key = list(spec.primary_key)
            for case in exc.failure_cases.head(50).to_dict("records"):
                index = case.get("index")
                row = None
                if index is not None and not pd.isna(index) and index in frames[name].index:
                    row = frames[name].loc[index, key].tolist()
                problems.append(Problem(f"<{name}>", None,
                                        f"column {case.get('column')} fails {case.get('check')}"
                                        + (f" in row {row}" if row else ""), case.get("failure_case"),
                                        "fix the seed that produces this value"))
    if not problems:
        problems = check_all(frames, texts)
    return problems
