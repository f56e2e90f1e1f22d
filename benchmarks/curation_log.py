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
is printed, in two groups:

- `draft_first: true`: the curator ran the drafter on the excerpt BEFORE writing any claim
  (the coverage helpers' `draft_first.py`) and the draft they saw is kept in
  benchmarks/real/drafts/<article_id>.json (values only: ids, dates and numbers, no text).
  The log compares that saved draft, not a re-draft by today's code, with the final claims:
  this is how much of a draft curators actually keep.
- `draft_first: false`: articles coded before drafting was part of the protocol, from the
  full page rather than the excerpt; they are re-drafted by today's code, so this group
  measures agreement between the drafter and independent curation, not edits to drafts.
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


def curated_values(ref, data: dict, fields) -> set:
    return {_norm(ref, c["field"], c["value"]) for c in data.get("claims") or []
            if c.get("field") in fields and (c.get("field") != "location" or c.get("role", "site") == "site")}


def row_for(ref, url: str, claims_path: Path, language, drafted: list[tuple[str, object]], first: bool) -> dict:
    data = yaml.safe_load(claims_path.read_text(encoding="utf-8")) or {}
    row = {"url": url, "claims": claims_path.name, "language": language, "draft_first": first, "fields": {}}
    for name, fields in FIELDS.items():
        d = {_norm(ref, f, v) for f, v in drafted if f in fields}
        row["fields"][name] = compare(d, curated_values(ref, data, fields))
    return row


def saved_drafts(folders: list[Path]) -> dict[str, dict]:
    """article id -> the draft its curator saw (benchmarks/real/drafts, or staged cov-*/drafts)."""
    out: dict[str, dict] = {}
    for folder in folders:
        for f in sorted(folder.glob("*.json")):
            out.setdefault(f.stem, json.loads(f.read_text(encoding="utf-8")))
    return out


def table(rows: list[dict]) -> list[str]:
    totals = {f: {"kept": 0, "changed": 0, "removed": 0, "added": 0} for f in FIELDS}
    for r in rows:
        for name, counts in r["fields"].items():
            for k, v in counts.items():
                totals[name][k] += v
    lines = [f"  {'field':<12}{'kept':>6}{'changed':>9}{'removed':>9}{'added':>7}{'acceptance':>12}"]
    for name, t in totals.items():
        drafted = t["kept"] + t["changed"] + t["removed"]
        rate = f"{t['kept'] / drafted:.2f}" if drafted else "-"
        lines.append(f"  {name:<12}{t['kept']:>6}{t['changed']:>9}{t['removed']:>9}{t['added']:>7}{rate:>12}")
    return lines


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--staging", help="also read curated claims and saved drafts from <staging>/cov-*/")
    p.add_argument("--out", default=str(ROOT / "benchmarks" / "curation-log.jsonl"))
    args = p.parse_args(argv)
    staged = sorted(Path(args.staging).glob("cov-*")) if args.staging else []
    seed_dirs = [ROOT / "seeds"] + [s / "seeds" for s in staged]
    curated = curated_by_url(seed_dirs)
    by_stem = {path.stem: path for path in curated.values()}
    drafts = saved_drafts([ROOT / "benchmarks" / "real" / "drafts"] + [s / "drafts" for s in staged])
    ex = extractor(ROOT / "seeds")
    ref = reference(ROOT / "seeds")
    gold = load_gold(ROOT / "benchmarks" / "real" / "gold.yaml")
    language = {e.url.rstrip("/"): e.language for e in gold}
    rows, done = [], set()
    for art, saved in sorted(drafts.items()):
        claims_path = by_stem.get(art)
        if claims_path is None:
            continue  # drafted, then left out (out of scope): nothing was curated
        drafted = [(c["field"], int(c["value"]) if c["field"] in vocab.COUNT_FIELDS else c["value"])
                   for c in saved["claims"]]
        rows.append(row_for(ref, saved["url"], claims_path, language.get(saved["url"].rstrip("/")), drafted, True))
        done.add(saved["url"].rstrip("/"))
    for entry in gold:
        claims_path = curated.get(entry.url.rstrip("/"))
        if claims_path is None or entry.url.rstrip("/") in done:
            continue
        text, _ = read_cached(entry, ROOT / "benchmarks" / "real" / "cache")
        if text is None:
            continue
        published, body = published_of(entry.url, text)
        draft = ex.draft(body, published)
        rows.append(row_for(ref, entry.url, claims_path, entry.language,
                            [(c.field, c.value) for c in draft.claims()], False))
    Path(args.out).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    first = [r for r in rows if r["draft_first"]]
    later = [r for r in rows if not r["draft_first"]]
    print(f"{len(rows)} articles -> {args.out}")
    print(f"Drafted BEFORE curation ({len(first)} articles; the saved draft the curator saw against the final claims):")
    print("\n".join(table(first)))
    print(f"Coded before drafting was in the protocol ({len(later)} articles; re-drafted by today's code):")
    print("this measures agreement between draft and curation, not edits to drafts.")
    print("\n".join(table(later)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
