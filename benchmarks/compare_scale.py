#!/usr/bin/env python3
"""openTSNE or umap-learn on the rows the Swift `scale` benchmark wrote (baselines of `make bench SECTIONS=scale`).

Called by Sources/Benchmarks/ScaleBenchmarks.swift, once per library so each peak memory is its own process's,
with a raw little-endian float64 row-major data file, its shape, the method and an output file:

- `tsne`: openTSNE with its FFT gradient on all cores and the schedule of our `TSNE` defaults (perplexity 30,
  PCA initialisation, 250 iterations at exaggeration 12 and momentum 0.5, then 750 at momentum 0.8, learning
  rate max(n / exaggeration, 50)), as benchmarks/compare_opentsne.py runs it;
- `umap`: umap-learn with its defaults (no random_state: parallel), warmed first on 5 000 rows (numba compiles
  its kernels and NN-descent on first use) so the timed fit is a warm one.

Prints `key=value` lines: seconds (wall), cpu_seconds (all threads of this process during the timed fit),
peak_mb (this process's resident high-water mark, data and warm-up included), kl for t-SNE; writes the
embedding as raw float64 to OUT so the benchmark computes trustworthiness with the same code for every method.

Usage: python compare_scale.py DATA.f8 ROWS COLUMNS tsne|umap OUT.f8
"""
import resource
import sys
import time

import numpy as np


def fit_tsne(X):
    from openTSNE import TSNE
    n = X.shape[0]
    tsne = TSNE(perplexity=30, initialization="pca", negative_gradient_method="fft", n_jobs=-1, random_state=0)
    embedding = tsne.prepare_initial(X)
    embedding = embedding.optimize(n_iter=250, exaggeration=12, momentum=0.5, learning_rate=max(n / 12, 50))
    embedding = embedding.optimize(n_iter=750, exaggeration=1, momentum=0.8, learning_rate=max(n, 50))
    return np.asarray(embedding), {"kl": float(embedding.kl_divergence)}


def fit_umap(X):
    import umap
    return umap.UMAP().fit_transform(X), {}


def main():
    path, rows, columns, method, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
    X = np.fromfile(path, dtype="<f8").reshape(rows, columns)
    if method == "umap":
        fit_umap(X[: min(rows, 5000)])  # warm-up: numba compilation
    fit = {"tsne": fit_tsne, "umap": fit_umap}[method]
    start, cpu = time.perf_counter(), time.process_time()
    embedding, extra = fit(X)
    print(f"seconds={time.perf_counter() - start}")
    print(f"cpu_seconds={time.process_time() - cpu}")
    print(f"peak_mb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}")
    for key, value in extra.items():
        print(f"{key}={value}")
    np.ascontiguousarray(embedding, dtype="<f8").tofile(out)


if __name__ == "__main__":
    main()
