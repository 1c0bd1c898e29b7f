#!/usr/bin/env python3
"""openTSNE's KL divergence on the first 300 bundled digits: the reference value of the t-SNE fixture test.

Runs openTSNE (1.0.x) with the schedule of MathFoundations' `TSNE` defaults — perplexity 30, k = 90 exact
neighbours, PCA initialisation, 250 iterations with exaggeration 12 and momentum 0.5, then 750 iterations with
momentum 0.8, learning rate max(n / exaggeration, 50) in each phase, max step norm 5 — and an exact negative
gradient (Barnes–Hut with θ = 0). Prints JSON with the input description, openTSNE's reported KL divergence
and the KL divergence recomputed exactly from openTSNE's P and final embedding (all pairs in Q). The test
`TSNETests` keeps the mean exact value as an inline constant with these comments.

Usage (from the repository root):
    .venv-compare/bin/python benchmarks/fixture_opentsne_kl.py
"""
import json
import sys

try:
    import numpy as np
    import openTSNE
    from openTSNE import TSNE
except ImportError:
    sys.exit("openTSNE is not installed: make bench-baselines (or pip install openTSNE) and run with .venv-compare/bin/python")


def exact_kl(P, Y):
    P = P.tocoo()
    d2 = ((Y[:, None, :] - Y[None, :, :]) ** 2).sum(-1)
    W = 1 / (1 + d2)
    np.fill_diagonal(W, 0)
    Z = W.sum()
    p = P.data
    q = W[P.row, P.col] / Z
    mask = p > 0
    return float(np.sum(p[mask] * np.log(p[mask] / q[mask])))


def main():
    rows = 300
    X = np.loadtxt("datasets/digits.csv", delimiter=",", skiprows=1, max_rows=rows)[:, :64]
    n = X.shape[0]
    results = []
    for seed in range(3):
        tsne = TSNE(perplexity=30, initialization="pca", negative_gradient_method="bh", theta=0.0,
                    max_step_norm=5, random_state=seed, n_jobs=1)
        embedding = tsne.prepare_initial(X)
        embedding = embedding.optimize(n_iter=250, exaggeration=12, momentum=0.5, learning_rate=max(n / 12, 50),
                                       negative_gradient_method="bh", theta=0.0)
        embedding = embedding.optimize(n_iter=750, exaggeration=1, momentum=0.8, learning_rate=max(n, 50),
                                       negative_gradient_method="bh", theta=0.0)
        results.append((float(embedding.kl_divergence), exact_kl(embedding.affinities.P, np.asarray(embedding))))
    print(json.dumps({
        "input": f"first {rows} rows of datasets/digits.csv (64 pixel columns, no scaling)",
        "settings": "perplexity 30, k = 90 exact neighbours, PCA init, 250 its exaggeration 12 momentum 0.5, "
                    "750 its momentum 0.8, learning rate max(n / exaggeration, 50), max step norm 5, BH theta 0",
        "openTSNE": openTSNE.__version__,
        "seeds": [0, 1, 2],
        "reportedKL": [r[0] for r in results],
        "exactKL": [r[1] for r in results],
        "meanExactKL": float(np.mean([r[1] for r in results])),
    }, indent=2))


if __name__ == "__main__":
    main()
