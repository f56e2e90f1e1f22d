"""Score the drafter on real news: benchmarks/real/gold.yaml against excerpts in a local cache.

The repository holds no article text. gold.yaml names each excerpt by its URL, the search
query that retrieves it and a fingerprint (SHA-256, length, first words); the texts live
in the git-ignored `benchmarks/real/cache/<sha256>.txt`. A text whose bytes do not match
its fingerprint is not scored (it is not the excerpt that was coded) and is reported.

Halves: an entry is in the dev half when the last hex digit of sha256(url) is even, else
in the test half. Rules are tuned on dev only; the test half is scored once, at the end.

Matching rule, per article (micro-averaged over articles):
- agencies: every agency the draft proposes (any role) against the gold agencies. A drafted
  agency matches a gold one when the ids are equal or, for an agency the draft proposes as
  new (not in seeds/reference), when one of its names, folded (case and accents ignored),
  equals the gold's name.
- sites: the places the draft proposes with role `site` in the main operation's block
  against the gold sites; equal ids, or for a proposed new place an equal GeoNames id or a
  folded name equal to the gold's name.
- action date: the draft's top proposed action date of the main block (highest confidence,
  then first in the text) against the gold action date, exact (`2025-09` ≠ `2025-09-22`).
- figures: the main block's proposed totals, as (measure, number), against the gold figures
  of scope `total`; the qualifier is not part of the match. Every count field is scored, the
  ones the drafter does not draft yet (seized, killed, extradited ...) included, so they cap
  recall; only gold figures outside the count fields are counted apart.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import vocab
from ..build.dates import Period, parse_period
from ..build.resolve import alias_key
from . import DraftError
from .candidates import THRESHOLD, Candidate
from .evaluate import Score  # one precision/recall tally for the synthetic and the real sets
from .extract import META_DATE, Extractor

FIELDS = ("agencies", "sites", "action_date", "figures")
TARGETS = {f: (0.9, 0.8) for f in FIELDS}
URL_DATE = re.compile(r"/(20\d\d)[/-]?(0[1-9]|1[0-2])[/-]?([0-3]\d)(?:[/._-]|$)")


def half_of(url: str) -> str:
    """`dev` when the last hex digit of sha256(url) is even, else `test` (stable, independent of the content)."""
    return "dev" if int(hashlib.sha256(url.encode("utf-8")).hexdigest()[-1], 16) % 2 == 0 else "test"


@dataclass
class Entry:
    url: str
    query: str
    language: str
    country: str
    report: str
    sha256: str
    chars: int
    first_words: str
    gold: dict

    @property
    def half(self) -> str:
        return half_of(self.url)


def load_gold(path: Path) -> list[Entry]:
    if not path.is_file():
        raise DraftError(f"no gold file at {path}; run benchmarks/real/merge_staged.py to create it")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        raise DraftError(f"{path} is not valid YAML: {err}") from None
    out = []
    for i, e in enumerate(data.get("entries") or [], 1):
        try:
            ex = e["excerpt"]
            out.append(Entry(e["url"], e["query"], e["language"], e["country"], e["report"], ex["sha256"],
                             int(ex["chars"]), str(ex.get("first_words", "")), e["gold"] or {}))
        except (KeyError, TypeError) as err:
            raise DraftError(f"{path}: entry {i} lacks {err}; every entry needs url, query, language, country, "
                             "report, excerpt {sha256, chars, first_words} and gold") from None
    return out


def read_cached(entry: Entry, cache: Path) -> tuple[str | None, str | None]:
    """(text, None) when the cached excerpt matches its fingerprint; (None, why) otherwise."""
    path = cache / f"{entry.sha256}.txt"
    if not path.is_file():
        return None, "missing"
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != entry.sha256:
        return None, f"{path.name}: its SHA-256 differs from the fingerprint (not the excerpt that was coded)"
    text = data.decode("utf-8")
    if len(text) != entry.chars and len(data) != entry.chars:
        return None, f"{path.name}: {len(text)} characters, the fingerprint says {entry.chars}"
    return text, None


def published_of(url: str, text: str) -> tuple[Period | None, str]:
    """The publication date: the excerpt's leading `date YYYY-MM-DD` line, else a date in the URL."""
    m = META_DATE.match(text)
    if m:
        return parse_period(m.group().split()[1]), text[m.end():]
    u = URL_DATE.search(url)
    if u:
        try:
            return parse_period(dt.date(int(u[1]), int(u[2]), int(u[3])).isoformat()), text
        except ValueError:
            pass
    return None, text


