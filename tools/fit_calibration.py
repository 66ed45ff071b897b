#!/usr/bin/env python3
"""Fit the default scenario's free parameters jointly to the calibration targets.

Each free parameter is paired with the target it moves most (its "lever"). Every iteration runs
`vrusim calibrate --csv` once for all parameters together, with the same seed (common random
numbers, so that the change between iterations is the parameters' doing, not noise), and moves
every parameter at once by a damped multiplicative Newton step on its own target:

    theta <- theta * (target / achieved) ** (damping / elasticity)

with the elasticities in LEVERS (measured by finite differences at full scale). Steps are clamped
to a factor of 1.5 and parameters to their bounds. Because all parameters move together and each
iteration sees every target's response to all of them (a lower offending rate also lowers knife
admissions and arrests), the fixed point is a joint fit. It stops when every target lies within its
tolerance and every lever's target is within --close of its published value.

    /usr/bin/python3 tools/fit_calibration.py [--vrusim build/tools/vrusim] [--scale 1] [--replicates 2]
                                              [--iterations 12] [--close 0.05] [--set KEY=VALUE ...]

Prints each iteration and the fitted values (to copy into sim/parameters.hpp). docs/model.md
section 8 describes the method.
"""
import argparse
import csv
import io
import math
import os
import subprocess
import sys


def usage_error(message):
    """Bad input: one line on stderr and exit 2, as vrusim itself does."""
    print(f"fit_calibration: error: {message}", file=sys.stderr)
    sys.exit(2)


# (parameter, target, elasticity d log(target) / d log(parameter), lower bound, upper bound).
# The elasticities were measured around the fitted values (finite differences at full scale); the
# targets are coupled (offending drives knives, carrying and arrests), which the iteration takes up.
LEVERS = [
    ("violence.base_rate_per_year", "offended_past_year_13_17", 0.5, 0.01, 5),
    ("violence.age_rr_18_24", "offending_ratio_18_24_to_10_17", 0.8, 0.005, 3),
    ("justice.arrest_rr_18_24", "young_adults_in_custody_per_100k_18_24", 0.9, 0.2, 8.6),
    ("violence.victim_proneness_sigma", "victimised_past_year_13_17", -0.7, 0.05, 4),
    ("violence.p_knife_if_carrying", "recorded_knife_offences_per_100k", 0.7, 0.00001, 1),
    ("violence.knife_rr_18_24", "knife_admissions_share_10_17", -0.35, 0.1, 100),
    ("weapons.start_rate_per_year", "weapon_carrying_past_year_13_17", 0.35, 0.00005, 1),
    ("weapons.female_rr", "weapon_carrying_male_share_13_17", -0.4, 0.01, 10),
    ("violence.p_injury_other", "injured_share_of_victims_13_17", 0.7, 0.01, 0.95),
    ("violence.p_admission_given_ae_knife", "knife_admissions_u25_per_100k", 1.0, 0.001, 1),
    ("violence.p_homicide_given_knife_injury", "knife_homicides_u25_per_year", 1.0, 0.00005, 0.5),
    ("violence.p_ae_given_injury_other", "ae_violence_per_1000_10_24", 0.9, 0.001, 1),
    ("justice.p_arrest_given_recorded", "arrests_per_100k_10_17", 1.0, 0.001, 1),
    ("justice.p_sanction_given_arrest", "first_time_entrants_per_100k_10_17", 1.0, 0.001, 1),
    ("justice.p_custody_given_arrest", "children_in_custody_per_100k_10_17", 1.0, 0.0005, 1),
    ("violence.adult_victim_share_18_24", "victimised_past_year_18_24", -1.0, 0.0, 0.95),
    ("family.parent_prison_prevalence", "parent_in_prison_past_year_10_17", 1.0, 0.0005, 0.2),
    ("county_lines.p_knife_market", "drug_market_share_of_knife_incidents", 0.8, 0.01, 1),
    ("violence.victim_weight_female", "ae_violence_male_share", -0.3, 0.01, 10),
    ("violence.knife_rr_male_victim", "knife_victims_male_share", 0.1, 1, 100),
    ("exploitation.missing_rate_per_year", "missing_episodes_per_child_10_17", 0.8, 0.0005, 1),
    ("safeguarding.p_identify_per_week", "exploited_identified_per_100k_10_17", 0.25, 0.0001, 0.1),
]

# Parameters held in a fixed ratio to a lever: (parameter, lever, ratio). Knives are used far more
# by carriers; the ratio is an assumption (docs/model.md 7.3), the level is fitted.
TIED = [
    ("violence.p_knife_if_not_carrying", "violence.p_knife_if_carrying", 1 / 200),
]


