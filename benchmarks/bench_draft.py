"""Draft throughput on one core against a floor: reading the same texts and NFC-normalising them.

    python benchmarks/bench_draft.py [--repeat 7] [--copies 20]

The corpus is the seed article and the synthetic fixtures (tests/draft, tests/draft/heldout),
repeated `--copies` times. The timed step is what `tco-ops draft` does per article after
start-up: read the file, parse its front matter with the build's reader, draft the
candidates and render the YAML. The baseline reads the same files and NFC-normalises them.
The reference files are loaded once, before timing (as a batch run would).
Target (issue 7): at least 200 articles per second.
"""

from __future__ import annotations

import argparse
import os
import unicodedata
from pathlib import Path

from tco_ops.draft import extractor, load_article
from tco_ops.draft.evaluate import pairs
from tco_ops.draft.render import render
from _timing import interleaved, machine

ROOT = Path(__file__).resolve().parents[1]


def corpus() -> list[Path]:
    fixtures = ROOT / "tests" / "draft"
    return [ROOT / "seeds" / "articles" / "andina-en-1018187.md"] + [
        a for a, _ in pairs(fixtures) + pairs(fixtures / "heldout")]


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--copies", type=int, default=20)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    files = corpus() * args.copies
    ex = extractor(ROOT / "seeds")

    def drafting():
        for path in files:
            article = load_article(path)
            render(article, ex.draft(article.text, article.published), ex.g, 0.5)

    def baseline():
        for path in files:
            unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))

    drafting()  # warm caches and imports
    full, floor = interleaved(drafting, baseline, args.repeat)
    n = len(files)
    chars = sum(len(p.read_text(encoding="utf-8")) for p in files) / n
    rate = n / full
    print(f"draft ({machine()}, pinned to one core, {n} articles of {chars:.0f} chars on average, median of "
          f"{args.repeat}): {rate:.0f} articles/s ({full / n * 1e3:.2f} ms each); baseline read+NFC "
          f"{n / floor:.0f} articles/s; ratio {full / floor:.0f}x the baseline; target >= 200 articles/s: "
          f"{'met' if rate >= 200 else 'NOT met'}")
    return {"articles_per_s": rate, "ms_per_article": full / n * 1e3, "baseline_per_s": n / floor,
            "ratio": full / floor}


if __name__ == "__main__":
    main()
