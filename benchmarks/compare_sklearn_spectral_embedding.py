#!/usr/bin/env python3
"""scikit-learn's SpectralEmbedding on the rows the Swift benchmark wrote (optional baseline of `make bench
SECTIONS=spectral-embedding`).

Usage: python compare_sklearn_spectral_embedding.py DATA.f64 N FEATURES OUT.f64
Fits SpectralEmbedding(n_components=2, random_state=0) with scikit-learn's defaults (k-NN affinity with
n_neighbors = max(n / 10, 1), ARPACK shift-invert) once, prints `seconds=` and `neighbors=`, and writes the
embedding to OUT.f64 (row-major float64) so the benchmark computes both trustworthiness figures the same way.
"""
import sys
import time

import numpy as np
from sklearn.manifold import SpectralEmbedding


def main():
    path, n, features, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    x = np.fromfile(path, dtype="<f8").reshape(n, features)
    model = SpectralEmbedding(n_components=2, random_state=0)
    start = time.perf_counter()
    embedding = model.fit_transform(x)
    print(f"seconds={time.perf_counter() - start}")
    print(f"neighbors={model.n_neighbors_}")
    np.ascontiguousarray(embedding, dtype="<f8").tofile(out)


if __name__ == "__main__":
    main()