def evaluate(args, values, label):
    cmd = [args.vrusim, "calibrate", "--csv", "--quiet", "--replicates", str(args.replicates),
           "--set", f"population.scale={args.scale}"] + sum((["--set", s] for s in args.set), [])
    for key, value in values.items():
        cmd += ["--set", f"{key}={value:.6g}"]
    for key, lever, ratio in TIED:
        if key not in args.tied_fixed:  # a value given with --set is kept
            cmd += ["--set", f"{key}={values[lever] * ratio:.6g}"]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode == 2:
        usage_error(f"vrusim refused the scenario:\n{out.stderr}")
    if out.returncode not in (0, 1):
        print(f"fit_calibration: vrusim calibrate failed ({out.returncode}):\n{out.stderr}", file=sys.stderr)
        sys.exit(1)
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(out.stdout))}
    for row in rows.values():  # an empty field: nothing to measure (e.g. no victims in a tiny sample)
        row["achieved"] = row["achieved"] or "nan"
    print(f"\n{label}")
    for key, target, *_ in LEVERS:
        r = rows[target]
        print(f"  {key:42s} {values[key]:10.5g}   {target:40s} {float(r['achieved']):9.4g} "
              f"(target {float(r['target']):.4g}, [{float(r['low']):.4g}, {float(r['high']):.4g}])")
    for key, r in rows.items():
        if r["within"] != "1" and key not in {t for _, t, *_ in LEVERS}:
            print(f"  (unpaired) {key} {float(r['achieved']):.4g} outside [{r['low']}, {r['high']}]")
    sys.stdout.flush()
    return rows


def defaults(args):
    run = subprocess.run([args.vrusim, "schema"], capture_output=True, text=True)
    if run.returncode != 0 or "| `violence." not in run.stdout:
        usage_error(f"{args.vrusim} schema failed (exit {run.returncode}): is it vrusim?")
    out = run.stdout
    values = {}
    for key, *_ in LEVERS:
        line = next((l for l in out.splitlines() if l.startswith(f"| `{key}` |")), None)
        if line is None:
            sys.exit(f"{key} is not in the schema")
        values[key] = float(line.split("|")[3].strip().strip("`"))
    return values


def clamp(values):
    for key, _, _, low, high in LEVERS:
        values[key] = min(high, max(low, values[key]))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vrusim", default="build/tools/vrusim")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--replicates", type=int, default=2)
    parser.add_argument("--iterations", type=int, default=12)
    parser.add_argument("--close", type=float, default=0.05)
    parser.add_argument("--damping", type=float, default=0.7, help="share of the full step taken")
    parser.add_argument("--set", action="append", default=[], help="KEY=VALUE: a starting value, or a fixed override")
    args = parser.parse_args()

    if not (os.path.isfile(args.vrusim) and os.access(args.vrusim, os.X_OK)):
        usage_error(f"{args.vrusim} is not an executable vrusim (build it, or give --vrusim PATH)")
    args.vrusim = os.path.abspath(args.vrusim)  # a bare name would be looked up on PATH
    if args.iterations < 0:
        usage_error("--iterations must be 0 or more")
    if not (math.isfinite(args.damping) and 0 < args.damping <= 2):
        usage_error("--damping must be a number in (0, 2]")
    if not (math.isfinite(args.scale) and 0 < args.scale <= 1) or args.replicates < 1:
        usage_error("--scale must be in (0, 1] and --replicates at least 1")
    values = defaults(args)
    fixed = []
    for item in args.set:
        if "=" not in item:
            usage_error(f"--set {item}: expected KEY=VALUE")
        key, value = item.split("=", 1)
        if key in values:
            try:
                number = float(value)
            except ValueError:
                usage_error(f"--set {item}: {value!r} is not a number")
            low, high = next((lo, hi) for k, _, _, lo, hi in LEVERS if k == key)
            if not (math.isfinite(number) and low <= number <= high):
                usage_error(f"--set {item}: a starting value of {key} must lie in [{low:g}, {high:g}], the "
                            "fit's bounds")
            values[key] = number
        else:
            fixed.append(item)  # any other key: handed to vrusim, which checks it
    args.set = fixed
    args.tied_fixed = {item.split("=", 1)[0] for item in fixed}
    clamp(values)
    for iteration in range(args.iterations + 1):
        rows = evaluate(args, values, f"iteration {iteration}")
        within = all(r["within"] == "1" for r in rows.values())
        close = all(abs(float(rows[t]["achieved"]) / float(rows[t]["target"]) - 1) < args.close for _, t, *_ in LEVERS)
        if within and close:
            print("\nevery target within tolerance, every lever within --close of its target")
            break
        if iteration == args.iterations:
            break
        for key, target, elasticity, *_ in LEVERS:
            achieved = float(rows[target]["achieved"])
            ratio = float(rows[target]["target"]) / achieved if achieved > 0 else 2.0  # also NaN
            values[key] *= min(1.5, max(1 / 1.5, ratio ** (args.damping / elasticity)))
        clamp(values)
    print("\n# fitted values")
    for key, *_ in LEVERS:
        print(f"{key}: {values[key]:.4g}")
    for key, lever, ratio in TIED:
        if key not in args.tied_fixed:
            print(f"{key}: {values[lever] * ratio:.4g}  (tied to {lever})")


if __name__ == "__main__":
    main()
