"""What the ethics check (build/ethics.py) adds to a build: its time as a share of the full build.

    python benchmarks/bench_ethics.py [--repeat 7] [--seeds seeds]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tco_ops.build import ethics
from tco_ops.build.inputs import read_meta
from tco_ops.build.pipeline import build
from _timing import interleaved, machine


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seeds", default="seeds")
    args = parser.parse_args()
    seeds = Path(args.seeds)
    reference = read_meta(seeds, []).reference
    build(seeds)  # warm imports

    def check():
        problems: list = []
        ethics.check_seeds(seeds, reference, problems)
        assert not problems, problems[:3]

    check_s, build_s = interleaved(check, lambda: build(seeds), args.repeat)
    print(f"ethics ({machine()}, median of {args.repeat}): check {check_s * 1e3:.0f} ms, full build "
          f"{build_s * 1e3:.0f} ms (in memory, check included), share {check_s / build_s:.1%}")
    return {"check_ms": check_s * 1e3, "build_ms": build_s * 1e3, "share": check_s / build_s}


if __name__ == "__main__":
    main()
