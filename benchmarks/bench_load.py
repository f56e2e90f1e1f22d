"""tco_ops.load(name) against pyarrow.parquet.read_table(path).to_pandas() (target ratio ≤ 1.2).

    python benchmarks/bench_load.py [--repeat 30]
"""

from __future__ import annotations

import argparse

import pyarrow.parquet as pq

import tco_ops
from tco_ops._paths import data_dir
from _timing import interleaved, machine


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    folder = data_dir()
    tco_ops.load("articles")  # warm imports and the datapackage cache for both sides
    print(f"load() vs raw pyarrow ({machine()}, median of {args.repeat}):")
    print(f"{'table':<22}{'rows':>7}{'load ms':>10}{'raw ms':>10}{'ratio':>8}")
    results = {}
    for name in tco_ops.tables():
        path = folder / "dataset" / f"{name}.parquet"
        ours, raw = interleaved(lambda: tco_ops.load(name), lambda: pq.read_table(path).to_pandas(), args.repeat)
        rows = pq.read_metadata(path).num_rows
        results[name] = ours / raw
        print(f"{name:<22}{rows:>7}{ours * 1e3:>10.2f}{raw * 1e3:>10.2f}{ours / raw:>8.2f}")
    print(f"worst ratio {max(results.values()):.2f} (target ≤ 1.2)")
    return results


if __name__ == "__main__":
    main()
