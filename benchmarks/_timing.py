"""Shared timing helpers: interleave the measured and baseline runs so machine noise hits both."""

from __future__ import annotations

import os
import statistics
import time


def interleaved(measured, baseline, repeat: int) -> tuple[float, float]:
    """Median seconds of `measured()` and `baseline()`, run alternately `repeat` times each."""
    a, b = [], []
    for i in range(repeat):
        for fn, out in ((measured, a), (baseline, b)) if i % 2 == 0 else ((baseline, b), (measured, a)):
            t0 = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t0)
    return statistics.median(a), statistics.median(b)


def machine() -> str:
    return f"{os.cpu_count()} cores"
