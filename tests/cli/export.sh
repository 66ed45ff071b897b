#!/usr/bin/env bash
# `vrusim run --export events,network` (docs/outputs.md, "Events and network"): the tables are in
# the results file and the Python example reads them; a run killed part-way and resumed exports
# exactly what an uninterrupted one does (each replicate's export waits whole beside the work
# file); bad requests are refused with exit 2 before anything runs.
# Usage: export.sh VRUSIM SCENARIO_DIR WORK_DIR
set -uo pipefail
vrusim="$(realpath "$1")"; scenarios="$(realpath "$2")"; work="$3"
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib.sh"
enter "$work"

# The tables, and the example's reading of them.
"$vrusim" run "$scenarios/tiny.yaml" -o tiny.h5 --export events,network --export-weeks 0,10 -q >/dev/null 2>tiny.err ||
    fail "export: $(cat tiny.err)"
"$python" - <<'PY' || fail "the export's tables"
import h5py, sys
f = h5py.File("tiny.h5", "r")
for r in range(int(f.attrs["replicates"])):
    g = f[f"exports/replicate_{r:04}"]
    assert len(g["events"]) > 0 and g.attrs["events_through_week"] == f.attrs["weeks"] - 1
    assert sorted(g["network"].keys()) == ["skipped_weeks", "week_0000", "week_0010"], list(g["network"].keys())
    assert len(g["network/week_0010/ties"]) > 0
PY
"$python" "$here/../../tools/export_example.py" tiny.h5 >example.out 2>&1 || fail "export_example.py: $(cat example.out)"
grep -q "victimisations:" example.out || fail "export_example.py printed: $(cat example.out)"
[ -e tiny.h5.exports.partial ] && fail "the exports' work directory was left behind"
# A network-only export, and one the limit cuts: the example reads both; the run warns of the cut.
"$vrusim" run "$scenarios/tiny.yaml" -o net.h5 --export network -q >/dev/null 2>&1 || fail "network-only export"
"$python" "$here/../../tools/export_example.py" net.h5 >net.out 2>&1 || fail "example on a network-only file: $(cat net.out)"
grep -q "people" net.out || fail "example on a network-only file printed: $(cat net.out)"
"$vrusim" run "$scenarios/tiny.yaml" -o cut.h5 --export events,network --export-limit 1 --set run.weeks=520 -q \
    >/dev/null 2>cut.err || fail "a cut export: $(cat cut.err)"
grep -q "warning: the export was cut by --export-limit: events stop early" cut.err || fail "no warning of the cut: $(cat cut.err)"
"$python" "$here/../../tools/export_example.py" cut.h5 >cut.out 2>&1 || fail "example on a cut file: $(cat cut.out)"
grep -q "cut by the export limit" cut.out || fail "example on a cut file printed: $(cat cut.out)"

# Killed with SIGKILL part-way, then resumed: the same file, exports and all.
bigger=(--set population.scale=0.05 --set run.burn_in_weeks=13 --set run.weeks=52 --replicates 4
        --export events,network --export-weeks 51)
programme="$scenarios/thames-valley-2023-24.yaml"
"$vrusim" run "$programme" -o whole.h5 "${bigger[@]}" -q >/dev/null 2>&1 || fail "uninterrupted run"
for wait in 0.5 1 2 3 5; do
    rm -rf killed.h5 killed.h5.partial killed.h5.exports.partial
    "$vrusim" run "$programme" -o killed.h5 "${bigger[@]}" >/dev/null 2>killed.err &
    pid=$!
    started killed.err
    sleep "$wait"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    ls killed.h5.exports.partial/replicate-*.bin >/dev/null 2>&1 && [ -e killed.h5.partial ] && break
done
[ -e killed.h5.partial ] || fail "no run was caught part-way with an export stored"
"$vrusim" run "$programme" -o killed.h5 "${bigger[@]}" -q --resume >/dev/null 2>resume.err ||
    fail "resume: exit $? ($(tail -1 resume.err))"
same whole.h5 killed.h5
[ -e killed.h5.exports.partial ] && fail "the exports' work directory was left after the resume"

# Refusals, exit 2, nothing run or written.
tiny="$scenarios/tiny.yaml"
refused "an unknown kind" "unknown 'edges'" "$vrusim" run "$tiny" -o r.h5 --export events,edges
refused "a week outside the run" "'26' is not a reported week" "$vrusim" run "$tiny" -o r.h5 --export network --export-weeks 26
refused "weeks without the network" "needs --export network" "$vrusim" run "$tiny" -o r.h5 --export events --export-weeks 3
refused "weeks without --export" "go with --export" "$vrusim" run "$tiny" -o r.h5 --export-weeks 3
refused "a limit below 1 MiB" "expected MiB from 1" "$vrusim" run "$tiny" -o r.h5 --export events --export-limit 0.5
refused "a limit that is not a number" "export-limit" "$vrusim" run "$tiny" -o r.h5 --export events --export-limit lots
refused "several scenarios" "one scenario at a time" "$vrusim" run "$tiny" "$scenarios/default.yaml" -o d/ --export events
refused "a file where the exports wait" "is not a directory" sh -c "echo mine > f.h5.exports.partial && '$vrusim' run '$tiny' -o f.h5 --export events"
[ "$(cat f.h5.exports.partial)" = "mine" ] || fail "a user's file in the exports' place was touched"
# A file of the user's under one of the exports' names is never removed or replaced: refused.
mkdir -p u.h5.exports.partial && echo precious > u.h5.exports.partial/replicate-0000.bin
refused "a user's file among the exports" "is not a waiting export" "$vrusim" run "$tiny" -o u.h5 --export events
[ "$(cat u.h5.exports.partial/replicate-0000.bin 2>/dev/null)" = "precious" ] || fail "a user's file in the exports' directory was touched"
[ -e u.h5.partial ] && fail "a refused run left its work file"
[ -e r.h5 ] || [ -e r.h5.partial ] || [ -e f.h5.partial ] && fail "a refused run left a file"
# Resuming with other export settings is refused, naming them.
"$vrusim" run "$programme" -o changed.h5 "${bigger[@]}" >/dev/null 2>changed.err &
pid=$!; started changed.err; kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
[ -e changed.h5.partial ] || fail "no work file to resume with other settings"
refused "a resume with other export settings" "exports: --export events,network --export-weeks 51" \
    "$vrusim" run "$programme" -o changed.h5 "${bigger[@]/51/50}" --resume
finish "export"
