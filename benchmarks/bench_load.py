"""tco_ops.load(name) against pyarrow.parquet.read_table(path).to_pandas() (target ratio ≤ 1.2).

    python benchmarks/bench_load.py [--repeat 30]
"""

from __future__ import annotations

import argparse

import pyarrow.parquet as pq

from pathlib import Path

import tco_ops
from tco_ops._paths import data_dir
from tco_ops.loader import load
from _timing import interleaved, machine


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--folder", help="a built checkout (e.g. a synthetic one) instead of the installed data")
    parser.add_argument("--tables", help="comma-separated tables (default: all)")
    args = parser.parse_args()
    folder = Path(args.folder) if args.folder else data_dir()
    tco_ops.load("articles")  # warm imports and the datapackage cache for both sides
    print(f"load() vs raw pyarrow ({machine()}, median of {args.repeat}):")
    print(f"{'table':<22}{'rows':>7}{'load ms':>10}{'raw ms':>10}{'ratio':>8}")
    results = {}
    names = args.tables.split(",") if args.tables else tco_ops.tables()
    for name in names:
        path = folder / "dataset" / f"{name}.parquet"
        ours, raw = interleaved(lambda: load(name, folder=folder), lambda: pq.read_table(path).to_pandas(),
                                args.repeat)
        rows = pq.read_metadata(path).num_rows
        results[name] = ours / raw
        print(f"{name:<22}{rows:>7}{ours * 1e3:>10.2f}{raw * 1e3:>10.2f}{ours / raw:>8.2f}")
    print(f"worst ratio {max(results.values()):.2f} (target ≤ 1.2)")
    return results


if __name__ == "__main__":
    main()
