"""How much `import tco_ops` adds to a bare interpreter start (target: < 20 ms).

    python benchmarks/bench_import.py [--repeat 40]
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from _timing import interleaved, machine


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()

    def run(code):
        return lambda: subprocess.run([sys.executable, "-c", code], check=True)

    with_pkg, bare = interleaved(run("import tco_ops"), run("pass"), args.repeat)
    result = {"bare_ms": bare * 1e3, "import_ms": with_pkg * 1e3, "added_ms": (with_pkg - bare) * 1e3,
              "ratio": with_pkg / bare}
    print(f"import tco_ops ({machine()}, median of {args.repeat}): bare start {result['bare_ms']:.1f} ms, "
          f"with import {result['import_ms']:.1f} ms, added {result['added_ms']:.1f} ms "
          f"(ratio {result['ratio']:.2f}; target: added < 20 ms)")
    return result


if __name__ == "__main__":
    main()
