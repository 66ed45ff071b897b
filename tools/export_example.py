#!/usr/bin/env python3
"""Read the events and network a run exported (vrusim run --export events,network; docs/outputs.md):
rebuild the victimisation network (who victimised whom) from the events, and measure the lag
between a person's victimisation and their next violent offence, as in Green, Horel and
Papachristos's contagion chains: the share of victims who go on to offend, and how soon.

Usage: python3 tools/export_example.py results.h5 [REPLICATE]     (needs h5py and numpy)

Pooled over the replicates unless one is named. People are pseudonymous ids, per replicate:
slot = id & 0xffffffff, generation = (id >> 32) - 1. A lag is censored when the victim has not
offended by the end of the exported weeks or left the cohort first; the censored share is
printed beside the lags, which describe only the victims who did offend.
"""
import sys

import h5py
import numpy as np


def names(f, dataset):
    return [n.decode() if isinstance(n, bytes) else n for n in f["exports"][dataset][:]]


def one_replicate(events, kinds):
    victimisation = kinds.index("victimisation")
    offence = kinds.index("violent_incident")  # person = the offender who started the incident
    left = kinds.index("left_cohort")
    victims = events[(events["type"] == victimisation) & (events["other_person"] != 0)]
    # The victimisation network: a directed edge offender -> victim, weighted by times.
    pairs, times = np.unique(np.stack([victims["other_person"], victims["person"]], axis=1), axis=0,
                             return_counts=True)
    # Each person's offences (weeks, sorted) and the week they left, if they did.
    offences = events[events["type"] == offence]
    order = np.lexsort((offences["week"], offences["person"]))
    off_person, off_week = offences["person"][order], offences["week"][order]
    leavers = events[events["type"] == left]
    left_week = dict(zip(leavers["person"].tolist(), leavers["week"].tolist()))
    lags, censored = [], 0
    for person, week in zip(victims["person"].tolist(), victims["week"].tolist()):
        lo, hi = np.searchsorted(off_person, person, "left"), np.searchsorted(off_person, person, "right")
        later = off_week[lo:hi][off_week[lo:hi] > week]  # an offence after the week of the victimisation
        if later.size and later[0] < left_week.get(person, np.iinfo(np.int32).max):
            lags.append(int(later[0] - week))
        else:
            censored += 1
    return pairs, times, np.array(lags, dtype=np.int64), censored


def main(path, only=None):
    with h5py.File(path, "r") as f:
        if "exports" not in f or f.attrs.get("export_events", 0) == 0:
            sys.exit(f"{path} has no exported events: run vrusim run --export events")
        kinds = names(f, "event_types")
        replicates = [only] if only is not None else range(int(f.attrs["replicates"]))
        all_lags, all_censored, victimisations, edges, weeks = [], 0, 0, 0, None
        for r in replicates:
            group = f["exports"][f"replicate_{r:04}"]
            events = group["events"][:]
            weeks = int(group.attrs["events_through_week"]) + 1
            pairs, times, lags, censored = one_replicate(events, kinds)
            victimisations += int(times.sum())
            edges += len(pairs)
            all_lags.append(lags)
            all_censored += censored
            if "network" in group:  # the social graph at its snapshot weeks, for networkx or igraph
                for name, snapshot in group["network"].items():
                    if name.startswith("week_"):
                        ties = snapshot["ties"]
                        print(f"replicate {r}, {name}: {len(ties):,} ties, "
                              f"{len(snapshot['line_members']):,} county-line runners")
        lags = np.concatenate(all_lags) if all_lags else np.array([], dtype=np.int64)
        print(f"{path}: {len(list(replicates))} replicate(s), {weeks} exported weeks each")
        print(f"victimisation network: {victimisations:,} victimisations with an offender in the cohort, "
              f"{edges:,} offender -> victim pairs")
        n = len(lags) + all_censored
        if n == 0:
            print("no victimisations")
            return
        print(f"victims who offended later within the exported weeks: {len(lags):,} of {n:,} "
              f"({100 * len(lags) / n:.1f}%; the rest censored: no offence before the end or before leaving)")
        if len(lags):
            q = np.percentile(lags, [25, 50, 75, 90])
            print(f"lag from victimisation to the next offence, weeks: quartiles {q[0]:.0f}, {q[1]:.0f}, {q[2]:.0f}; "
                  f"90th percentile {q[3]:.0f}")
            for within in (1, 4, 13, 52):
                print(f"  within {within:>2} week{'s' if within > 1 else ' '}: "
                      f"{100 * np.mean(lags <= within):5.1f}% of those who offended")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) == 3 else None)
