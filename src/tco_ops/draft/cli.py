"""`tco-ops draft` and `tco-ops evaluate`, as functions the main CLI calls.

Wiring in tco_ops/cli.py (two lines):

    from .draft.cli import add_parsers as add_draft_parsers
    add_draft_parsers(sub)          # after the other sub.add_parser(...) calls

or by hand: `p.set_defaults(func=main_draft)` / `func=main_evaluate` with the
arguments listed in `add_parsers`. Both return a process exit code; problems a
user can fix raise DraftError (a TcoOpsError: the main CLI prints it, exit 2).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import THRESHOLD, DraftError, draft_file, load_article


def _seeds_for(article: Path, root: str | None) -> Path:
    if root:
        return Path(root) / "seeds"
    resolved = article.resolve()
    if resolved.parent.name == "articles" and (resolved.parent.parent / "reference").is_dir():
        return resolved.parent.parent
    from .._paths import checkout_root

    return checkout_root() / "seeds"


FRONT_MATTER = """---
url: https://example.org/the-article
publisher: The outlet
published: YYYY-MM-DD
language: es
archived: true
---"""


def _require_front_matter(path: Path) -> None:
    """A plain text file gets the one message it needs: the front matter to add, and where the file goes."""
    try:
        with open(path, "rb") as handle:
            start = handle.read(4)
    except OSError:
        return  # load_article explains a missing or unreadable file
    if start.lstrip(b"\xef\xbb\xbf").startswith(b"---"):
        return
    import re

    stem = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "outlet-id"
    raise DraftError(
        f"{path} has no front matter, so the drafter does not know the article's URL, publication date or "
        f"language (it resolves dates such as 'last Friday' against the publication date). Add these lines at "
        f"the top, with the article's values:\n{FRONT_MATTER}\nand save it as seeds/articles/<outlet>-<id>.md, "
        f"e.g. seeds/articles/{stem}.md (the name is the article id: lowercase letters, digits, hyphens).")


def main_draft(args) -> int:
    """Write seeds/claims/<id>.draft.yaml (or --out, or stdout with --stdout) for one article."""
    article_path = Path(args.article)
    _require_front_matter(article_path)
    seeds = _seeds_for(article_path, getattr(args, "root", None))
    threshold = getattr(args, "threshold", None)
    threshold = THRESHOLD if threshold is None else threshold
    text = draft_file(article_path, seeds, threshold)
    if getattr(args, "stdout", False):
        sys.stdout.write(text)
        return 0
    article_id = load_article(article_path).article_id
    out = Path(args.out) if getattr(args, "out", None) else seeds / "claims" / f"{article_id}.draft.yaml"
    if not out.name.endswith(".draft.yaml"):
        raise DraftError(f"refusing to write {out}: a draft's name must end in .draft.yaml "
                         "(the build reads <id>.yaml as curated claims)")
    _write_draft(out, text, force=getattr(args, "force", False))
    proposed = sum(1 for line in text.splitlines() if line.startswith("  - field:"))
    aside = sum(1 for line in text.splitlines() if line.startswith("#  - {"))
    print(f"wrote {out}: {proposed} claim(s) proposed, {aside} set aside; review it, then rename it to "
          f"{article_id}.yaml")
    return 0


def _write_draft(out: Path, text: str, force: bool) -> None:
    """Write `out` whole or not at all, never through a symbolic link (even with --force: the link's
    target is some other file, maybe not a draft at all), and never over a draft without force."""
    import os
    import tempfile

    if out.is_symlink():
        raise DraftError(f"{out} is a symbolic link; draft never writes through one. Remove the link or choose "
                         "another --out")
    if out.exists() and not force:
        raise DraftError(f"{out} exists (a curator may be editing it); pass --force to overwrite it")
    if out.exists() and not out.is_file():
        raise DraftError(f"{out} is not a file; choose another --out")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    except OSError as exc:
        raise DraftError(f"cannot write {out}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; a draft is an ordinary seed file
        os.replace(tmp, out)  # atomic: an interrupted write leaves the previous draft whole
    except OSError as exc:
        raise DraftError(f"cannot write {out}: {exc.strerror or exc}; nothing was changed") from None
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)


def main_evaluate(args) -> int:
    """Precision and recall per claim field of drafts against curated claims; exit 1 with --check if short."""
    from .evaluate import TARGETS, default_sets, evaluate, format_report, pairs

    root = Path(args.root) if getattr(args, "root", None) else None
    if root is None:
        from .._paths import checkout_root

        root = checkout_root()
    seeds = root / "seeds"
    if getattr(args, "real", False):
        return _evaluate_real(args, root, seeds)
    folders = getattr(args, "fixtures", None) or []
    for folder in map(Path, folders):  # a typo would otherwise score nothing and exit 0
        if not (folder / "articles").is_dir():
            what = "does not exist" if not folder.exists() else "has no articles/ folder"
            raise DraftError(f"fixture folder {folder} {what}; give folders holding articles/ and claims/, "
                             "or none for the default sets")
    sets = [(Path(f).name, pairs(Path(f))) for f in folders] if folders else default_sets(root)
    threshold = getattr(args, "threshold", None)
    threshold = THRESHOLD if threshold is None else threshold
    failures = []
    for name, items in sets:
        if not items:
            print(f"{name}: no archived article with a claims file")
            continue
        report = evaluate(name, items, seeds, threshold)
        print(format_report(report, details=getattr(args, "details", False)))
        failures += report.failures(TARGETS)
    print(f"matching: same field and normalised value per article (figures: measure and number, qualifier "
          f"reported apart); threshold {threshold:.2f}; targets precision >= 0.9, recall >= 0.85")
    if failures and getattr(args, "check", False):
        print("below target:\n" + "\n".join(f"- {f}" for f in failures), file=sys.stderr)
        return 1
    return 0


def _evaluate_real(args, root: Path, seeds: Path) -> int:
    from . import extractor
    from .real import evaluate_real, format_real

    threshold = THRESHOLD if getattr(args, "threshold", None) is None else args.threshold
    gold = Path(args.gold) if getattr(args, "gold", None) else root / "benchmarks" / "real" / "gold.yaml"
    cache = Path(args.cache) if getattr(args, "cache", None) else root / "benchmarks" / "real" / "cache"
    half = getattr(args, "half", None) or "dev"
    report = evaluate_real(extractor(seeds), gold, cache, half, threshold)
    if half != "dev":
        print(f"scoring the {half} half: the rules must not be changed after reading this (see BENCHMARKS.md)")
    print(format_real(report, details=getattr(args, "details", False)))
    print(f"matching: see tco_ops/draft/real.py; threshold {threshold:.2f}; targets precision >= 0.9, recall >= 0.8 "
          "per field")
    failures = report.failures()
    if failures and getattr(args, "check", False):
        print("below target:\n" + "\n".join(f"- {f}" for f in failures), file=sys.stderr)
        return 1
    return 0


def threshold_arg(raw: str) -> float:
    """--threshold: a confidence from 0 to 1. float() alone let nan through, which matches nothing and
    scored every field 0 without a word, and -5 or 1.5, which propose everything or nothing."""
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not 0.0 <= value <= 1.0:  # also false for nan
        raise argparse.ArgumentTypeError(f"{raw!r} is not a confidence from 0 to 1 (default {THRESHOLD})")
    return value


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add the `draft` and `evaluate` sub-commands to the main parser's subparsers."""
    p = sub.add_parser("draft", help="draft claims for an archived article into seeds/claims/<id>.draft.yaml")
    p.add_argument("article", help="the article file, e.g. seeds/articles/<id>.md (archived: true)")
    p.add_argument("--out", help="write here instead (the name must end in .draft.yaml)")
    p.add_argument("--stdout", action="store_true", help="print the draft, write nothing")
    p.add_argument("--force", action="store_true", help="overwrite an existing draft")
    p.add_argument("--threshold", type=threshold_arg, help=f"confidence to propose a claim (default {THRESHOLD})")
    p.add_argument("--root", help="repository root (default: found from the article or current folder)")
    p.set_defaults(func=main_draft)
    p = sub.add_parser("evaluate", help="precision and recall of drafts against curated claims, per field")
    p.add_argument("fixtures", nargs="*", help="folders with articles/ and claims/ (default: the archived seed "
                                               "articles, tests/draft and tests/draft/heldout)")
    p.add_argument("--details", action="store_true", help="list every missed and wrong value")
    p.add_argument("--check", action="store_true", help="exit 1 when a field is below its target")
    p.add_argument("--threshold", type=threshold_arg, help=f"confidence to count a claim (default {THRESHOLD})")
    p.add_argument("--root", help="repository root (default: found from the current folder)")
    p.add_argument("--real", action="store_true", help="score the real-news set (benchmarks/real/gold.yaml) "
                                                      "against the excerpts in benchmarks/real/cache/")
    p.add_argument("--half", choices=("dev", "test", "all"), help="with --real: which half (default dev; score "
                                                                    "test once, at the end)")
    p.add_argument("--gold", help="with --real: the gold file (default benchmarks/real/gold.yaml)")
    p.add_argument("--cache", help="with --real: the excerpt cache (default benchmarks/real/cache)")
    p.set_defaults(func=main_evaluate)
