#!/usr/bin/env python3
"""openTSNE beside MathFoundations' t-SNE on the same data, in the same benchmark run.

Called by the `tsne` section of the release benchmark (Sources/Benchmarks/TSNEBenchmarks.swift) with a raw
little-endian float64 row-major data file, its shape and an output folder. Fits openTSNE with its FFT
(FIt-SNE) and Barnes–Hut gradients on all cores (n_jobs = -1), each with the schedule of our `TSNE` defaults
(250 iterations exaggeration 12 momentum 0.5, then 750 iterations momentum 0.8, learning rate
max(n / exaggeration, 50), PCA initialisation, perplexity 30), and FFT once more with openTSNE 1.0's own
defaults (500 normal iterations, momentum 0.8 throughout). Prints `key=value` lines (seconds and KL
divergences) and writes each embedding as raw float64 to OUT/opentsne_<name>.f8, so the benchmark computes
trustworthiness for theirs and ours with the same code.

Usage: python compare_opentsne.py DATA.f8 ROWS COLUMNS OUT_DIR
"""
import os
import sys
import time

try:
    import numpy as np
    from openTSNE import TSNE
except ImportError:
    sys.exit("openTSNE is not installed: make bench-baselines (or pip install openTSNE into .venv-compare)")


def ours_schedule(X, method):
    n = X.shape[0]
    tsne = TSNE(perplexity=30, initialization="pca", negative_gradient_method=method, n_jobs=-1, random_state=0)
    embedding = tsne.prepare_initial(X)
    embedding = embedding.optimize(n_iter=250, exaggeration=12, momentum=0.5, learning_rate=max(n / 12, 50))
    embedding = embedding.optimize(n_iter=750, exaggeration=1, momentum=0.8, learning_rate=max(n, 50))
    return embedding


def main():
    path, rows, columns, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    X = np.fromfile(path, dtype="<f8").reshape(rows, columns)
    runs = [
        ("fft", lambda: ours_schedule(X, "fft")),
        ("bh", lambda: ours_schedule(X, "bh")),
        ("fft_default", lambda: TSNE(n_jobs=-1, random_state=0, negative_gradient_method="fft").fit(X)),
    ]
    for name, run in runs:
        start = time.perf_counter()
        embedding = run()
        seconds = time.perf_counter() - start
        print(f"{name}_seconds={seconds}", flush=True)
        print(f"{name}_kl={float(embedding.kl_divergence)}", flush=True)
        np.ascontiguousarray(np.asarray(embedding), dtype="<f8").tofile(os.path.join(out, f"opentsne_{name}.f8"))


if __name__ == "__main__":
    main()