@dataclass
class ArticleScore:
    entry: Entry
    scores: dict[str, Score]
    missed: dict[str, list] = field(default_factory=dict)
    wrong: dict[str, list] = field(default_factory=dict)
    unscored: int = 0  # gold totals of fields outside vocab.COUNT_FIELDS


def _names(ex: Extractor, kind: str, c: Candidate) -> set[str]:
    names = set(ex.g.names_of.get(kind, {}).get(c.value, set()))
    if c.new and c.new.get("name"):
        names.add(alias_key(c.new["name"]))
    return names


def _match_place(ex: Extractor, c: Candidate, gold: dict, ref_geonames: dict) -> bool:
    if c.value == gold.get("id"):
        return True
    if not c.new:
        return False
    gid = c.new.get("geonames_id")
    if gid and gid == gold.get("geonames_id"):
        return True
    return alias_key(str(gold.get("name", ""))) in _names(ex, "location", c)


def _match_agency(ex: Extractor, c: Candidate, gold: dict) -> bool:
    if c.value == gold.get("id"):
        return True
    return bool(c.new) and alias_key(str(gold.get("name", ""))) in _names(ex, "agency", c)


def _pair(drafted: list, golds: list, match) -> tuple[Score, list, list]:
    """One-to-one greedy matching: (score, missed gold, wrong drafts)."""
    used: set[int] = set()
    tp = 0
    wrong = []
    for d in drafted:
        hit = next((i for i, g in enumerate(golds) if i not in used and match(d, g)), None)
        if hit is None:
            wrong.append(d)
        else:
            used.add(hit)
            tp += 1
    missed = [g for i, g in enumerate(golds) if i not in used]
    return Score(len(golds), len(drafted), tp), missed, wrong


def score_article(ex: Extractor, entry: Entry, text: str, threshold: float = THRESHOLD,
                  ref_geonames: dict | None = None) -> ArticleScore:
    published, body = published_of(entry.url, text)
    draft = ex.draft(body, published)
    main = draft.claims(threshold, segment=0)
    gold = entry.gold
    out = ArticleScore(entry, {})

    agencies = list(dict.fromkeys(c.value for c in draft.claims(threshold) if c.field == "agency"))
    by_id = {c.value: c for c in draft.candidates if c.field == "agency"}
    golds = [a for a in gold.get("agencies") or [] if isinstance(a, dict)]
    golds = list({a.get("id"): a for a in golds}.values())
    s, missed, wrong = _pair([by_id[a] for a in agencies], golds, lambda d, g: _match_agency(ex, d, g))
    out.scores["agencies"] = s
    out.missed["agencies"], out.wrong["agencies"] = [g.get("id") for g in missed], [d.value for d in wrong]

    sites = list({c.value: c for c in main if c.field == "location"}.values())
    gsites = list({p.get("id"): p for p in gold.get("sites") or [] if isinstance(p, dict)}.values())
    s, missed, wrong = _pair(sites, gsites, lambda d, g: _match_place(ex, d, g, ref_geonames or {}))
    out.scores["sites"] = s
    out.missed["sites"], out.wrong["sites"] = [g.get("id") for g in missed], [d.value for d in wrong]

    actions = sorted((c for c in main if c.field == "date"), key=lambda c: (-c.confidence, c.start))
    top = [str(actions[0].value)] if actions else []
    gdate = [str(gold["action_date"])] if gold.get("action_date") else []
    s, missed, wrong = _pair(top, gdate, lambda d, g: d == g)
    out.scores["action_date"] = s
    out.missed["action_date"], out.wrong["action_date"] = missed, wrong

    figs = list(dict.fromkeys((c.field, c.value) for c in main if c.field in vocab.COUNT_FIELDS))
    gfigs = [f for f in gold.get("figures") or [] if isinstance(f, dict) and f.get("scope") == "total"]
    scored = list(dict.fromkeys((f["field"], f["value"]) for f in gfigs if f.get("field") in vocab.COUNT_FIELDS))
    out.unscored = sum(1 for f in gfigs if f.get("field") not in vocab.COUNT_FIELDS)
    s, missed, wrong = _pair(figs, scored, lambda d, g: d == g)
    out.scores["figures"] = s
    out.missed["figures"], out.wrong["figures"] = missed, wrong
    return out


