"""Parquet layout at scale: one row group per file against row groups sized for large tables.

    python benchmarks/bench_layout.py PATH/TO/claims.parquet [--repeat 5]

Rewrites the table with each layout (same writer options as the build) and
reports file size, a full load through tco_ops' loader conversion, and a
selective read of one operation's rows with pyarrow filters and with DuckDB.
The first layout (one row group) is the baseline of the ratios.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from tco_ops.build.render import PARQUET_OPTIONS  # noqa: E402
from tco_ops.schema.frames import to_pandas  # noqa: E402

LAYOUTS = {"one row group": None, "128k rows/group": 131_072, "32k rows/group": 32_768}


def timed(fn, repeat: int) -> float:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return statistics.median(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    import duckdb

    table = pq.read_table(args.path)
    key = table.column("operation_id")[table.num_rows // 2].as_py()
    rows = []
    base = None
    with tempfile.TemporaryDirectory() as tmp:
        for name, size in LAYOUTS.items():
            path = Path(tmp) / f"{size or 'single'}.parquet"
            options = dict(PARQUET_OPTIONS)
            if size:
                options["row_group_size"] = size
            else:
                options["row_group_size"] = table.num_rows or 1
            pq.write_table(table, path, **options)
            groups = pq.ParquetFile(path).num_row_groups
            full = timed(lambda: to_pandas(pq.read_table(path)), args.repeat)
            sel = timed(lambda: pq.read_table(path, filters=[("operation_id", "=", key)]), args.repeat)
            con = duckdb.connect()
            duck = timed(lambda: con.execute(f"SELECT count(*) FROM read_parquet('{path}') "
                                             f"WHERE operation_id = '{key}'").fetchall(), args.repeat)
            mb = os.path.getsize(path) / 2**20
            if base is None:
                base = (mb, full, sel, duck)
            rows.append(f"| {name} | {groups} | {mb:.1f} MiB ({mb / base[0]:.2f}) | {full * 1e3:.0f} ms "
                        f"({full / base[1]:.2f}) | {sel * 1e3:.1f} ms ({sel / base[2]:.2f}) | "
                        f"{duck * 1e3:.1f} ms ({duck / base[3]:.2f}) |")
    print(f"{Path(args.path).name}: {table.num_rows:,} rows; {os.cpu_count()} cores; median of {args.repeat}; "
          "ratios against one row group\n")
    print("| layout | row groups | size | full load | one operation (pyarrow filter) | one operation (DuckDB) |")
    print("|---|---:|---:|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
