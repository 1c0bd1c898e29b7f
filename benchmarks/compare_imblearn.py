"""imbalanced-learn's SMOTE and ADASYN on the rows the Swift benchmark wrote (optional baseline for `make bench`).

Usage: python compare_imblearn.py DATA.f64 N FEATURES MINORITY
Prints key=value lines: the best of three wall-clock times, the number of output rows, and
`imblearn_version_major` / `imblearn_version_minor`.
"""
import sys
import time

import imblearn
import numpy as np
from imblearn.over_sampling import ADASYN, SMOTE


def best_time(function, repeats=3):
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main():
    path, n, features, minority = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    major, minor = imblearn.__version__.split(".")[:2]
    print(f"imblearn_version_major={major}\nimblearn_version_minor={minor}")
    x = np.fromfile(path, dtype="<f8").reshape(n, features)
    y = np.r_[np.zeros(n - minority, dtype=int), np.ones(minority, dtype=int)]
    seconds, (xs, _) = best_time(lambda: SMOTE(random_state=0).fit_resample(x, y))
    print(f"smote_seconds={seconds}")
    print(f"smote_rows={xs.shape[0]}")
    seconds, (xa, _) = best_time(lambda: ADASYN(random_state=0).fit_resample(x, y))
    print(f"adasyn_seconds={seconds}")
    print(f"adasyn_rows={xa.shape[0]}")


if __name__ == "__main__":
    main()
