#!/usr/bin/env python3
"""PCA, kernel PCA (RBF) and classical MDS: scikit-learn beside MathFoundations on the same swiss roll.

Regenerates the benchmark's swiss roll bit for bit (the toolkit's xoshiro256** generator seeded by
SplitMix64, Box-Muller normals, scikit-learn's make_swiss_roll formula), runs scikit-learn's defaults on it,
then runs the release-built `mathfoundations-bench spectral` in the same session and prints both times,
their ratio and the trustworthiness (k = 10) of both embeddings.

Usage (from the package root, after `swift build -c release --product mathfoundations-bench`):
    python3 benchmarks/compare_sklearn_spectral.py [--sizes 2000 4000 8000] [--bench PATH]
Needs numpy and scikit-learn >= 1.9 (for sklearn.manifold.ClassicalMDS; older versions time
KernelPCA(kernel='precomputed') on the double-centred squared distances instead).
"""
import argparse
import math
import re
import subprocess
import sys
import time

import numpy as np
from sklearn.decomposition import PCA, KernelPCA
from sklearn.manifold import trustworthiness

MASK = (1 << 64) - 1


class SeededGenerator:
    """The toolkit's SeededGenerator: xoshiro256** with its state filled by SplitMix64."""

    def __init__(self, seed):
        state = seed

        def split_mix():
            nonlocal state
            state = (state + 0x9E3779B97F4A7C15) & MASK
            z = state
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            return z ^ (z >> 31)

        self.s = [split_mix() for _ in range(4)]

    @staticmethod
    def _rotate(x, k):
        return ((x << k) | (x >> (64 - k))) & MASK

    def next(self):
        s = self.s
        result = (self._rotate((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = self._rotate(s[3], 45)
        return result

    def uniform(self):
        return (self.next() >> 11) * 2.0 ** -53

    def normal(self):
        u1 = 1 - self.uniform()
        u2 = self.uniform()
        return math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)


def swiss_roll(n, noise=0.05, seed=0):
    """SpectralBenchmarks.swissRoll: per point u, v, then three normals."""
    g = SeededGenerator(seed)
    x = np.empty((n, 3))
    for i in range(n):
        t = 1.5 * math.pi * (1 + 2 * g.uniform())
        height = 21 * g.uniform()
        x[i, 0] = t * math.cos(t) + noise * g.normal()
        x[i, 1] = height + noise * g.normal()
        x[i, 2] = t * math.sin(t) + noise * g.normal()
    return x


def classical_mds():
    try:
        from sklearn.manifold import ClassicalMDS
        return "ClassicalMDS", lambda x: ClassicalMDS(n_components=2).fit_transform(x)
    except ImportError:
        from sklearn.metrics import pairwise_distances

        def fallback(x):
            d2 = pairwise_distances(x) ** 2
            n = len(x)
            j = np.eye(n) - 1.0 / n
            return KernelPCA(n_components=2, kernel="precomputed").fit_transform(-0.5 * j @ d2 @ j)
        return "KernelPCA(precomputed) on -J D² J / 2", fallback


def timed(function, x, repeats=1):
    """The best of `repeats` runs (the least disturbed by other work), with the last result."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        y = function(x)
        best = min(best, time.perf_counter() - start)
    return best, y


def run_ours(bench, sizes):
    """Runs `mathfoundations-bench spectral` and parses its table: (method, n) -> (seconds, trustworthiness)."""
    output = subprocess.run([bench, "spectral"], check=True, capture_output=True, text=True).stdout
    ours = {}
    checksums = {}
    for line in output.splitlines():
        match = re.match(r"swiss roll n = (\d+): sum of coordinates (\S+)", line)
        if match:
            checksums[int(match.group(1))] = float(match.group(2))
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) >= 6 and cells[1].isdigit():
            ours[(cells[0], int(cells[1]))] = (float(cells[2]), float(cells[5]))
    return ours, checksums


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 4000, 8000])
    parser.add_argument("--bench", default=".build/release/mathfoundations-bench")
    parser.add_argument("--skip-ours", action="store_true", help="time scikit-learn only")
    args = parser.parse_args()

    mds_name, mds = classical_mds()
    methods = [
        ("PCA (2 components)", "PCA(n_components=2)", lambda x: PCA(n_components=2).fit_transform(x), 3),
        ("kernel PCA (RBF, γ = 1/d)", "KernelPCA(2, kernel='rbf')",
         lambda x: KernelPCA(n_components=2, kernel="rbf").fit_transform(x), 3),
        ("classical MDS from distances (n × n)", mds_name, mds, 1),
    ]
    theirs = {}
    sums = {}
    for n in args.sizes:
        x = swiss_roll(n)
        sums[n] = x.sum()
        for ours_name, _, function, repeats in methods:
            seconds, y = timed(function, x, repeats)
            theirs[(ours_name, n)] = (seconds, trustworthiness(x, y, n_neighbors=10))
    ours, checksums = ({}, {}) if args.skip_ours else run_ours(args.bench, args.sizes)
    for n, total in checksums.items():
        if n in sums and abs(total - sums[n]) > 1e-9 * max(1.0, abs(total)):
            print(f"warning: the Swift benchmark's swiss roll (n = {n}) sums to {total}, ours to {sums[n]}: not the same data")

    header = f"{'method':38}  {'n':>5}  {'sklearn s':>9}  {'ours s':>8}  {'ours/sklearn':>12}  {'T sklearn':>9}  {'T ours':>7}  {'|ΔT|':>6}"
    print("\n" + header + "\n" + "-" * len(header))
    for n in args.sizes:
        for ours_name, label, _, _ in methods:
            seconds, trust = theirs[(ours_name, n)]
            mine = ours.get((ours_name, n))
            if mine:
                print(f"{ours_name:38}  {n:5d}  {seconds:9.3f}  {mine[0]:8.3f}  {mine[0] / seconds:11.3f}×  "
                      f"{trust:9.4f}  {mine[1]:7.4f}  {abs(trust - mine[1]):6.4f}")
            else:
                print(f"{ours_name:38}  {n:5d}  {seconds:9.3f}  {'–':>8}  {'–':>12}  {trust:9.4f}  {'–':>7}")
    print(f"\nscikit-learn: {', '.join(label for _, label, _, _ in methods)}; trustworthiness T with k = 10.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
