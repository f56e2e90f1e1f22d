"""tco_ops.load(name, as_=...) against the raw reader underneath it (target: every ratio ≤ 1.1).

    python benchmarks/bench_load.py [--repeat 30] [--cold 15] [--folder CHECKOUT] [--tables a,b]

Warm, in this process, per table (median of --repeat, interleaved):
  pandas  load(name)                 vs pyarrow.parquet.read_table(path).to_pandas()
  arrow   load(name, as_="arrow")    vs pyarrow.parquet.read_table(path)
  polars  load(name, as_="polars")   vs polars.read_parquet(path)
Cold, a fresh Python process per run (imports included; --cold runs each, interleaved),
loading `claims`: `import tco_ops; tco_ops.load(...)` vs the same raw reader. load() also
checks the file's SHA-256, which the raw readers do not.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq

import tco_ops
from tco_ops._paths import data_dir
from tco_ops.loader import load
from _timing import interleaved, machine

RAW = {
    "pandas": lambda path: pq.read_table(path).to_pandas(),
    "arrow": lambda path: pq.read_table(path),
    "polars": lambda path: pl.read_parquet(path),
}
COLD_RAW = {
    "pandas": "import pyarrow.parquet as pq; pq.read_table({path!r}).to_pandas()",
    "arrow": "import pyarrow.parquet as pq; pq.read_table({path!r})",
    "polars": "import polars as pl; pl.read_parquet({path!r})",
}
COLD_OURS = "import tco_ops; tco_ops.load({name!r}, as_={as_!r})"  # what a user runs
COLD_FOLDER = "from pathlib import Path; from tco_ops.loader import load; load({name!r}, folder=Path({folder!r}), as_={as_!r})"


def cold(code: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - t0


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--cold", type=int, default=15)
    parser.add_argument("--folder", help="a built checkout (e.g. a synthetic one) instead of the installed data")
    parser.add_argument("--tables", help="comma-separated tables (default: all)")
    args = parser.parse_args()
    folder = Path(args.folder) if args.folder else data_dir()
    names = args.tables.split(",") if args.tables else tco_ops.tables()
    for as_ in RAW:  # warm imports and the hash cache for both sides
        load(names[0], folder=folder, as_=as_)
    print(f"load() vs the raw reader ({machine()}, warm: median of {args.repeat}):")
    print(f"{'table':<22}{'rows':>7}" + "".join(f"{as_ + ' ms':>12}{'raw':>8}{'ratio':>7}" for as_ in RAW))
    results: dict[str, list[float]] = {as_: [] for as_ in RAW}
    for name in names:
        path = folder / "dataset" / f"{name}.parquet"
        line = f"{name:<22}{pq.read_metadata(path).num_rows:>7}"
        for as_, raw in RAW.items():
            ours, base = interleaved(lambda: load(name, folder=folder, as_=as_), lambda: raw(path), args.repeat)
            results[as_].append(ours / base)
            line += f"{ours * 1e3:>12.2f}{base * 1e3:>8.2f}{ours / base:>7.2f}"
        print(line)
    for as_, ratios in results.items():
        print(f"warm {as_:<7} worst ratio {max(ratios):.2f}, median {statistics.median(ratios):.2f} (target ≤ 1.1)")
    name = "claims" if "claims" in names else names[0]
    path = str(folder / "dataset" / f"{name}.parquet")
    print(f"cold: a fresh process loading {name}, median of {args.cold}:")
    for as_ in RAW:
        ours, base = [], []
        for i in range(args.cold):
            ours_code = (COLD_FOLDER if args.folder else COLD_OURS).format(name=name, folder=str(folder), as_=as_)
            pair = [(ours_code, ours),
                    (COLD_RAW[as_].format(path=path), base)]
            for code, out in pair if i % 2 == 0 else reversed(pair):
                out.append(cold(code))
        a, b = statistics.median(ours), statistics.median(base)
        results[f"cold {as_}"] = [a / b]
        print(f"cold {as_:<7} load {a * 1e3:.0f} ms, raw {b * 1e3:.0f} ms, ratio {a / b:.2f} (target ≤ 1.1)")
    return results


if __name__ == "__main__":
    main()
