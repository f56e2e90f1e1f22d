"""`tco-ops site` at scale: the site of a 10,000-article synthetic build, its time and its home page's weight.

    python benchmarks/bench_site.py [--n 10000] [--repeat 3] [--work /tmp/tco-scale]

Builds (or reuses) the synthetic corpus of benchmarks/synth.py, publishes its
tables with `tco-ops build`, then times `tco-ops site` as a fresh process
(median of --repeat) against the baseline of the same process reading the same
tables (SiteData alone). Targets: site ≤ 60 s; home page (HTML plus the
stylesheet it loads; the map and charts are inline SVG) ≤ 1 MB.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import synth  # noqa: E402
from bench_scale import median_run, tco  # noqa: E402

# benchmarks/synth.py predates model 0.2, which requires an ISO 3166-2 code for every subnational place;
# until it writes them, give each synthetic city a real first-level code of its country (checked by pycountry).
ISO_3166_2 = {"PE": "PE-LIM", "CL": "CL-RM", "CO": "CO-DC", "VE": "VE-A", "ES": "ES-MD", "US": "US-NY"}


def add_iso_codes(root: Path) -> None:
    path = root / "seeds" / "reference" / "locations.yaml"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        out.append(line)
        if line.startswith("  country: ") and out[-3].strip() == "kind: city" if len(out) >= 3 else False:
            out.append(f"  iso_3166_2: {ISO_3166_2[line.split()[1]]}\n")
    path.write_text("".join(out), encoding="utf-8")


READ_ONLY = "import sys; from pathlib import Path; from tco_ops.site.data import SiteData; SiteData(Path(sys.argv[1]))"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", default="/tmp/tco-scale")
    args = parser.parse_args()
    root = Path(args.work) / f"n{args.n}"
    if not (root / "seeds" / "articles" / f"synth-{args.n - 1:06d}.md").exists():
        shutil.rmtree(root, ignore_errors=True)
        synth.write(args.n, root)
    if "iso_3166_2" not in (root / "seeds" / "reference" / "locations.yaml").read_text(encoding="utf-8"):
        add_iso_codes(root)
    if not (root / "datapackage.json").exists():
        subprocess.run(tco("build", "--root", str(root)), check=True, stdout=subprocess.DEVNULL)
    out = Path(args.work) / f"site-n{args.n}"
    # `tco-ops site` reads the installed data; point it at the synthetic tables through the API instead.
    code = ("import sys; from pathlib import Path; from tco_ops.site import render, write; "
            "write(render(Path(sys.argv[1])), Path(sys.argv[2]), force=True)")
    wall, rss = median_run([sys.executable, "-c", code, str(root), str(out)], args.repeat)
    read, _ = median_run([sys.executable, "-c", READ_ONLY, str(root)], args.repeat)
    home = (out / "index.html").stat().st_size + (out / "assets" / "site.css").stat().st_size
    files = [p for p in out.rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    import json

    pkg = json.loads((root / "datapackage.json").read_text())
    print(f"Synthetic build of {args.n:,} articles ({len(pkg['resources'])} tables); median of {args.repeat}, "
          "each a fresh process.\n")
    print("| measurement | result | target |")
    print("|---|---:|---:|")
    print(f"| site generation (render + write) | {wall:.1f} s | ≤ 60 s |")
    print(f"| baseline: reading the tables (SiteData) | {read:.1f} s | |")
    print(f"| site ÷ baseline | {wall / read:.1f} | |")
    print(f"| peak RSS | {rss} MiB | |")
    print(f"| home page (index.html + site.css) | {home / 1e6:.2f} MB | ≤ 1 MB |")
    print(f"| whole site | {len(files):,} files, {total / 1e6:.1f} MB | |")
    ok = wall <= 60 and home <= 1_000_000
    print(f"\n{'within' if ok else 'OVER'} target")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
