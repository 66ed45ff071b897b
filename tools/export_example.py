#!/usr/bin/env python3
"""Read the events and network a run exported (vrusim run --export events,network; docs/outputs.md).

Usage: python3 tools/export_example.py results.h5 [REPLICATE] [--follow-up WEEKS]   (needs h5py, numpy)

For each replicate (or the one named) it prints:
- each network snapshot's size: people present, ties by layer, county-line runners;
- the victimisation network (an edge offender -> victim for each victimisation whose offender is
  in the cohort): victimisations, distinct pairs, and how concentrated victimisation is;
- victim to offender: for each person's FIRST victimisation in the exported weeks that leaves a
  whole follow-up (default 26 weeks) before the export ends, whether they started a violent
  incident in the weeks after it, and how soon (cumulative share by 1, 4, 13 and 26 weeks). One
  row per victim, a fixed window: victims with many victimisations do not dominate, and late
  victimisations are not mistaken for ones without an offence. People who left the cohort during
  their follow-up are left out (counted). This is a person's own victim-to-offender lag, not Green,
  Horel and Papachristos's infector-to-infectee lag between two linked victimisations.

People are pseudonymous ids per replicate (slot = id & 0xffffffff, generation = (id >> 32) - 1).
Events within a week are in the model's order, not the time of day: a same-week offence after a
victimisation cannot be told from one before it, so the follow-up starts the next week.
"""
import sys

import h5py
import numpy as np


def snapshot_sizes(group, layers):
    if "network" not in group:
        return
    for name, snapshot in group["network"].items():
        if not name.startswith("week_"):
            continue
        ties = snapshot["ties"][:]
        by_layer = ", ".join(f"{layers[k]} {int(np.sum(ties['layer'] == k)):,}" for k in range(len(layers)))
        print(f"  network at the end of {name.replace('_', ' ')}: {len(snapshot['people']):,} people, "
              f"{len(ties):,} ties ({by_layer}), {len(snapshot['line_members']):,} county-line runners")
    skipped = group["network/skipped_weeks"][:]
    if len(skipped):
        print(f"  network snapshots left out by the limit: weeks {', '.join(map(str, skipped))}")


def victimisation_network(events, kinds):
    victims = events[events["type"] == kinds.index("victimisation")]
    with_offender = victims[victims["other_person"] != 0]
    pairs, times = np.unique(np.stack([with_offender["other_person"], with_offender["person"]], axis=1), axis=0,
                             return_counts=True)
    per_victim = np.sort(np.unique(victims["person"], return_counts=True)[1])[::-1]
    print(f"  victimisations: {len(victims):,} of {len(per_victim):,} people; {len(with_offender):,} with an "
          f"offender in the cohort, {len(pairs):,} offender -> victim pairs "
          f"({100 * np.mean(times > 1) if len(times) else 0:.0f}% of pairs more than once)")
    if len(per_victim):
        top = max(1, len(per_victim) // 10)
        print(f"  concentration: the 10% most victimised victims bear {100 * per_victim[:top].sum() / per_victim.sum():.0f}% "
              f"of victimisations; most for one person {per_victim[0]}")


def victim_to_offender(events, kinds, last_week, follow_up):
    victim_rows = events[events["type"] == kinds.index("victimisation")]
    offences = events[events["type"] == kinds.index("violent_incident")]  # person = who started it
    leavers = events[events["type"] == kinds.index("left_cohort")]
    left_week = dict(zip(leavers["person"].tolist(), leavers["week"].tolist()))
    order = np.lexsort((offences["week"], offences["person"]))
    off_person, off_week = offences["person"][order], offences["week"][order]
    # Each victim's first victimisation in the export (rows come week by week).
    people, first = np.unique(victim_rows["person"], return_index=True)
    weeks = victim_rows["week"][first]
    whole = weeks + follow_up <= last_week
    lags, left_early = [], 0
    for person, week in zip(people[whole].tolist(), weeks[whole].tolist()):
        if left_week.get(person, last_week + 1) <= week + follow_up:
            left_early += 1
            continue
        lo, hi = np.searchsorted(off_person, person, "left"), np.searchsorted(off_person, person, "right")
        after = off_week[lo:hi][(off_week[lo:hi] > week) & (off_week[lo:hi] <= week + follow_up)]
        lags.append(int(after[0] - week) if after.size else 0)  # 0: no offence in the window
    lags = np.array(lags, dtype=np.int64)
    if not len(lags):
        print(f"  victim to offender: no first victimisation leaves {follow_up} weeks of follow-up in this export")
        return
    offended = lags > 0
    print(f"  victim to offender: of {len(lags):,} victims followed for {follow_up} weeks after their first "
          f"victimisation here ({left_early:,} who left the cohort meanwhile left out, "
          f"{int(np.sum(~whole)):,} victimised too late to follow), {100 * offended.mean():.1f}% started a violent "
          "incident; by week " + ", ".join(f"{w}: {100 * np.mean(offended & (lags <= w)):.1f}%"
                                           for w in (1, 4, 13, 26) if w <= follow_up))


def main(path, only, follow_up):
    with h5py.File(path, "r") as f:
        if "exports" not in f:
            sys.exit(f"{path} has no export: run vrusim run --export events,network")
        kinds = list(f["exports/event_types"].asstr()[:])
        layers = list(f["exports/layers"].asstr()[:])
        replicates = int(f.attrs["replicates"])
        if only is not None and not 0 <= only < replicates:
            sys.exit(f"{path} has replicates 0 to {replicates - 1}, not {only}")
        if f["exports"].attrs.get("complete", 1) == 0:
            print(f"{path}: the export limit cut this export (see each replicate below)")
        for r in [only] if only is not None else range(replicates):
            group = f["exports"][f"replicate_{r:04}"]
            print(f"replicate {r}:")
            snapshot_sizes(group, layers)
            if "events" not in group:
                continue
            last = int(group.attrs["events_through_week"])
            if last < 0:
                print("  events: none kept (the export limit left no whole week)")
                continue
            note = "" if last == int(f.attrs["weeks"]) - 1 else " (cut by the export limit)"
            print(f"  events of weeks 0 to {last}{note}")
            events = group["events"][:]
            victimisation_network(events, kinds)
            victim_to_offender(events, kinds, last, follow_up)


if __name__ == "__main__":
    args = sys.argv[1:]
    weeks = 26
    if "--follow-up" in args:
        at = args.index("--follow-up")
        weeks = int(args[at + 1])
        del args[at:at + 2]
    if len(args) not in (1, 2) or weeks < 1:
        sys.exit(__doc__)
    main(args[0], int(args[1]) if len(args) == 2 else None, weeks)
