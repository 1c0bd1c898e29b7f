#!/usr/bin/env python3
"""scikit-learn's MDS (SMACOF) on the rows the Swift benchmark wrote (optional baseline of `make bench
SECTIONS=smacof`).

Usage: python compare_sklearn_mds.py DATA.f64 N FEATURES OUT.f64 [nonmetric]
Fits MDS(n_components=2, n_init=1, init="random", random_state=0) — scikit-learn 1.9's defaults, stated
explicitly (max_iter=300, eps=1e-6, metric Euclidean) — with metric_mds=False when `nonmetric` is given, prints
`seconds=`, `stress=` (scikit-learn's stress_) and `iterations=`, and writes the embedding to OUT.f64.
"""
import sys
import time

import numpy as np
from sklearn.manifold import MDS


def main():
    path, n, features, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    metric = not (len(sys.argv) > 5 and sys.argv[5] == "nonmetric")
    x = np.fromfile(path, dtype="<f8").reshape(n, features)
    model = MDS(n_components=2, metric_mds=metric, n_init=1, init="random", random_state=0)
    start = time.perf_counter()
    embedding = model.fit_transform(x)
    print(f"seconds={time.perf_counter() - start}")
    print(f"stress={model.stress_}")
    print(f"iterations={model.n_iter_}")
    np.ascontiguousarray(embedding, dtype="<f8").tofile(out)


if __name__ == "__main__":
    main()
