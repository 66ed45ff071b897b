#!/usr/bin/env python3
"""Exit 0 if two vrusim results files hold the same datasets with the same values, else 1 with
what differs. Wall-clock timing (replicates/seconds) is left out: it is never the same twice.
Usage: same_datasets.py A.h5 B.h5 [--ignore DATASET]... (e.g. scenario/source, the scenario's text
as written, when one run set a key on the command line and the other in a sweep file)."""
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


args = sys.argv[1:]
while "--ignore" in args:
    at = args.index("--ignore")
    SKIPPED.add(args[at + 1])
    del args[at:at + 2]
sys.argv[1:] = args
a, b = datasets(sys.argv[1]), datasets(sys.argv[2])
problems = [f"only in {sys.argv[1]}: {n}" for n in sorted(a.keys() - b.keys())]
problems += [f"only in {sys.argv[2]}: {n}" for n in sorted(b.keys() - a.keys())]
problems += [f"differs: {n}" for n in sorted(a.keys() & b.keys()) if not same(a[n], b[n])]
if len(a) < 20:
    problems.append(f"only {len(a)} datasets in {sys.argv[1]}: not a results file?")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
