#!/usr/bin/env python3
"""Exit 0 if two vrusim results files hold the same datasets with the same values, else 1 with
what differs. Wall-clock timing (replicates/seconds) is left out: it is never the same twice."""
import sys

import h5py
import numpy as np

SKIPPED = {"replicates/seconds"}


def datasets(path):
    found = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset) and name not in SKIPPED:
                found[name] = obj[()]
        f.visititems(visit)
    return found


def same(x, y):
    x, y = np.asarray(x), np.asarray(y)
    if x.shape != y.shape or x.dtype.kind != y.dtype.kind:
        return False
    if x.dtype.kind == "f":
        return np.array_equal(x, y, equal_nan=True)
    return np.array_equal(x, y)


a, b = datasets(sys.argv[1]), datasets(sys.argv[2])
problems = [f"only in {sys.argv[1]}: {n}" for n in sorted(a.keys() - b.keys())]
problems += [f"only in {sys.argv[2]}: {n}" for n in sorted(b.keys() - a.keys())]
problems += [f"differs: {n}" for n in sorted(a.keys() & b.keys()) if not same(a[n], b[n])]
if len(a) < 20:
    problems.append(f"only {len(a)} datasets in {sys.argv[1]}: not a results file?")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
