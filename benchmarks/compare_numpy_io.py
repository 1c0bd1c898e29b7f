"""Times NumPy and pandas reading the same kind of table as `mathfoundations-bench io`.

Usage: /path/to/venv/bin/python benchmarks/compare_numpy_io.py [--quick]
Writes a 100 000 x 50 table of standard normals (full precision, and rounded to 6 decimals) to a temporary
folder with a header row, then times np.loadtxt, pandas.read_csv (if installed) and np.load of the .npy file.
"""
import os
import sys
import tempfile
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
    rows = 20_000 if "--quick" in sys.argv else 100_000
    columns = 50
    rng = np.random.default_rng(42)
    full = rng.standard_normal((rows, columns))
    header = ",".join(f"f{j + 1}" for j in range(columns))
    print(f"\n## NumPy / pandas reading a {rows} x {columns} table\n")
    print(f"{'operation':<28} {'MB':>6} {'seconds':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for label, matrix, fmt in [("17 digits", full, "%.17g"), ("6 decimals", np.round(full, 6), "%.6f")]:
            path = os.path.join(folder, "table.csv")
            np.savetxt(path, matrix, fmt=fmt, delimiter=",", header=header, comments="")
            megabytes = os.path.getsize(path) / 1e6
            seconds = best_of(1, lambda: np.loadtxt(path, delimiter=",", skiprows=1))
            print(f"{'np.loadtxt, ' + label:<28} {megabytes:>6.1f} {seconds:>8.3f}")
            if pd is not None:
                seconds = best_of(3, lambda: pd.read_csv(path).to_numpy())
                print(f"{'pandas.read_csv, ' + label:<28} {megabytes:>6.1f} {seconds:>8.3f}")
        path = os.path.join(folder, "table.npy")
        np.save(path, full)
        seconds = best_of(3, lambda: np.load(path))
        print(f"{'np.load (float64)':<28} {full.nbytes / 1e6:>6.1f} {seconds:>8.3f}")


if __name__ == "__main__":
    main()
