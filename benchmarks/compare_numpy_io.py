#!/usr/bin/env python3
"""NumPy and pandas reading the very files `mathfoundations-bench io` wrote, run by it in the same session
(PythonBaseline).

CSV17 and CSV6 are the benchmark's 100 000 x 50 tables (a header row; 17 significant digits and 6 decimals), NPY
its float64 .npy file. Prints key=value lines, the best of REPEATS wall-clock reads: `csv17_loadtxt`,
`csv6_loadtxt` (np.loadtxt, one read: it is slow), `csv17_pandas`, `csv6_pandas` (pandas.read_csv(...).to_numpy(),
when pandas is installed), `npy_load` (np.load), and `numpy_version_major` / `numpy_version_minor`.

Usage: python3 benchmarks/compare_numpy_io.py CSV17 CSV6 NPY [--repeats 3]
"""
import argparse
import time

import numpy as np

try:
    import pandas as pd
except ImportError:  # pandas is optional
    pd = None


def best_of(repeats, body):
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        body()
        best = min(best, time.perf_counter() - start)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv17")
    parser.add_argument("csv6")
    parser.add_argument("npy")
    parser.add_argument("--repeats", type=int, default=3)
    arguments = parser.parse_args()
    major, minor = np.__version__.split(".")[:2]
    print(f"numpy_version_major={major}\nnumpy_version_minor={minor}")
    for key, path in [("csv17", arguments.csv17), ("csv6", arguments.csv6)]:
        print(f"{key}_loadtxt={best_of(1, lambda: np.loadtxt(path, delimiter=',', skiprows=1))}", flush=True)
        if pd is not None:
            print(f"{key}_pandas={best_of(arguments.repeats, lambda: pd.read_csv(path).to_numpy())}", flush=True)
    print(f"npy_load={best_of(arguments.repeats, lambda: np.load(arguments.npy))}")


if __name__ == "__main__":
    main()
