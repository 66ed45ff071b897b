#!/usr/bin/env bash
# Speed-up and efficiency of vrusim-mpi (docs/performance.md, "MPI ensembles"): one job (the
# bundled no-programme and Thames Valley scenarios, sharing their burn-ins) at each rank count,
# one thread a rank; the wall time, the speed-up over one rank, the efficiency (speed-up / ranks),
# each rank's peak memory, and the agent-weeks a rank computes a second. The single-process vrusim
# at the same total thread count is timed for comparison. Every run's files are checked to be
# identical to the first's. A measurement, not a test: it prints figures and exits 0.
# Usage: bench/mpi_scaling.sh BUILD_DIR [RANKS...]   (default ranks: 1 2; env SCALE=1, REPLICATES=4)
set -euo pipefail
build="$(realpath "$1")"; shift
ranks=("${@:-1}"); [ $# -gt 0 ] || ranks=(1 2)
scale="${SCALE:-1}"; replicates="${REPLICATES:-4}"
here="$(cd "$(dirname "$0")/.." && pwd)"
scenarios=("$here/scenarios/examples/no-programme.yaml" "$here/scenarios/thames-valley-2023-24.yaml")
job=(--set population.scale="$scale" --replicates "$replicates" -q)
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
export OMPI_MCA_btl_vader_single_copy_mechanism=none
python=/usr/bin/python3; [ -x "$python" ] || python=python3

echo "vrusim-mpi scaling: ${#scenarios[@]} scenarios x $replicates replicates, population.scale=$scale, $(nproc) cores, $(date -u +%FT%TZ)"
printf '%-28s %9s %8s %10s %14s %s\n' "run" "wall s" "speed-up" "efficiency" "agent-weeks/s" "peak MB by rank"
base_seconds=""
reference=""
for n in "${ranks[@]}"; do
    out="$work/ranks-$n"; mkdir -p "$out/rss"
    start=$(date +%s.%N)
    mpirun --allow-run-as-root --oversubscribe -np "$n" sh -c \
        '/usr/bin/time -f %M -o "$0/rss/$OMPI_COMM_WORLD_RANK" "$@"' "$out" \
        "$build/tools/vrusim-mpi" run "${scenarios[@]}" -o "$out/files/" "${job[@]}" >/dev/null 2>"$out/log"
    seconds=$(echo "$(date +%s.%N) - $start" | bc -l)
    rss=$(for r in $(seq 0 $((n - 1))); do echo $(( $(cat "$out/rss/$r") / 1024 )); done | paste -sd/)
    agent_weeks=$("$python" - "$out/files" <<'PY'
import sys, glob, h5py
# Simulated: each file's reported weeks, and the burn-in the two scenarios share, once.
total, burn_in = 0, 0
for f in glob.glob(sys.argv[1] + "/*.h5"):
    with h5py.File(f) as h:
        runs = int(h.attrs["agents"]) * int(h.attrs["replicates"])
        total += runs * int(h.attrs["weeks"])
        burn_in = max(burn_in, runs * int(h.attrs["burn_in_weeks"]))
print(total + burn_in)
PY
)
    [ -n "$base_seconds" ] || base_seconds=$seconds
    speedup=$(echo "$base_seconds / $seconds" | bc -l)
    printf '%-28s %9.1f %8.2f %10.2f %14.3g %s\n' "vrusim-mpi -np $n" "$seconds" "$speedup" "$(echo "$speedup / $n" | bc -l)" \
        "$(echo "$agent_weeks / $seconds / $n" | bc -l)" "$rss"
    if [ -z "$reference" ]; then reference="$out/files"
    else for f in "$reference"/*.h5; do "$python" "$here/tests/cli/same_datasets.py" "$f" "$out/files/$(basename "$f")" >/dev/null \
            || echo "  DIFFERS from -np ${ranks[0]}: $(basename "$f")"; done
    fi
done
threads=$(nproc)
start=$(date +%s.%N)
/usr/bin/time -f %M -o "$work/rss-vrusim" "$build/tools/vrusim" run "${scenarios[@]}" -o "$work/vrusim/" "${job[@]}" --threads "$threads" >/dev/null 2>"$work/vrusim.log"
seconds=$(echo "$(date +%s.%N) - $start" | bc -l)
printf '%-28s %9.1f %8.2f %10s %14s %s\n' "vrusim --threads $threads" "$seconds" "$(echo "$base_seconds / $seconds" | bc -l)" "" "" \
    "$(( $(cat "$work/rss-vrusim") / 1024 ))"
