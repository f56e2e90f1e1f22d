"""Full build time against the floor: just reading and parsing the seed files.

    python benchmarks/bench_build.py [--repeat 5] [--seeds seeds]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tco_ops.build.inputs import read_seeds
from tco_ops.build.pipeline import build
from _timing import interleaved, machine


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seeds", default="seeds")
    args = parser.parse_args()
    seeds = Path(args.seeds)
    build(seeds)  # warm imports
    full, parse = interleaved(lambda: build(seeds), lambda: read_seeds(seeds), args.repeat)
    files = sum(1 for _ in seeds.rglob("*") if _.is_file())
    print(f"build ({machine()}, {files} seed files, median of {args.repeat}): full build {full * 1e3:.0f} ms "
          f"(in memory, no publish), read+parse baseline {parse * 1e3:.0f} ms, ratio {full / parse:.1f}")
    return {"build_ms": full * 1e3, "parse_ms": parse * 1e3, "ratio": full / parse}


if __name__ == "__main__":
    main()