@dataclass
class RealReport:
    half: str
    articles: list[ArticleScore]
    missing: list[Entry]
    mismatched: list[tuple[Entry, str]]

    def table(self, language: str | None = None) -> dict[str, Score]:
        out = {f: Score() for f in FIELDS}
        for a in self.articles:
            if language is None or a.entry.language == language:
                for f in FIELDS:
                    out[f].add(a.scores[f])
        return out

    def failures(self, targets=TARGETS) -> list[str]:
        out = []
        for lang in (None, "es", "en"):
            for f, s in self.table(lang).items():
                p, r = targets[f]
                name = f"{self.half} {lang or 'all'} {f}"
                if s.draft and s.precision < p:
                    out.append(f"{name}: precision {s.precision:.2f} < {p}")
                if s.gold and s.recall < r:
                    out.append(f"{name}: recall {s.recall:.2f} < {r}")
        return out


def evaluate_real(ex: Extractor, gold_path: Path, cache: Path, half: str = "dev",
                  threshold: float = THRESHOLD) -> RealReport:
    entries = [e for e in load_gold(gold_path) if half == "all" or e.half == half]
    scored, missing, mismatched = [], [], []
    for e in entries:
        text, why = read_cached(e, cache)
        if text is None:
            (missing.append(e) if why == "missing" else mismatched.append((e, why)))
            continue
        scored.append(score_article(ex, e, text, threshold))
    return RealReport(half, scored, missing, mismatched)


def format_real(report: RealReport, details: bool = False) -> str:
    langs = sorted({a.entry.language for a in report.articles})
    count = {lang: sum(a.entry.language == lang for a in report.articles) for lang in langs}
    lines = [f"real, {report.half} half: {len(report.articles)} articles scored "
             f"({', '.join(f'{k} {v}' for k, v in count.items())}); {len(report.missing)} not in the cache; "
             f"{len(report.mismatched)} not matching their fingerprint",
             f"  {'lang':<5}{'field':<13}{'gold':>6}{'draft':>7}{'match':>7}{'precision':>11}{'recall':>8}"]
    for lang in (None, *langs):
        for f, s in report.table(lang).items():
            lines.append(f"  {lang or 'all':<5}{f:<13}{s.gold:>6}{s.draft:>7}{s.tp:>7}{s.precision:>11.2f}"
                         f"{s.recall:>8.2f}")
    unscored = sum(a.unscored for a in report.articles)
    if unscored:
        lines.append(f"  ({unscored} gold totals of fields that are not count fields are not scored)")
    if details:
        for a in report.articles:
            for kind, got in (("missed", a.missed), ("wrong", a.wrong)):
                for f, values in got.items():
                    if values:
                        lines.append(f"  {a.entry.sha256[:10]} {a.entry.language} {a.entry.country}: {kind} {f}: "
                                     f"{', '.join(map(str, values))}")
    for e in report.missing:
        lines.append(f"  not cached: {e.url}\n    query: {e.query!r} (excerpt {e.sha256[:12]}…, {e.chars} chars, "
                     f"begins {e.first_words!r})")
    for e, why in report.mismatched:
        lines.append(f"  fingerprint mismatch: {e.url}: {why}")
    return "\n".join(lines)
