#!/usr/bin/env bash
# `vrusim record` (docs/research.md): a record of a scenario, with a run's calibration; a results
# file of another scenario, a bad scenario, a missing directory and a user's file in the way are
# refused with exit 2, leaving everything as it was.
# Usage: record.sh VRUSIM SCENARIO_DIR WORK_DIR
set -uo pipefail
vrusim="$(realpath "$1")"; scenarios="$(realpath "$2")"; work="$3"
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib.sh"
enter "$work"

"$vrusim" record "$scenarios/tiny.yaml" -o plain.md 2>plain.err || fail "record: $(cat plain.err)"
head -1 plain.md | grep -q "^# Algorithmic transparency record: Tiny synthetic test scenario$" || fail "first line: $(head -1 plain.md)"
grep -q "No results file was given" plain.md || fail "without results, the record says so"

# With the results of a year's run (the --set the run used given again): the calibration table.
"$vrusim" run "$scenarios/tiny.yaml" -o year.h5 -q --set run.weeks=52 >/dev/null 2>&1 || fail "the run"
"$vrusim" record "$scenarios/tiny.yaml" year.h5 --set run.weeks=52 -o plain.md 2>with.err || fail "record with results: $(cat with.err)"
grep -q "targets within their tolerance" plain.md || fail "no calibration table"

# Refusals: exit 2, a message, nothing written or changed.
"$vrusim" record "$scenarios/tiny.yaml" year.h5 -o other.md >/dev/null 2>other.err
[ $? -eq 2 ] || fail "results of another scenario (no --set): not exit 2"
grep -q "was not made from this scenario" other.err || fail "message: $(cat other.err)"
[ -e other.md ] && fail "a refused record was written"
echo "my notes" >mine.md
"$vrusim" record "$scenarios/tiny.yaml" -o mine.md >/dev/null 2>mine.err
[ $? -eq 2 ] || fail "a user's file in the way: not exit 2"
grep -q "mine.md exists and is not a record vrusim wrote" mine.err || fail "message: $(cat mine.err)"
grep -q "^my notes$" mine.md || fail "the user's file was changed"
"$vrusim" record "$scenarios/tiny.yaml" -o missing/r.md >/dev/null 2>missing.err
[ $? -eq 2 ] || fail "a missing directory: not exit 2"
printf 'run:\n  weeks: many\n' >bad.yaml
"$vrusim" record bad.yaml -o bad.md >/dev/null 2>bad.err
[ $? -eq 2 ] || fail "a bad scenario: not exit 2"
grep -q "bad.yaml:2:10: run.weeks" bad.err || fail "message: $(cat bad.err)"
"$vrusim" record "$scenarios/tiny.yaml" "$scenarios/tiny.yaml" -o yaml.md >/dev/null 2>yaml.err
[ $? -eq 2 ] || fail "a scenario given as results: not exit 2"
grep -q "not an HDF5 file" yaml.err || fail "message: $(cat yaml.err)"
[ -e yaml.md ] && fail "a record was written from a scenario given as results"
ls ./*.writing ./.*.writing >/dev/null 2>&1 && fail "a temporary file was left"

finish record
