#!/usr/bin/env python3
"""scikit-learn's Isomap and LocallyLinearEmbedding (standard, LTSA, Hessian, modified) on the rows
`mathfoundations-bench manifold` wrote, beside our embeddings of the same rows.

Run by the benchmark in the same session (PythonBaseline). DIRECTORY holds `x.f64` (the swiss roll, n x 3) and
`ours_{method}.f64` (our n x 2 embeddings), raw little-endian float64, row-major. n_neighbors = 10,
n_components = 2, scikit-learn's defaults otherwise. Prints key=value lines, for method in isomap, lle, ltsa,
hessian, modified: `{method}_seconds`, `{method}_trust` (trustworthiness, k = 10, of scikit-learn's embedding),
`{method}_agreement` (the smallest |correlation| between matching columns of theirs and ours: 1 means the same
numbers up to sign), or `{method}_failed=1` when scikit-learn raised (its message goes to standard error); and
`sklearn_version_major` / `sklearn_version_minor`.

Usage: python3 benchmarks/compare_sklearn_manifold.py DIRECTORY N
"""
import os
import sys
import time

import numpy as np
import sklearn
from sklearn.manifold import Isomap, LocallyLinearEmbedding, trustworthiness


def main():
    directory, n = sys.argv[1], int(sys.argv[2])
    load = lambda name, columns: np.fromfile(os.path.join(directory, name), dtype="<f8").reshape(n, columns)
    x = load("x.f64", 3)
    major, minor = sklearn.__version__.split(".")[:2]
    print(f"sklearn_version_major={major}\nsklearn_version_minor={minor}")
    for key, estimator in [
        ("isomap", Isomap(n_neighbors=10, n_components=2)),
        ("lle", LocallyLinearEmbedding(n_neighbors=10, n_components=2)),
        ("ltsa", LocallyLinearEmbedding(n_neighbors=10, n_components=2, method="ltsa")),
        ("hessian", LocallyLinearEmbedding(n_neighbors=10, n_components=2, method="hessian")),
        ("modified", LocallyLinearEmbedding(n_neighbors=10, n_components=2, method="modified")),
    ]:
        start = time.perf_counter()
        try:
            theirs = estimator.fit_transform(x)
        except (ValueError, RuntimeError) as error:  # e.g. ARPACK on a singular weight matrix: report, go on
            print(f"{key}: scikit-learn failed: {error}", file=sys.stderr)
            print(f"{key}_failed=1", flush=True)
            continue
        print(f"{key}_seconds={time.perf_counter() - start}")
        print(f"{key}_trust={trustworthiness(x, theirs, n_neighbors=10)}")
        path = os.path.join(directory, f"ours_{key}.f64")
        if os.path.exists(path):
            ours = load(f"ours_{key}.f64", 2)
            agreement = min(abs(np.corrcoef(ours[:, j], theirs[:, j])[0, 1]) for j in range(2))
            print(f"{key}_agreement={agreement}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
