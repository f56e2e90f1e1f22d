"""Draft claims from an archived article, for a curator to review.

    from tco_ops.draft import draft_file
    text = draft_file(Path("seeds/articles/andina-en-1018187.md"))   # the YAML of the draft

Rule-based and offline: names come from the reference files' aliases and from shipped
gazetteers (world.py, agencies_gazetteer.yaml), dates are resolved against the
publication date, counts are bound to a measure by the noun after the number and the
nearest verb, and every place, date and figure gets a role. Every candidate carries a
confidence in [0, 1]; see extract.py for the pipeline, evaluate.py and real.py for how
drafts are scored.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from ..build.dates import Period, parse_period
from ..build.inputs import Article, read_article, read_meta
from ..build.resolve import Reference, build_reference
from ..errors import TcoOpsError
from .extract import THRESHOLD, Candidate, Draft, Extractor
from .gazetteer import Gazetteer

__all__ = ["THRESHOLD", "Candidate", "Draft", "DraftError", "Extractor", "Gazetteer", "draft_file", "draft_text",
           "extractor", "load_article", "reference"]


class DraftError(TcoOpsError):
    pass


def _problems_text(problems) -> str:
    return "\n".join(f"- {p}" for p in problems[:20])


@lru_cache(maxsize=8)
def _reference(seeds: str, stamp: tuple) -> Reference:
    problems: list = []
    ref = build_reference(read_meta(Path(seeds), problems), problems)
    ref_problems = [p for p in problems if "reference" in str(p.file)]
    if ref_problems:
        raise DraftError("the reference files have problems; fix them first:\n" + _problems_text(ref_problems))
    return ref


def _stamp(seeds: Path) -> tuple:
    folder = seeds / "reference"
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.glob("*.yaml"))) \
        if folder.is_dir() else ()


def reference(seeds: Path) -> Reference:
    """The reference files under `seeds/reference/`, read and indexed (cached until they change)."""
    seeds = Path(seeds)
    if not (seeds / "reference").is_dir():
        raise DraftError(f"no reference folder at {seeds / 'reference'}; run inside the repository or pass --seeds")
    return _reference(str(seeds.resolve()), _stamp(seeds))


@lru_cache(maxsize=8)
def _extractor(seeds: str, stamp: tuple) -> Extractor:
    return Extractor(Gazetteer.from_reference(_reference(seeds, stamp)))


def extractor(seeds: Path) -> Extractor:
    """An extractor over the reference files in `seeds` (built once per set of files)."""
    seeds = Path(seeds)
    reference(seeds)
    return _extractor(str(seeds.resolve()), _stamp(seeds))


def load_article(path: Path) -> Article:
    """Read an article file (front matter + text) with the build's own reader; DraftError if it has no text."""
    path = Path(path)
    if not path.is_file():
        raise DraftError(f"no such article: {path}")
    problems: list = []
    article = read_article(path, path.as_posix(), problems)
    if article is None or problems:
        raise DraftError(f"{path} is not a valid article file:\n" + _problems_text(problems))
    if not article.text:
        raise DraftError(f"{path} has no archived text (archived: false); drafting reads the text itself")
    return article


def draft_text(text: str, published: Period | str | None, ex: Extractor) -> Draft:
    """Draft candidates from raw text; `published` is the publication date (a Period or YYYY[-MM[-DD]])."""
    if isinstance(published, str):
        published = parse_period(published)
    return ex.draft(unicodedata.normalize("NFC", text), published)


def draft_file(path: Path, seeds: Path | None = None, threshold: float = THRESHOLD) -> str:
    """The YAML of the draft claims file for the article at `path`."""
    from .render import render

    path = Path(path)
    seeds = Path(seeds) if seeds is not None else path.resolve().parent.parent
    article = load_article(path)
    ex = extractor(seeds)
    return render(article, ex.draft(article.text, article.published), ex.g, threshold,
                  source=path.as_posix())
