#!/usr/bin/env python3
"""NumPy's float64 matrix product (its own BLAS) on the sizes of `mathfoundations-bench linalg`, run by it in the
same session (PythonBaseline). Two standard-normal n x n matrices, the best of three products; prints key=value
lines `n{N}_seconds`, `n{N}_gflops`, and `numpy_version_major` / `numpy_version_minor`.

Usage: python3 benchmarks/compare_numpy_gemm.py N [N ...]
"""
import sys
import time

import numpy as np


def main():
    major, minor = np.__version__.split(".")[:2]
    print(f"numpy_version_major={major}\nnumpy_version_minor={minor}")
    generator = np.random.default_rng(1)
    for n in (int(argument) for argument in sys.argv[1:]):
        a, b = generator.standard_normal((n, n)), generator.standard_normal((n, n))
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            a @ b
            best = min(best, time.perf_counter() - start)
        print(f"n{n}_seconds={best}\nn{n}_gflops={2 * n ** 3 / best / 1e9}", flush=True)


if __name__ == "__main__":
    main()
