#!/usr/bin/env python3
"""Read a vrusim results file: print its root attributes, then annual knife-assault hospital
admissions of under-25s per 100,000 people aged 10-24, mean and 95% interval across replicates.

Usage: python3 tools/h5_example.py results.h5        (needs h5py and numpy; see docs/outputs.md)
"""
import sys

import h5py
import numpy as np

MEASURE = "hospital_admissions_knife_assault_u25"
WEEKS_PER_YEAR = 52


def t_critical(f, n):
    """Student t(0.975, n - 1): from scipy if installed, else the value vrusim stored in /summary."""
    try:
        from scipy.stats import t
        return float(t.ppf(0.975, n - 1))
    except ImportError:
        if "summary" in f and f["summary"].attrs["n_replicates"] == n:
            return float(f["summary"].attrs["t_critical"])
        sys.exit("this file is not complete: install scipy for the t quantile")


def main(path):
    with h5py.File(path, "r") as f:
        print(path)
        for name, value in f.attrs.items():
            print(f"  {name:20} {value}")
        if f.attrs["status"] != "complete":
            print("  status is not 'complete': using only the replicates marked done")

        done = f["replicates/done"][:].astype(bool)
        x = f["replicates/" + MEASURE][done, ...]  # [replicate][week][area][age_band], represented people
        n, weeks = x.shape[0], x.shape[1]
        years = weeks // WEEKS_PER_YEAR  # complete years only
        if n == 0 or years == 0:
            sys.exit("need at least one finished replicate and 52 reported weeks")

        weekly = x.sum(axis=(2, 3))  # all areas and age bands: [replicate][week]
        annual = weekly[:, : years * WEEKS_PER_YEAR].reshape(n, years, WEEKS_PER_YEAR).sum(axis=2)
        rate = annual / f.attrs["population_10_24"] * 100_000  # [replicate][year]

        mean = rate.mean(axis=0)
        low, high = np.percentile(rate, [2.5, 97.5], axis=0)  # spread of the replicates themselves
        if n > 1:
            half = t_critical(f, n) * rate.std(axis=0, ddof=1) / np.sqrt(n)  # 95% CI of the mean
        else:
            half = np.full(years, np.nan)

        start = int(f.attrs["start_year"])
        print(f"\n{MEASURE} per 100,000 aged 10-24, {n} replicates")
        print(f"  {'year':8} {'mean':>8} {'95% CI of mean':>20} {'2.5-97.5% of replicates':>26}")
        for y in range(years):
            label = f"{start + y}-{(start + y + 1) % 100:02d}"
            ci = f"[{mean[y] - half[y]:.2f}, {mean[y] + half[y]:.2f}]"
            spread = f"[{low[y]:.2f}, {high[y]:.2f}]"
            print(f"  {label:8} {mean[y]:8.2f} {ci:>20} {spread:>26}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
