"""Build cost from 100 to 50,000 articles, each against the floor of just reading and parsing the inputs.

    python benchmarks/bench_scale.py [--sizes 100,1000,10000,50000] [--repeat 3] [--work /tmp/tco-scale] [--rows]

Every measurement runs as its own process (wall time and that process's peak
RSS from wait4), repeated and reported as a median. The baseline of each size
is a process that only reads every seed file and parses its YAML with
libyaml (yaml.CSafeLoader): the floor a build cannot beat. Output: a Markdown
report on stdout, for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import synth  # noqa: E402

PARSE_FLOOR = textwrap.dedent("""
    import os, sys, yaml
    root = sys.argv[1]
    for sub in ("articles", "claims", "operations", "reference"):
        folder = os.path.join(root, "seeds", sub)
        for name in sorted(os.listdir(folder)):
            text = open(os.path.join(folder, name), encoding="utf-8").read()
            if name.endswith(".md"):
                text = text[4:text.index("\\n---\\n", 3)]
            yaml.load(text, Loader=yaml.CSafeLoader)
""")


def run(cmd: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """(wall seconds, peak RSS in MiB) of one process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err[-2000:]}")
    return wall, usage.ru_maxrss // 1024


def median_run(cmd: list[str], repeat: int, before=None) -> tuple[float, int]:
    walls, rss = [], []
    for _ in range(repeat):
        if before:
            before()
        w, r = run(cmd)
        walls.append(w)
        rss.append(r)
    return statistics.median(walls), max(rss)


def tco(*args: str) -> list[str]:
    return [sys.executable, "-m", "tco_ops.cli", *args]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,1000,10000,50000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", default="/tmp/tco-scale")
    parser.add_argument("--incremental-at", type=int, default=10000)
    parser.add_argument("--rows", action="store_true", help="also time `validate --frictionless-rows` once (slow)")
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]
    work = Path(args.work)
    cores = os.cpu_count()
    rows, results = [], {}
    for n in sizes:
        root = work / f"n{n}"
        if not (root / "seeds" / "articles" / f"synth-{n - 1:06d}.md").exists():
            shutil.rmtree(root, ignore_errors=True)
            synth.write(n, root)
        parse, _ = median_run([sys.executable, "-c", PARSE_FLOOR, str(root)], args.repeat)
        full, rss = median_run(tco("build", "--root", str(root), "--force", "--no-cache"), args.repeat)
        results[n] = full
        rows.append(f"| {n:,} | {full:.1f} s | {rss} MiB | {parse:.1f} s | {full / parse:.2f} |")
        print(f"n={n}: build {full:.1f}s rss {rss}MiB parse {parse:.1f}s", file=sys.stderr)

    print(f"Machine: {cores} cores. Median of {args.repeat} runs; each run is a fresh process.\n")
    print("| articles | full build | peak RSS | read+parse floor | build ÷ floor |")
    print("|---:|---:|---:|---:|---:|")
    print("\n".join(rows))
    if 10000 in results and 50000 in results:
        print(f"\nt(50,000) ÷ t(10,000) = {results[50000] / results[10000]:.2f} (linear would be 5.0)")

    n = args.incremental_at
    root = work / f"n{n}"
    if root.exists():
        run(tco("build", "--root", str(root), "--force"))  # warm the per-article cache and the manifest
        noop, _ = median_run(tco("build", "--root", str(root)), args.repeat)
        victim = root / "seeds" / "articles" / "synth-000007.md"
        original = victim.read_text(encoding="utf-8")
        counter = {"i": 0}

        def touch():
            counter["i"] += 1
            victim.write_text(original + f"\nUpdate {counter['i']}: the authorities gave no further details.\n",
                              encoding="utf-8")

        one, _ = median_run(tco("build", "--root", str(root)), args.repeat, before=touch)
        victim.write_text(original, encoding="utf-8")
        run(tco("build", "--root", str(root)))
        validate, vrss = median_run(tco("validate", "--root", str(root), "--no-frictionless"), args.repeat)
        # the default: frictionless on the descriptor and every Table Schema, not the rows
        checked, _ = median_run(tco("validate", "--root", str(root)), args.repeat)
        rows_s = run(tco("validate", "--root", str(root), "--frictionless-rows"))[0] if args.rows else None
        serial, _ = median_run(tco("build", "--root", str(root), "--force", "--no-cache", "--jobs", "1"), args.repeat)
        parallel, _ = median_run(tco("build", "--root", str(root), "--force", "--no-cache", "--jobs", str(cores)),
                                 args.repeat)
        parse, _ = median_run([sys.executable, "-c", PARSE_FLOOR, str(root)], args.repeat)
        bare, _ = median_run([sys.executable, "-c", "pass"], args.repeat)
        print(f"\nAt {n:,} articles (floor: read+parse {parse:.1f} s; bare interpreter {bare * 1e3:.0f} ms):\n")
        print("| measurement | median | ÷ floor |")
        print("|---|---:|---:|")
        print(f"| no-op rebuild (`tco-ops build`, nothing changed) | {noop:.2f} s | {noop / parse:.2f} |")
        print(f"| one article changed (`tco-ops build`) | {one:.2f} s | {one / parse:.2f} |")
        print(f"| `tco-ops validate --no-frictionless` | {validate:.2f} s | {validate / parse:.2f} |")
        print(f"| `tco-ops validate` (frictionless: descriptor and schemas) | {checked:.2f} s | {checked / parse:.2f} |")
        if rows_s is not None:
            print(f"| `tco-ops validate --frictionless-rows` (once) | {rows_s:.2f} s | {rows_s / parse:.2f} |")
        print(f"| full build, 1 worker | {serial:.2f} s | {serial / parse:.2f} |")
        print(f"| full build, {cores} workers | {parallel:.2f} s | {parallel / parse:.2f} |")
        print(f"\nvalidate peak RSS: {vrss} MiB")
        print(f"`tco-ops validate` ÷ full build ({cores} workers): {checked / parallel:.2f} (target ≤ 1.5)")


if __name__ == "__main__":
    main()
