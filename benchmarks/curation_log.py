"""Curation log: how much of each draft a curator kept, per field, for the real-news articles.

    python benchmarks/curation_log.py [--staging /work/staging] [--out benchmarks/curation-log.jsonl]

For every article of benchmarks/real/gold.yaml whose excerpt is in the cache and whose
curated claims exist (seeds/claims/<article_id>.yaml in the repository, or in a staged
coverage folder with --staging; articles are matched by URL through seeds/articles/*.md),
the drafter drafts the excerpt and its proposed claims are compared with the curated ones
per field (agencies, places, action date, figures):

- kept: drafted and curated; changed: drafted, but the curator wrote another value for that
  field (paired one-to-one with an added value); removed: drafted, not curated; added:
  curated, not drafted.

One JSON line per article goes to the log; the acceptance rate per field (kept / drafted)
is printed. The curators coded these articles BEFORE any draft existed, from the full page
rather than the excerpt, so this measures agreement between the drafter and independent
curation, not how curators edit drafts.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tco_ops import vocab  # noqa: E402
from tco_ops.build.resolve import alias_key  # noqa: E402
from tco_ops.draft import extractor, reference  # noqa: E402
from tco_ops.draft.real import load_gold, published_of, read_cached  # noqa: E402

FIELDS = {"agencies": ("agency",), "places": ("location",), "action_date": ("date",), "figures": vocab.COUNT_FIELDS}


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return {}
    return yaml.safe_load(text.split("\n---", 1)[0][3:]) or {}


def curated_by_url(seed_dirs: list[Path]) -> dict[str, Path]:
    out: dict[str, Path] = {}
    for seeds in seed_dirs:
        for art in sorted((seeds / "articles").glob("*.md")):
            claims = seeds / "claims" / f"{art.stem}.yaml"
            url = front_matter(art).get("url")
            if url and claims.is_file():
                out.setdefault(url.rstrip("/"), claims)
    return out


def _norm(ref, field: str, value) -> object:
    if field in vocab.COUNT_FIELDS:
        return (field, value)
    if field in ("agency", "location"):
        try:
            return ref.resolve(field, str(value))
        except LookupError:
            return alias_key(str(value))  # an id a staged reference addition defines
    return str(value)


def compare(drafted: set, curated: set) -> dict[str, int]:
    extra, missing = drafted - curated, curated - drafted
    changed = min(len(extra), len(missing))
    return {"kept": len(drafted & curated), "changed": changed, "removed": len(extra) - changed,
            "added": len(missing) - changed}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--staging", help="also read curated claims from <staging>/cov-*/seeds")
    p.add_argument("--out", default=str(ROOT / "benchmarks" / "curation-log.jsonl"))
    args = p.parse_args(argv)
    seed_dirs = [ROOT / "seeds"] + (sorted(Path(args.staging).glob("cov-*/seeds")) if args.staging else [])
    curated = curated_by_url(seed_dirs)
    ex = extractor(ROOT / "seeds")
    ref = reference(ROOT / "seeds")
    totals = {f: {"kept": 0, "changed": 0, "removed": 0, "added": 0} for f in FIELDS}
    rows = []
    for entry in load_gold(ROOT / "benchmarks" / "real" / "gold.yaml"):
        claims_path = curated.get(entry.url.rstrip("/"))
        text, _ = read_cached(entry, ROOT / "benchmarks" / "real" / "cache")
        if claims_path is None or text is None:
            continue
        published, body = published_of(entry.url, text)
        draft = ex.draft(body, published)
        data = yaml.safe_load(claims_path.read_text(encoding="utf-8")) or {}
        row = {"url": entry.url, "claims": claims_path.name, "language": entry.language, "fields": {}}
        for name, fields in FIELDS.items():
            drafted = {_norm(ref, c.field, c.value) for c in draft.claims() if c.field in fields}
            cur = {_norm(ref, c["field"], c["value"]) for c in data.get("claims") or []
                   if c.get("field") in fields and (c.get("field") != "location" or c.get("role", "site") == "site")}
            counts = compare(drafted, cur)
            row["fields"][name] = counts
            for k, v in counts.items():
                totals[name][k] += v
        rows.append(row)
    Path(args.out).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} articles with a cached excerpt and curated claims -> {args.out}")
    print("The curators coded these articles before drafting existed (from the full page, not the excerpt):")
    print("this measures agreement between draft and curation, not edits to drafts.")
    print(f"  {'field':<12}{'kept':>6}{'changed':>9}{'removed':>9}{'added':>7}{'acceptance':>12}")
    for name, t in totals.items():
        drafted = t["kept"] + t["changed"] + t["removed"]
        rate = f"{t['kept'] / drafted:.2f}" if drafted else "-"
        print(f"  {name:<12}{t['kept']:>6}{t['changed']:>9}{t['removed']:>9}{t['added']:>7}{rate:>12}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
