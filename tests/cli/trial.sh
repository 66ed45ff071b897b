#!/usr/bin/env bash
# `vrusim trial` (docs/research.md, "In-silico trials and power"): a trial killed part-way and
# resumed writes exactly what an uninterrupted one does; its outputs are a power table, estimates
# and a PNG; bad trial files, directories and resumes are refused with exit 2, and a user's file
# under an output's name is never replaced.
# Usage: trial.sh VRUSIM SCENARIO_DIR WORK_DIR
set -uo pipefail
vrusim="$(realpath "$1")"; scenarios="$(realpath "$2")"; work="$3"
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib.sh"
enter "$work"

cat >t.trial.yaml <<YAML
scenario: $scenarios/trials/focused-deterrence-scale-up.yaml
intervention: Focused Deterrence
outcome: violent_offending
follow_up_weeks: 13
trials: 8
YAML
small=(--set population.scale=0.02 --set run.burn_in_weeks=26)
"$vrusim" trial t.trial.yaml -o whole "${small[@]}" -q >whole.out 2>whole.err || fail "uninterrupted trial: $(cat whole.err)"
grep -q "units/arm" whole.out || fail "no power table: $(cat whole.out)"
head -1 whole/power.csv | grep -q "^size_per_arm,trials," || fail "power.csv: $(head -2 whole/power.csv)"
[ "$(wc -l <whole/power.csv)" -eq 5 ] || fail "power.csv has not 4 sizes: $(cat whole/power.csv)"
[ "$(head -c 4 whole/power.png | tail -c 3)" = "PNG" ] || fail "power.png is not a PNG"
[ -e whole/trial.partial ] && fail "the work file was left after a whole trial"

# Killed with SIGKILL once a trial or more is kept, then resumed: the same outputs.
"$vrusim" trial t.trial.yaml -o killed "${small[@]}" >/dev/null 2>killed.err &
pid=$!
for _ in $(seq 1000); do grep -q "[1-7]/8 trials done" killed.err && break; sleep 0.01; done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
[ -e killed/trial.partial ] || fail "no trial was caught part-way"
# A copy with a torn last entry (as a kill during a write leaves): cut off, and its trial run again.
mkdir -p torn again && cp killed/trial.partial again/ && cp killed/trial.partial torn/ && printf 'VTRL\x40\x00\x00' >>torn/trial.partial
"$vrusim" trial t.trial.yaml -o killed "${small[@]}" --resume >/dev/null 2>resume.err || fail "resume: $(cat resume.err)"
grep -q "done before" resume.err || fail "the resume did not say what it kept: $(cat resume.err)"
cmp -s whole/power.csv killed/power.csv || fail "power.csv after a resume differs"
cmp -s whole/estimates.csv killed/estimates.csv || fail "estimates.csv after a resume differs"
"$vrusim" trial t.trial.yaml -o torn "${small[@]}" --resume -q >/dev/null 2>torn.err || fail "resume after a torn entry: $(cat torn.err)"
cmp -s whole/estimates.csv torn/estimates.csv || fail "a resume after a torn entry differs"
grep -q "bytes after the last whole trial were cut off" torn.err || fail "no warning of the torn entry: $(cat torn.err)"
# With stderr closed, the work file is not taken for it (progress would be written over it).
"$vrusim" trial t.trial.yaml -o closed "${small[@]}" >/dev/null 2>&- || fail "a trial with stderr closed"
cmp -s whole/estimates.csv closed/estimates.csv || fail "a trial with stderr closed differs"

# Refusals, exit 2, nothing run.
refused "a missing trial file" "cannot read the trial file" "$vrusim" trial nowhere.yaml -o r
printf 'scenario: %s/default.yaml\nintervention: X\noutcome: arrests\n' "$scenarios" >bad.yaml
refused "a bad outcome" "bad.yaml:3:10: outcome: expected violent_offending" "$vrusim" trial bad.yaml -o r
printf 'scenario: %s/default.yaml\nintervention: X\noutcome: arrest\n' "$scenarios" >none.yaml
refused "an intervention the scenario lacks" "no intervention named 'X'" "$vrusim" trial none.yaml -o r
refused "one trial" "trials" "$vrusim" trial t.trial.yaml -o r --trials 1
touch a-file
refused "-o a file" "is not a directory" "$vrusim" trial t.trial.yaml -o a-file "${small[@]}"
refused "-o under a missing directory" "does not exist" "$vrusim" trial t.trial.yaml -o no/such/dir "${small[@]}"
mkdir -p mine && echo precious >mine/power.csv
refused "a user's power.csv" "is not one a trial wrote" "$vrusim" trial t.trial.yaml -o mine "${small[@]}"
[ "$(cat mine/power.csv)" = "precious" ] || fail "a user's power.csv was touched"
refused "a resume with nothing to continue" "nothing to continue" "$vrusim" trial t.trial.yaml -o whole --resume "${small[@]}"
refused "a new run over an interrupted one" "--resume continues it" "$vrusim" trial t.trial.yaml -o again "${small[@]}"
refused "a resume with another scenario" "another scenario or design" \
    "$vrusim" trial t.trial.yaml -o again --set population.scale=0.03 --set run.burn_in_weeks=26 --resume
[ -e r ] && fail "a refused trial made its directory"
finish "trial"
