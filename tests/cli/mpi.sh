#!/usr/bin/env bash
# vrusim-mpi (docs/batch.md, "On a cluster"): under `mpirun -np 3` a run of two scenarios, a
# sweep and the budget optimiser write exactly the datasets (and print exactly the comparison,
# the same allocations) the single-process vrusim does; a rank killed with SIGKILL part-way leaves the replicates already finished, and --resume
# with another rank count completes the run identically; a bad scenario is refused with exit 2.
# Usage: mpi.sh VRUSIM VRUSIM_MPI SCENARIO_DIR WORK_DIR
set -uo pipefail
vrusim="$(realpath "$1")"; vrusim_mpi="$(realpath "$2")"; scenarios="$(realpath "$3")"; work="$4"
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib.sh"
enter "$work"
# Containers often forbid the cross-process reads Open MPI's shared-memory transport tries first.
export OMPI_MCA_btl_vader_single_copy_mechanism=none
mpi() { local n="$1"; shift; mpirun --allow-run-as-root --oversubscribe -np "$n" "$vrusim_mpi" "$@"; }

base="$scenarios/examples/no-programme.yaml"
programme="$scenarios/thames-valley-2023-24.yaml"
small=(--set population.scale=0.01 --set run.burn_in_weeks=13 --set run.weeks=60 --replicates 3)

# Two scenarios: every dataset and the printed comparison as the single process has them.
"$vrusim" run "$base" "$programme" -o one/ "${small[@]}" >one.txt 2>one.err || fail "vrusim run: exit $?"
mpi 3 run "$base" "$programme" -o ranks/ "${small[@]}" >ranks.txt 2>ranks.err || fail "vrusim-mpi run: exit $? ($(tail -1 ranks.err))"
for name in no-programme thames-valley-2023-24; do same "one/$name.h5" "ranks/$name.h5"; done
cmp -s one.txt ranks.txt || fail "the comparisons printed differ: $(diff one.txt ranks.txt | head -5)"

# With the burn-in cache: the ranks keep the burn-ins, and a second job starts from them.
mpi 3 run "$base" "$programme" -o ranks-cached/ "${small[@]}" --burn-in-cache cache -q >/dev/null 2>cached.err \
    || fail "vrusim-mpi run keeping burn-ins: exit $? ($(tail -1 cached.err))"
[ "$(ls cache/*.settled 2>/dev/null | wc -l)" -eq 3 ] || fail "the ranks kept $(ls cache | wc -l) burn-ins, not 3"
mpi 2 run "$base" "$programme" -o ranks-cached-again/ "${small[@]}" --burn-in-cache cache -q >/dev/null 2>again.err \
    || fail "vrusim-mpi run reading burn-ins: exit $? ($(tail -1 again.err))"
grep -q "warning" again.err cached.err && fail "warnings from the cache: $(grep warning again.err cached.err)"
for name in no-programme thames-valley-2023-24; do
    same "one/$name.h5" "ranks-cached/$name.h5"
    same "one/$name.h5" "ranks-cached-again/$name.h5"
done

# A sweep: every point's file and the index.
sweep="$scenarios/sweeps/taper-and-navigators.yaml"
tiny=(--set population.scale=0.01 --set run.burn_in_weeks=13 --set run.weeks=60 --replicates 2)
"$vrusim" sweep "$sweep" -o sweep-one/ "${tiny[@]}" -q >/dev/null 2>&1 || fail "vrusim sweep: exit $?"
mpi 3 sweep "$sweep" -o sweep-ranks/ "${tiny[@]}" -q >/dev/null 2>sweep.err || fail "vrusim-mpi sweep: exit $? ($(tail -1 sweep.err))"
for f in sweep-one/point-*.h5; do same "$f" "sweep-ranks/$(basename "$f")"; done
cmp -s sweep-one/index.csv sweep-ranks/index.csv || fail "the sweeps' index.csv differ"

# The budget optimiser (its rounds hand out work units several times): the same allocations table.
problem="$here/optimise/synthetic.optimise.yaml"
"$vrusim" optimise "$problem" -o optimise-one/ -q >/dev/null 2>&1 || fail "vrusim optimise: exit $?"
mpi 3 optimise "$problem" -o optimise-ranks/ -q >/dev/null 2>optimise.err || fail "vrusim-mpi optimise: exit $? ($(tail -1 optimise.err))"
cmp -s optimise-one/allocations.csv optimise-ranks/allocations.csv || fail "the optimisers' allocations.csv differ"

# Rank 2 killed with SIGKILL once replicates are stored; resumed with two ranks.
bigger=(--set population.scale=0.1 --set run.burn_in_weeks=26 --set run.weeks=60 --replicates 8)
"$vrusim" run "$base" "$programme" -o whole/ "${bigger[@]}" -q >/dev/null 2>&1 || fail "uninterrupted run"
mpi 3 run "$base" "$programme" -o killed/ "${bigger[@]}" >/dev/null 2>killed.err &
launcher=$!
killed=""
for _ in $(seq 600); do
    if grep -aq "[1-9][0-9]*/16 replicates done" killed.err 2>/dev/null; then
        for pid in $(pgrep -f "vrusim-mpi run .*killed/"); do
            if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qx "OMPI_COMM_WORLD_RANK=2"; then
                kill -9 "$pid" && killed="$pid"
            fi
        done
        break
    fi
    sleep 0.1
done
wait "$launcher" 2>/dev/null
[ -n "$killed" ] || fail "rank 2 was not found to kill"
ls killed/*.partial >/dev/null 2>&1 || fail "no work files after a rank was killed"
mpi 2 run "$base" "$programme" -o killed/ "${bigger[@]}" --resume >/dev/null 2>resume.err \
    || fail "resume with 2 ranks: exit $? ($(tail -1 resume.err))"
grep -q "already stored" resume.err || fail "the resume kept no finished replicate: $(grep 'to run' resume.err)"
for name in no-programme thames-valley-2023-24; do same "whole/$name.h5" "killed/$name.h5"; done

# A bad scenario: the loader's message and exit 2, as from vrusim.
printf 'run:\n  replicates: many\n' >bad.yaml
mpi 2 run bad.yaml -o bad.h5 >/dev/null 2>bad.err
code=$?
[ "$code" -eq 2 ] || fail "a bad scenario: exit $code, expected 2"
grep -q "bad.yaml:2" bad.err || fail "a bad scenario: no file and line in: $(head -3 bad.err)"

finish mpi
