#!/usr/bin/env python3
"""Compare two vrusim results files replicate by replicate.

Runs of two scenarios with the same seed share their random numbers (common random numbers), so
the difference between replicate i of one and replicate i of the other is far less noisy than
the difference of the two means. For each measure this prints the annual value of each run and
the paired difference with its 95% confidence interval (t distribution over replicates).

    python3 tools/compare_runs.py baseline.h5 other.h5 [--measures a,b,c] [--area NAME]

Needs h5py and numpy (Debian: apt-get install python3-h5py).
"""
import argparse
import sys

import h5py
import numpy as np

# Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom (normal beyond).
T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042]


def annual(f, name, area):
    """Per replicate: flows summed and stocks averaged over the weeks, scaled to a year."""
    data = f["replicates"][name]
    kind = data.attrs["kind"]
    values = data[...]  # [replicate][week][area][band]
    if area is not None:
        values = values[:, :, [area], :]
    per_week = values.sum(axis=(2, 3))
    weeks = per_week.shape[1]
    return per_week.sum(axis=1) * 52 / weeks if kind == "flow" else per_week.mean(axis=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("baseline")
    parser.add_argument("other")
    parser.add_argument("--measures", help="comma-separated measure names (default: all)")
    parser.add_argument("--area", help="one area by name (default: all areas)")
    args = parser.parse_args()
    with h5py.File(args.baseline, "r") as a, h5py.File(args.other, "r") as b:
        if a.attrs["seed"] != b.attrs["seed"]:
            print("warning: the runs have different seeds, so the differences are not paired", file=sys.stderr)
        areas = [x.decode() if isinstance(x, bytes) else x for x in a["dims"]["area"][...]]
        area = None
        if args.area:
            if args.area not in areas:
                sys.exit(f"no area '{args.area}'; areas are: {', '.join(areas)}")
            area = areas.index(args.area)
        names = args.measures.split(",") if args.measures else [
            x.decode() if isinstance(x, bytes) else x for x in a["dims"]["measure"][...]]
        print(f"{'measure (a year)':38s} {'baseline':>11s} {'other':>11s} {'difference':>11s} {'95% CI':>22s} {'%':>7s}")
        for name in names:
            x, y = annual(a, name, area), annual(b, name, area)
            n = min(len(x), len(y))
            d = y[:n] - x[:n]
            half = (T975[n - 2] if n - 2 < len(T975) else 1.96) * d.std(ddof=1) / np.sqrt(n) if n > 1 else float("nan")
            base = x[:n].mean()
            pct = 100 * d.mean() / base if base else float("nan")
            ci = f"[{d.mean() - half:.4g}, {d.mean() + half:.4g}]"
            print(f"{name:38s} {base:11.4g} {y[:n].mean():11.4g} {d.mean():11.4g} {ci:>22s} {pct:7.1f}")


if __name__ == "__main__":
    main()
