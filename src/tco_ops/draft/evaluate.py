"""Score drafts against curated claims (the seed and synthetic sets): precision and recall per field.

The real-news set is scored by real.py, with its own matching rule.

Matching rule. Claims are compared per article, as sets of normalised values, so
a value claimed twice (two quotes, two roles) counts once, and an article that
reports two operations is scored as one set (the claims of every operation block
the draft proposes, against every curated claim of the article):

- agencies: the agency id the claimed value resolves to (`HIS Lima` = `us-hsi-lima`);
  the role is not part of the match and is reported separately (role agreement:
  the share of matched agencies for which the draft proposes the gold role).
- places: the location id (field `location`).
- dates: the canonical date text (`2025-01-07`, `2025-W06`, `2025-02`, ranges),
  exact: a day inside a claimed week does not match the week.
- figures: (measure, number) for every count field (arrested, personnel, sites,
  persons_targeted, charged, victims_rescued, minors_rescued, minors_in_network);
  the qualifier is not part of the match and is reported separately (qualifier
  agreement on matched figures).
- target: the organization id (field `target`).

Precision = matched draft values / draft values; recall = matched gold values /
gold values, both summed over the articles of a set (micro-averaged). Only the
claims the draft proposes (confidence at or above the threshold) count; the
commented-out candidates do not. Gold values are resolved with the build's own
normaliser, so a gold file that would not build fails the evaluation loudly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import vocab
from ..build.inputs import RawClaim, read_claims
from ..build.resolve import Reference
from . import DraftError, extractor, load_article
from .extract import THRESHOLD, Candidate

GROUPS = {
    "agencies": ("agency",),
    "places": ("location",),
    "dates": ("date",),
    "figures": vocab.COUNT_FIELDS,
    "target": ("target",),
}
TARGETS = {"agencies": (0.9, 0.85), "places": (0.9, 0.85), "dates": (0.9, 0.85), "figures": (0.9, 0.85)}


@dataclass
class Score:
    gold: int = 0
    draft: int = 0
    tp: int = 0
    extra_ok: int = 0  # role / qualifier agreement among matches
    extra_n: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.draft if self.draft else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    def add(self, other: "Score") -> None:
        self.gold += other.gold
        self.draft += other.draft
        self.tp += other.tp
        self.extra_ok += other.extra_ok
        self.extra_n += other.extra_n


@dataclass
class ArticleResult:
    article_id: str
    missed: dict[str, list] = field(default_factory=dict)
    wrong: dict[str, list] = field(default_factory=dict)


@dataclass
class Report:
    name: str
    scores: dict[str, Score]
    articles: list[ArticleResult]

    def failures(self, targets=TARGETS) -> list[str]:
        out = []
        for group, (p, r) in targets.items():
            s = self.scores[group]
            if s.precision < p:
                out.append(f"{self.name} {group}: precision {s.precision:.2f} < {p}")
            if s.recall < r:
                out.append(f"{self.name} {group}: recall {s.recall:.2f} < {r}")
        return out


def _norm(ref: Reference, field_: str, value, qualifier=None):
    text, count, period = ref.normalise(field_, value, qualifier)
    if field_ in vocab.COUNT_FIELDS:
        return (field_, count)
    return text


def _group_of(field_: str) -> str | None:
    for group, fields in GROUPS.items():
        if field_ in fields:
            return group
    return None


def gold_values(ref: Reference, raws: list[RawClaim]) -> dict[str, dict]:
    """group -> {normalised value: extra (role set / qualifier set)}."""
    out: dict[str, dict] = {g: {} for g in GROUPS}
    for raw in raws:
        group = _group_of(raw.field)
        if group is None:
            continue
        q = (raw.qualifier or "exact") if raw.field in vocab.COUNT_FIELDS else None
        key = _norm(ref, raw.field, raw.value, q)
        out[group].setdefault(key, set()).add(raw.role if group == "agencies" else q)
    return out


def draft_values(ref: Reference, cands: list[Candidate]) -> dict[str, dict]:
    out: dict[str, dict] = {g: {} for g in GROUPS}
    for c in cands:
        group = _group_of(c.field)
        if group is None:
            continue
        # a proposed new place or agency has no reference entry yet: it can only match by its id
        key = c.value if c.new else _norm(ref, c.field, c.value, c.qualifier)
        out[group].setdefault(key, set()).add(c.role if group == "agencies" else c.qualifier)
    return out


def pairs(folder: Path) -> list[tuple[Path, Path]]:
    """(article, gold claims) pairs: articles/<id>.md with claims/<id>.yaml, archived articles only."""
    out = []
    for article in sorted((folder / "articles").glob("*.md")):
        claims = folder / "claims" / f"{article.stem}.yaml"
        if not claims.is_file():
            continue
        head = article.read_text(encoding="utf-8").split("\n---", 1)[0]
        if "\narchived: true" not in head:
            continue
        out.append((article, claims))
    return out


def evaluate(name: str, items: list[tuple[Path, Path]], seeds: Path, threshold: float = THRESHOLD) -> Report:
    ex = extractor(seeds)
    from . import reference

    ref = reference(seeds)
    scores = {g: Score() for g in GROUPS}
    results = []
    for article_path, claims_path in items:
        article = load_article(article_path)
        problems: list = []
        raws = read_claims(claims_path, claims_path.as_posix(), article.article_id, problems)
        if problems:
            raise DraftError(f"gold claims {claims_path} do not parse:\n" + "\n".join(map(str, problems)))
        gold = gold_values(ref, raws)
        got = draft_values(ref, ex.draft(article.text, article.published).claims(threshold))
        res = ArticleResult(article.article_id)
        for group in GROUPS:
            g, d, s = gold[group], got[group], scores[group]
            s.gold += len(g)
            s.draft += len(d)
            hits = set(g) & set(d)
            s.tp += len(hits)
            for key in hits:
                s.extra_n += 1
                s.extra_ok += bool(g[key] & d[key])
            if set(g) - hits:
                res.missed[group] = sorted(map(str, set(g) - hits))
            if set(d) - hits:
                res.wrong[group] = sorted(map(str, set(d) - hits))
        results.append(res)
    return Report(name, scores, results)


def default_sets(root: Path) -> list[tuple[str, list[tuple[Path, Path]]]]:
    """The seed set (archived articles in seeds/ with curated claims) and the synthetic fixtures.

    tests/draft/ holds the development set (the rules were written against it) and
    tests/draft/heldout/ articles written later and scored before any rule was changed for them.
    """
    sets = [("seed", pairs(root / "seeds"))]
    fixtures = root / "tests" / "draft"
    if fixtures.is_dir():
        sets.append(("synthetic", pairs(fixtures)))
    if (fixtures / "heldout").is_dir():
        sets.append(("synthetic-heldout", pairs(fixtures / "heldout")))
    return sets


def format_report(report: Report, details: bool = False) -> str:
    extra = {"agencies": "role agreement", "figures": "qualifier agreement"}
    lines = [f"{report.name} ({len(report.articles)} articles)",
             f"  {'field':<10}{'gold':>6}{'draft':>7}{'match':>7}{'precision':>11}{'recall':>8}"]
    for group, s in report.scores.items():
        line = f"  {group:<10}{s.gold:>6}{s.draft:>7}{s.tp:>7}{s.precision:>11.2f}{s.recall:>8.2f}"
        if group in extra and s.extra_n:
            line += f"   {extra[group]} {s.extra_ok}/{s.extra_n}"
        lines.append(line)
    if details:
        for a in report.articles:
            for kind, got in (("missed", a.missed), ("wrong", a.wrong)):
                for group, values in got.items():
                    lines.append(f"  {a.article_id}: {kind} {group}: {', '.join(values)}")
    return "\n".join(lines)
