"""pynndescent's NN-descent k-NN graph on the rows the Swift benchmark wrote (optional baseline for `make bench`,
section `knn-approximate`).

Usage: python compare_pynndescent.py DATA.f64 N FEATURES K EXACT.f64
DATA.f64 holds the N x FEATURES points (float64, row-major); EXACT.f64 holds rows of K + 1 values: a point's
index, then the indices of its exact K nearest other points (the reference recall is measured on these rows).
The numba JIT is warmed on 5 000 random points first. pynndescent lists each point as its own first neighbour,
so it is asked for K + 1 neighbours and the point itself is dropped (our convention: a point is not its own
neighbour). pynndescent works in float32, so the points are passed as float32.
Prints key=value lines: seconds (one timed run, random_state=0) and recall.
"""
import sys
import time

import numpy as np
from pynndescent import NNDescent


def main():
    path, n, features, k, exact_path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    x = np.fromfile(path, dtype="<f8").reshape(n, features).astype(np.float32)
    exact = np.fromfile(exact_path, dtype="<f8").reshape(-1, k + 1).astype(np.int64)

    warm = np.random.default_rng(0).normal(size=(5000, features)).astype(np.float32)
    NNDescent(warm, n_neighbors=k + 1, random_state=0).neighbor_graph

    start = time.perf_counter()
    indices, _ = NNDescent(x, n_neighbors=k + 1, random_state=0).neighbor_graph
    seconds = time.perf_counter() - start

    hits = 0
    for row in exact:
        point, truth = row[0], set(row[1:].tolist())
        found = [j for j in indices[point].tolist() if j != point][:k]
        hits += len(truth.intersection(found))
    print(f"seconds={seconds}")
    print(f"recall={hits / (k * len(exact))}")


if __name__ == "__main__":
    main()
