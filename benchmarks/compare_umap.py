"""umap-learn on the rows the Swift `umap` benchmark wrote (optional baseline for `make bench SECTIONS=umap`).

Usage: python compare_umap.py DATA.f64 N FEATURES EMBEDDING_OUT.f64
Warms umap-learn first (numba compiles its kernels and NN-descent on first use, ~30 s) on the first 5 000 rows,
then times UMAP() with its defaults (no random_state: parallel, as ours without a seed) on all N rows, and writes
the embedding as raw little-endian float64 for the benchmark to score with the same trustworthiness code as ours.
Prints key=value lines.
"""
import sys
import time

import numpy as np
import umap


def main():
    path, n, features, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    x = np.fromfile(path, dtype="<f8").reshape(n, features)
    start = time.perf_counter()
    umap.UMAP().fit_transform(x[: min(n, 5000)])
    print(f"warmup_seconds={time.perf_counter() - start}")
    start, cpu = time.perf_counter(), time.process_time()
    embedding = umap.UMAP().fit_transform(x)
    print(f"umap_seconds={time.perf_counter() - start}")
    print(f"umap_cpu_seconds={time.process_time() - cpu}")
    np.ascontiguousarray(embedding, dtype="<f8").tofile(out)
    print(f"umap_version_major_minor={float('.'.join(umap.__version__.split('.')[:2]))}")


if __name__ == "__main__":
    main()
