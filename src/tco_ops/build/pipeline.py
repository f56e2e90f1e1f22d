"""read seeds → resolve → reconcile → assemble → validate → render (→ publish)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from ..errors import BuildError, Problem
from ..schema import TABLES
from ..schema.crosscheck import check_all
from ..schema.frames import to_arrow, to_pandas
from . import assemble as assemble_mod
from . import coverage
from . import ethics, seed_files
from .inputs import Seeds, article_ids, read_meta, scan_tree
from .render import release_created, render_all
from .resolve import build_reference, resolve_decisions
from .same_page import same_page_problems
from .units import default_jobs, run_cached


@dataclass
class BuildResult:
    tables: dict[str, pa.Table]
    frames: dict[str, pd.DataFrame]
    files: dict[str, bytes]
    conflicts: list[assemble_mod.Conflict]
    texts: dict[str, str]
    read: dict[str, str] = field(default_factory=dict)  # {seed file: sha256 of the bytes this build parsed}


def build(seeds_dir: Path, jobs: int | None = None, cache: Path | None = None) -> BuildResult:
    """Build every table from `seeds_dir`; raise BuildError listing every problem.

    `jobs` processes read and resolve articles (default: the core count);
    `cache` is a file where per-article results are kept between builds.
    """
    problems: list[Problem] = []
    if not seeds_dir.is_dir():
        raise BuildError([Problem(str(seeds_dir), None, "seeds folder not found", None,
                                  "run from the repository root")])
    problems += scan_tree(seeds_dir)
    with seed_files.recording() as read:
        seeds = read_meta(seeds_dir, problems)
    ref = build_reference(seeds, problems)
    ethics.check_seeds(seeds_dir, seeds.reference, problems)  # names and aliases, in every file under seeds/
    log = coverage.read_log(seeds_dir, problems)
    if log is not None:  # a seed tree without a screening log (a test fixture) has nothing to reach
        problems.extend(coverage.check_reached(log, seeds.operations))
    if seeds.reference_incomplete:
        raise BuildError(problems + _stopped_at_reference(seeds))
    ids = article_ids(seeds_dir, problems)
    units, _ = run_cached(seeds_dir, ids, ref, frozenset(seeds.operations),
                          default_jobs() if jobs is None else jobs, cache, dict(read))
    claims = []
    for article_id, unit in units.items():
        if unit.article is not None:
            seeds.articles[article_id] = unit.article
        claims.extend(unit.claims)
        problems.extend(unit.problems)
        read.update(unit.read)
    problems.extend(same_page_problems(seeds.articles.values()))
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
    files = render_all(tables, assembled.conflicts, release_created(seeds_dir.parent))
    return BuildResult(tables, frames, files, assembled.conflicts, texts, read)


def _stopped_at_reference(seeds: Seeds) -> list[Problem]:
    """One problem per incomplete reference file, saying why nothing after it was checked.

    A reference entry that cannot be read would make every claim naming it fail
    with "no agency matches 'PNP'": a hundred problems that bury their one cause.
    """
    return [Problem(rel, line or 1, "the build stopped here: claims were not checked, because names in them "
                    "are matched against this file and some of its entries could not be read", None,
                    "fix the other problems reported for this file, then build again")
            for rel, line in seeds.reference_incomplete.items()]


def validate_frames(frames: dict[str, pd.DataFrame], texts: dict[str, str]) -> list[Problem]:
    """pandera per table (all failures at once), then the cross-table checks."""
    problems = pandera_problems(frames, "fix the seed that produces this value")
    if not problems:
        problems = check_all(frames, texts)
    return problems


def pandera_problems(frames: dict[str, pd.DataFrame], fix: str) -> list[Problem]:
    """Every table against its pandera model, all failures at once (the first 50 per table), each
    located by its primary key where pandera gives the row."""
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
                                        + (f" in row {row}" if row else ""), case.get("failure_case"), fix))
    return problems
