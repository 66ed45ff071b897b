#!/usr/bin/env bash
# `vrusim run A B C -o DIR/` (docs/batch.md): each scenario's file holds exactly the datasets a
# separate run writes; a run killed with SIGKILL and resumed ends with the same datasets; bad
# requests are refused with exit 2 before anything runs.
# Usage: multi_run.sh VRUSIM SCENARIO_DIR WORK_DIR
set -uo pipefail
vrusim="$(realpath "$1")"; scenarios="$(realpath "$2")"; work="$3"
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib.sh"
enter "$work"

base="$scenarios/examples/no-programme.yaml"
programme="$scenarios/thames-valley-2023-24.yaml"
taper="$scenarios/examples/grant-taper.yaml"
small=(--set population.scale=0.01 --set run.burn_in_weeks=13 --set run.weeks=60 --replicates 2)

# Three scenarios together, then each alone: every dataset the same.
"$vrusim" run "$base" "$programme" "$taper" -o together/ "${small[@]}" >together.txt 2>together.err \
    || fail "run of three scenarios: exit $? ($(tail -1 together.err))"
grep -q "Comparing 3 runs" together.txt || fail "no comparison printed after the run"
for f in "$base" "$programme" "$taper"; do
    name="$(basename "$f" .yaml)"
    "$vrusim" run "$f" -o "alone-$name.h5" "${small[@]}" -q >/dev/null 2>&1 || fail "run of $name alone"
    same "together/$name.h5" "alone-$name.h5"
done

# The burn-in cache: the first run keeps each replicate's burn-in, a second starts from them;
# both write what the run without a cache wrote; a sweep over programme keys reads them too.
"$vrusim" run "$base" "$programme" "$taper" -o cached/ "${small[@]}" --burn-in-cache cache >/dev/null 2>cached.err \
    || fail "run keeping burn-ins: exit $? ($(tail -1 cached.err))"
grep -q "burn-in cache cache: 0 burn-ins read from it, 2 added" cached.err || fail "first cached run: $(grep cache cached.err)"
"$vrusim" run "$base" "$programme" "$taper" -o cached-again/ "${small[@]}" --burn-in-cache cache >/dev/null 2>again.err \
    || fail "run reading burn-ins: exit $? ($(tail -1 again.err))"
grep -q "burn-in cache cache: 2 burn-ins read from it, 0 added" again.err || fail "second cached run: $(grep cache again.err)"
for name in no-programme thames-valley-2023-24 grant-taper; do
    same "together/$name.h5" "cached/$name.h5"
    same "together/$name.h5" "cached-again/$name.h5"
done
"$vrusim" run "$base" -o cached-one.h5 "${small[@]}" --burn-in-cache cache -q 2>one-cached.err || fail "single run with the cache"
same "alone-no-programme.h5" cached-one.h5
touch not-a-dir
refused_early() { "$@" >/dev/null 2>refusal.err; [ $? -eq 2 ] || fail "$*: not refused with exit 2"; }
refused_early "$vrusim" run "$base" -o x.h5 "${small[@]}" --burn-in-cache not-a-dir
grep -q "burn-in-cache: not-a-dir exists and is not a directory" refusal.err || fail "cache a file: $(cat refusal.err)"
[ -e x.h5 ] || [ -e x.h5.partial ] && fail "a refused run left a file"
# A resume into a directory holding nothing of these scenarios (a typo) is refused, not started afresh.
refused_early "$vrusim" run "$base" "$programme" -o typo-dir/ "${small[@]}" --resume
grep -q "nothing to continue" refusal.err || fail "resume into an empty place: $(cat refusal.err)"
[ -e typo-dir ] && fail "a refused resume made its directory"
# One scenario with -o DIR/ makes DIR, as several do.
"$vrusim" run "$base" -o one-dir/ "${small[@]}" -q >/dev/null 2>&1 || fail "one scenario into a new DIR/"
[ -f "one-dir/$(basename "$base" .yaml).h5" ] || fail "one scenario into a new DIR/: no results file"

# Killed with SIGKILL part-way (after longer waits until something is stored), then resumed.
bigger=(--set population.scale=0.1 --set run.burn_in_weeks=26 --set run.weeks=60 --replicates 4)
"$vrusim" run "$base" "$programme" -o whole/ "${bigger[@]}" -q >/dev/null 2>&1 || fail "uninterrupted run"
for wait in 0.5 1 2 3 5; do
    rm -rf killed
    "$vrusim" run "$base" "$programme" -o killed/ "${bigger[@]}" >/dev/null 2>killed.err &
    pid=$!
    started killed.err
    sleep "$wait"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    ls killed/*.partial >/dev/null 2>&1 && break
done
ls killed/*.partial >/dev/null 2>&1 || fail "no run was caught part-way (each finished or stored nothing)"
"$vrusim" run "$base" "$programme" -o killed/ "${bigger[@]}" -q --resume >/dev/null 2>resume.err \
    || fail "resume: exit $? ($(tail -1 resume.err))"
for name in no-programme thames-valley-2023-24; do same "whole/$name.h5" "killed/$name.h5"; done
ls killed/*.partial >/dev/null 2>&1 && fail "work files left after the resume finished"

# A scenario added on resume starts afresh; the others keep their replicates.
"$vrusim" run "$base" "$programme" "$taper" -o killed/ "${bigger[@]}" --resume >/dev/null 2>added.err \
    || fail "resume with a scenario added: exit $? ($(tail -1 added.err))"
grep -q "grant-taper.yaml has no work file" added.err || fail "no note that the added scenario starts afresh"
grep -q "already complete; kept" added.err || fail "the finished scenarios were not kept"

# Refusals, exit 2, nothing run.
refused "no -o" "need -o DIR/" "$vrusim" run "$base" "$programme"
touch a-file
refused "-o a file" "not one; name a directory" "$vrusim" run "$base" "$programme" -o a-file "${small[@]}"
printf 'extends: %s\nrun:\n  seed: 7\n' "$programme" >other-seed.yaml
refused "different seeds" "cannot be paired replicate by replicate" "$vrusim" run "$base" other-seed.yaml -o seeds/ "${small[@]}"
[ -e seeds ] && fail "a refused run made its directory"
printf 'extends: %s\nrun:\n  start_year: 2025\n' "$base" >other-start.yaml
refused "different start years" "run.start_year" "$vrusim" run "$base" other-start.yaml -o start/ "${small[@]}"
refused "a scenario twice" "is given twice" "$vrusim" run "$base" "$base" -o twice/ "${small[@]}"
mkdir -p copy; printf 'extends: %s\n' "$base" >copy/no-programme.yaml
refused "two files of one name" "would both write" "$vrusim" run "$base" copy/no-programme.yaml -o names/ "${small[@]}"
rm -rf changed; mkdir changed
"$vrusim" run "$base" "$programme" -o changed/ "${bigger[@]}" >/dev/null 2>changed.err &
pid=$!; started changed.err; sleep 1; kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
if ls changed/*.partial >/dev/null 2>&1; then
    refused "resume with a changed scenario" "different run" \
        "$vrusim" run "$base" "$programme" -o changed/ "${bigger[@]}" --set violence.base_rate_per_year=0.5 --resume
fi

finish multi_run
