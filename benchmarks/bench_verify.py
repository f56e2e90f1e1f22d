"""The cost of load()'s SHA-256 check: a cold load() of the largest table, with and without it.

    python benchmarks/bench_verify.py [--repeat 20] [--folder DIR]

Each measurement is a fresh interpreter that loads the largest table once, so
nothing is remembered from an earlier check. Three ways, run as interleaved
triples so machine noise hits all three alike:

- none:   the loader before the check (datapackage.json parsed, then
          pyarrow.parquet.read_table(path) and the same to_pandas);
- nohash: today's loader with the hash skipped (the file read into memory and
          handed to pyarrow as a buffer, not hashed): isolates the hash itself;
- buffer: what load() does: read the file once, hash those bytes, hand the same
          bytes to pyarrow as a buffer;
- chunks: hash the file in 1 MiB chunks, then let pyarrow read it again by path.

Each process reports two times: the load() call alone (pyarrow, pandas and the
schema imported beforehand), and the load() call including those imports (what
a user's first load() in a fresh process costs). Target: buffer ÷ none ≤ 1.05
(and buffer ÷ nohash, the hash alone, ≤ 1.05).

Fresh processes are noisy on a shared machine, so a second measurement isolates
the check in one process: load() of a file not yet checked (the memory of
checked files cleared before each call, so it is hashed again) against load()
of a file already checked, interleaved --inproc times. (datapackage.json stays
parsed in both: the loader parsed it once per process before the check too.)
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

from _timing import interleaved, machine

CHILD = r"""
import json, sys, time
from pathlib import Path
mode, folder, name = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
t0 = time.perf_counter()
import pyarrow, pyarrow.parquet as pq, pandas
from tco_ops import loader, integrity
from tco_ops.schema.frames import to_pandas
t1 = time.perf_counter()
if mode == "none":
    def load(name, folder):
        pkg = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        assert name in [r["name"] for r in pkg["resources"]]
        return to_pandas(pq.read_table(folder / "dataset" / f"{name}.parquet"))
else:
    load = lambda name, folder: loader.load(name, folder=folder)
    if mode == "nohash":
        integrity.read_verified = lambda path, expected, fix, source, size=None: integrity.read_bytes(path, fix)[0]
    if mode == "chunks":
        import hashlib
        def read_verified(path, expected, fix, source, size=None):
            digest = hashlib.sha256()
            with open(path, "rb") as handle:
                while chunk := handle.read(1 << 20):
                    digest.update(chunk)
            assert digest.hexdigest() in expected
            return str(path)
        integrity.read_verified = read_verified
t2 = time.perf_counter()
df = load(name, folder)
t3 = time.perf_counter()
assert len(df)
print(json.dumps({"call": t3 - t2, "with_imports": t3 - t2 + t1 - t0}))
"""

MODES = ("none", "nohash", "buffer", "chunks")


def run(mode: str, folder: Path, name: str) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, mode, str(folder), name], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--folder", help="a built checkout (e.g. a synthetic one) instead of the installed data")
    parser.add_argument("--inproc", type=int, default=300, help="repeats of the in-process measurement")
    args = parser.parse_args()
    from tco_ops._paths import data_dir

    folder = Path(args.folder).resolve() if args.folder else data_dir()
    largest = max((folder / "dataset").glob("*.parquet"), key=lambda p: p.stat().st_size)
    name, size = largest.stem, largest.stat().st_size
    times: dict[str, dict[str, list[float]]] = {m: {"call": [], "with_imports": []} for m in MODES}
    for i in range(args.repeat):
        order = MODES[i % len(MODES):] + MODES[:i % len(MODES)]  # rotate, so no way always runs first
        for mode in order:
            for key, value in run(mode, folder, name).items():
                times[mode][key].append(value)
    med = {m: {k: statistics.median(v) for k, v in kinds.items()} for m, kinds in times.items()}
    print(f"cold load() of {name} ({size / 1024:.0f} KiB, {folder}), {machine()}, "
          f"median of {args.repeat} fresh processes each:")
    print(f"{'way':<8}{'load() ms':>11}{'ratio':>8}{'incl. imports ms':>19}{'ratio':>8}")
    result = {}
    for mode in MODES:
        call, full = med[mode]["call"], med[mode]["with_imports"]
        ratio, ratio_full = call / med["none"]["call"], full / med["none"]["with_imports"]
        result[mode] = {"call_ms": call * 1e3, "ratio": ratio, "with_imports_ms": full * 1e3,
                        "ratio_with_imports": ratio_full}
        print(f"{mode:<8}{call * 1e3:>11.2f}{ratio:>8.3f}{full * 1e3:>19.1f}{ratio_full:>8.3f}")
    from tco_ops import integrity, loader

    def unchecked():
        integrity._verified.clear()
        loader.load(name, folder=folder)

    loader.load(name, folder=folder)  # warm imports and page cache; remembered from here on
    first, again = interleaved(unchecked, lambda: loader.load(name, folder=folder), args.inproc)
    result["inproc"] = {"first_ms": first * 1e3, "again_ms": again * 1e3, "ratio": first / again}
    print(f"in one process, median of {args.inproc}: load() hashing the file {first * 1e3:.2f} ms, "
          f"load() of a file already checked {again * 1e3:.2f} ms, ratio {first / again:.3f}")
    alone = med["buffer"]["call"] / med["nohash"]["call"]
    result["hash_alone_ratio"] = alone
    print(f"load() with the check ÷ the loader before it: {result['buffer']['ratio']:.3f} (target ≤ 1.05); "
          f"the hash alone (buffer ÷ nohash): {alone:.3f}")
    return result


if __name__ == "__main__":
    main()
