"""Merge the staged evaluation entries into benchmarks/real/gold.yaml and fill the text cache.

    python benchmarks/real/merge_staged.py [--staging /work/staging] [--check]

Reads every `<staging>/cov-*/eval.yaml` (a folder that has none but has `eval.jsonl`,
one JSON entry per line, is read from that instead), deduplicates by URL and writes
gold.yaml sorted by URL. An entry already in gold.yaml is kept as it was, because it may
already have been scored (a held-out half is scored once); `--replace` recodes it from the
staged entry instead. gold.yaml holds no article text: the URL, the query
that retrieves the excerpt, its fingerprint (SHA-256, length, first words) and the gold
coded by hand. Place ids in the gold are enriched with the GeoNames id that
seeds/reference or the staged reference additions give them, so that a proposed new
place can be matched by GeoNames id (see tco_ops/draft/real.py for the rule).

Excerpt texts are copied from `<staging>/textcache/<sha256>.txt` into the git-ignored
`benchmarks/real/cache/`, each checked against its fingerprint first; a text whose
bytes do not hash to its name is not copied and is reported.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
REQUIRED = ("url", "query", "language", "country", "report", "excerpt", "gold")
KEEP = ("url", "query", "language", "country", "report", "operations", "excerpt", "gold")


class MergeError(Exception):
    pass


class _NoAliases(yaml.SafeDumper):
    """Write a value shared by two entries twice rather than as an anchor: each entry reads alone."""

    def ignore_aliases(self, data):
        return True


def read_staged(folder: Path) -> list[tuple[str, dict]]:
    """(where, entry) for every entry of one staging folder."""
    out = []
    yml, jsonl = folder / "eval.yaml", folder / "eval.jsonl"
    if yml.is_file():
        data = yaml.safe_load(yml.read_text(encoding="utf-8")) or []
        if not isinstance(data, list):
            raise MergeError(f"{yml}: expected a list of entries, got {type(data).__name__}")
        out += [(f"{yml} entry {i + 1}", e) for i, e in enumerate(data)]
    elif jsonl.is_file():
        for n, line in enumerate(jsonl.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    out.append((f"{jsonl}:{n}", json.loads(line)))
                except json.JSONDecodeError as err:
                    raise MergeError(f"{jsonl}:{n}: not JSON ({err.msg}); fix the line or remove it") from None
    return out


def check_entry(where: str, e) -> list[str]:
    if not isinstance(e, dict):
        return [f"{where}: an entry must be a mapping"]
    problems = [f"{where}: missing key {k!r}" for k in REQUIRED if k not in e]
    ex = e.get("excerpt") or {}
    if not (isinstance(ex, dict) and isinstance(ex.get("sha256"), str) and len(ex["sha256"]) == 64
            and isinstance(ex.get("chars"), int)):
        problems.append(f"{where}: excerpt needs sha256 (64 hex digits) and chars (an integer)")
    if e.get("language") not in ("es", "en", "pt"):
        problems.append(f"{where}: language {e.get('language')!r} is not es, en or pt")
    return problems


def geonames_ids(staging: Path) -> dict[str, int]:
    """Location id -> GeoNames id, from seeds/reference and every staged reference-additions.yaml."""
    out: dict[str, int] = {}
    files = [ROOT / "seeds" / "reference" / "locations.yaml"]
    files += sorted(staging.glob("cov-*/reference-additions.yaml"))
    for f in files:
        data = yaml.safe_load(f.read_text(encoding="utf-8")) or []
        items = data.get("locations", []) if isinstance(data, dict) else data
        for loc in items or []:
            if isinstance(loc, dict) and loc.get("geonames_id") and loc.get("id"):
                out.setdefault(loc["id"], int(loc["geonames_id"]))
    return out


def enrich(entry: dict, gids: dict[str, int]) -> dict:
    gold = entry["gold"]
    for key in ("sites", "other_places"):
        for place in gold.get(key) or []:
            if isinstance(place, dict) and place.get("id") in gids and "geonames_id" not in place:
                place["geonames_id"] = gids[place["id"]]
    return entry


def fingerprint_ok(path: Path, excerpt: dict) -> str | None:
    """None when the file's bytes hash to the fingerprint and its length matches; else what is wrong."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != excerpt["sha256"]:
        return f"sha256 {digest[:12]}… differs from the fingerprint {excerpt['sha256'][:12]}…"
    chars = len(data.decode("utf-8"))
    if chars != excerpt["chars"] and len(data) != excerpt["chars"]:
        return f"{chars} characters, the fingerprint says {excerpt['chars']}"
    return None


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--staging", default="/work/staging")
    p.add_argument("--gold", default=str(HERE / "gold.yaml"))
    p.add_argument("--cache", default=str(HERE / "cache"))
    p.add_argument("--check", action="store_true", help="report only; write nothing")
    p.add_argument("--replace", action="store_true",
                   help="recode entries already in gold.yaml from the staged ones (default: keep what was scored)")
    args = p.parse_args(argv)
    staging, gold_path, cache = Path(args.staging), Path(args.gold), Path(args.cache)
    current = yaml.safe_load(gold_path.read_text(encoding="utf-8")) if gold_path.is_file() else None
    entries = {e["url"]: e for e in (current or {}).get("entries", [])}
    before = dict(entries)
    problems: list[str] = []
    gids = geonames_ids(staging)
    staged, kept = 0, []
    for folder in sorted(staging.glob("cov-*")):
        for where, e in read_staged(folder):
            bad = check_entry(where, e)
            if bad:
                problems += bad
                continue
            staged += 1
            if e["url"] in before and not args.replace:
                kept.append(e["url"])  # gold already scored (maybe in a held-out half) is not recoded silently
                continue
            entries[e["url"]] = enrich({k: e[k] for k in KEEP if k in e}, gids)
    if problems:
        print("not merged; fix these entries first:\n" + "\n".join(f"- {x}" for x in problems), file=sys.stderr)
        return 2
    added = sorted(set(entries) - set(before))
    changed = sorted(u for u in set(entries) & set(before) if entries[u] != before[u])
    copied, missing, mismatched = 0, [], []
    if not args.check:
        cache.mkdir(parents=True, exist_ok=True)
    for url, e in sorted(entries.items()):
        sha = e["excerpt"]["sha256"]
        src, dest = staging / "textcache" / f"{sha}.txt", cache / f"{sha}.txt"
        if dest.is_file() and fingerprint_ok(dest, e["excerpt"]) is None:
            continue
        if not src.is_file():
            missing.append(url)
            continue
        wrong = fingerprint_ok(src, e["excerpt"])
        if wrong:
            mismatched.append(f"{url}: {wrong}")
            continue
        if not args.check:
            shutil.copyfile(src, dest)
        copied += 1
    if not args.check:
        body = {"note": "Gold for `tco-ops evaluate --real`; merged by benchmarks/real/merge_staged.py. No article "
                        "text: each excerpt is named by its fingerprint and the query that retrieves it.",
                "entries": [entries[u] for u in sorted(entries)]}
        tmp = gold_path.with_suffix(".yaml.tmp")
        tmp.write_text(yaml.dump(body, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=120),
                       encoding="utf-8")
        tmp.replace(gold_path)
    print(f"{staged} staged entries read; gold.yaml: {len(entries)} entries ({len(added)} new, {len(changed)} "
          f"updated); texts copied to the cache: {copied}; texts not staged: {len(missing)}; texts whose "
          f"fingerprint does not match: {len(mismatched)}; staged for an entry already in gold and kept as it "
          f"was: {len(kept)} (--replace recodes them)")
    for line in mismatched:
        print(f"  mismatch: {line}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except MergeError as err:
        print(f"error: {err}", file=sys.stderr)
        sys.exit(2)
