#!/usr/bin/env python3
"""scikit-learn's PCA, kernel PCA (RBF) and classical MDS on the rows `mathfoundations-bench spectral` wrote.

Run by the benchmark in the same session (PythonBaseline): it writes its swiss roll as raw little-endian float64
(n x 3, row-major), runs this script, and prints the times beside its own. scikit-learn's defaults, 2 components;
each time is the best of REPEATS runs (the least disturbed by other work on a shared machine). Prints key=value
lines: `{method}_seconds` and `{method}_trust` (trustworthiness, k = 10) for method in pca, kpca, mds, and
`sklearn_version_major` / `sklearn_version_minor`.

Usage: python3 benchmarks/compare_sklearn_spectral.py DATA.f64 N [--repeats 3]
Needs numpy and scikit-learn (>= 1.9 for sklearn.manifold.ClassicalMDS; older versions time
KernelPCA(kernel='precomputed') on the double-centred squared distances instead).
"""
import argparse
import time

import numpy as np
import sklearn
from sklearn.decomposition import PCA, KernelPCA
from sklearn.manifold import trustworthiness


def classical_mds(x):
    try:
        from sklearn.manifold import ClassicalMDS
    except ImportError:
        from sklearn.metrics import pairwise_distances
        d2 = pairwise_distances(x) ** 2
        j = np.eye(len(x)) - 1.0 / len(x)
        return KernelPCA(n_components=2, kernel="precomputed").fit_transform(-0.5 * j @ d2 @ j)
    return ClassicalMDS(n_components=2).fit_transform(x)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data")
    parser.add_argument("n", type=int)
    parser.add_argument("--repeats", type=int, default=3)
    arguments = parser.parse_args()
    x = np.fromfile(arguments.data, dtype="<f8").reshape(arguments.n, 3)
    major, minor = sklearn.__version__.split(".")[:2]
    print(f"sklearn_version_major={major}\nsklearn_version_minor={minor}")
    for key, function, repeats in [
        ("pca", lambda: PCA(n_components=2).fit_transform(x), arguments.repeats),
        ("kpca", lambda: KernelPCA(n_components=2, kernel="rbf").fit_transform(x), arguments.repeats),
        ("mds", lambda: classical_mds(x), 1 if arguments.n >= 8000 else arguments.repeats),
    ]:
        best, y = float("inf"), None
        for _ in range(repeats):
            start = time.perf_counter()
            y = function()
            best = min(best, time.perf_counter() - start)
        print(f"{key}_seconds={best}")
        print(f"{key}_trust={trustworthiness(x, y, n_neighbors=10)}", flush=True)


if __name__ == "__main__":
    main()
