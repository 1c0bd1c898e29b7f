#!/usr/bin/env python3
"""Isomap and the LLE family (standard, LTSA, Hessian, modified): MathFoundations beside scikit-learn on the same swiss-roll data, in the same run.

Runs the release benchmark's `manifold` section with MANIFOLD_EXPORT_DIR set (it writes the data, our
embeddings and our times as CSV), then fits scikit-learn's Isomap and LocallyLinearEmbedding (standard,
"ltsa", "hessian" and "modified"; defaults otherwise, n_neighbors = 10, n_components = 2) on the very same points, and prints both times, their ratio, the
trustworthiness (k = 10, scikit-learn's definition) of each embedding, and how well the embeddings agree
(the smallest |correlation| between matching columns: 1 means the same numbers up to sign).

Usage (from the repository root, after `swift build -c release --product mathfoundations-bench`):
    python3 benchmarks/compare_sklearn_manifold.py [--quick] [--bench PATH]
scikit-learn is needed: `python3 -m venv .venv-compare && .venv-compare/bin/pip install scikit-learn`.
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time

try:
    import numpy as np
    from sklearn.manifold import Isomap, LocallyLinearEmbedding, trustworthiness
    import sklearn
except ImportError:
    sys.exit("scikit-learn is not installed: python3 -m venv .venv-compare && "
             ".venv-compare/bin/pip install scikit-learn, then run this script with .venv-compare/bin/python")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="n = 1000, 2000 instead of 2000, 4000, 8000")
    parser.add_argument("--bench", default=".build/release/mathfoundations-bench")
    args = parser.parse_args()
    if not os.path.exists(args.bench):
        sys.exit(f"{args.bench} not found: run `swift build -c release --product mathfoundations-bench` first")

    with tempfile.TemporaryDirectory() as directory:
        command = [args.bench] + (["--quick"] if args.quick else []) + ["manifold"]
        subprocess.run(command, check=True, env={**os.environ, "MANIFOLD_EXPORT_DIR": directory})
        ours = {}
        with open(os.path.join(directory, "ours_times.csv")) as f:
            for row in csv.DictReader(f):
                ours[(row["method"], int(row["n"]))] = float(row["seconds"])
        sizes = sorted({n for (method, n) in ours if method == "isomap"})

        rows = []
        for n in sizes:
            X = np.loadtxt(os.path.join(directory, f"swissroll_{n}.csv"), delimiter=",")
            load = lambda name: np.loadtxt(os.path.join(directory, f"ours_{name}_{n}.csv"), delimiter=",")
            for method, name, estimator in [
                ("Isomap", "isomap", Isomap(n_neighbors=10, n_components=2)),
                ("LLE", "lle", LocallyLinearEmbedding(n_neighbors=10, n_components=2)),
                ("LTSA", "ltsa", LocallyLinearEmbedding(n_neighbors=10, n_components=2, method="ltsa")),
                ("Hessian LLE", "hessian", LocallyLinearEmbedding(n_neighbors=10, n_components=2, method="hessian")),
                ("modified LLE", "modified", LocallyLinearEmbedding(n_neighbors=10, n_components=2, method="modified")),
            ]:
                start = time.perf_counter()
                theirs = estimator.fit_transform(X)
                seconds = time.perf_counter() - start
                ours_seconds = ours[(name, n)]
                embedding = load(name)
                t_theirs = trustworthiness(X, theirs, n_neighbors=10)
                t_ours = trustworthiness(X, embedding, n_neighbors=10)
                # The same numbers up to sign: |correlation| of each of our columns with scikit-learn's.
                agreement = min(abs(np.corrcoef(embedding[:, j], theirs[:, j])[0, 1]) for j in range(2))
                rows.append([method, n, f"{seconds:.3f}", f"{ours_seconds:.3f}", f"{ours_seconds / seconds:.2f}×",
                             f"{t_theirs:.4f}", f"{t_ours:.4f}", f"{t_ours - t_theirs:+.4f}", f"{agreement:.6f}"])
            t_landmark = trustworthiness(X, load("landmark_isomap"), n_neighbors=10)
            rows.append(["landmark Isomap (m = 500)", n, "–", f"{ours[('landmark_isomap', n)]:.3f}", "–", "–",
                         f"{t_landmark:.4f}", "–", "–"])

    header = ["method", "n", "scikit-learn s", "ours s", "ours / sklearn", "trust. sklearn", "trust. ours", "Δ trust.",
              "min |corr| of columns"]
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows)]
    print(f"\n## scikit-learn {sklearn.__version__} beside MathFoundations (swiss roll, noise 0.05, k = 10)\n")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(x).ljust(w) for x, w in zip(row, widths)))


if __name__ == "__main__":
    main()
