#!/usr/bin/env bash
# `vrusim optimise` (docs/research.md, "Budget optimiser"): a synthetic problem whose best
# allocation is known (every place to the intervention that works) is solved, its finalists
# confirmed on fresh replicates beat the current plan; an optimisation killed part-way and resumed
# writes what an uninterrupted one does; bad files, directories and resumes are refused with exit 2,
# and a user's file under an output's name is never replaced.
# Usage: optimise.sh VRUSIM SCENARIO_DIR WORK_DIR (its problems are its own, in tests/cli/optimise/)
set -uo pipefail
vrusim="$(realpath "$1")"; work="$3"
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib.sh"
problem="$here/optimise/synthetic.optimise.yaml"
enter "$work"

"$vrusim" optimise "$problem" -o whole >whole.out 2>whole.err || fail "uninterrupted optimisation: $(cat whole.err)"
grep -q "difference \[95% interval\]" whole.out || fail "no table: $(cat whole.out)"
# The known best: Strong 300, Nothing 0, ranked first, and clearly better than the current plan.
best=$(awk -F, '$14 == 1 {print $3 "," $4}' whole/allocations.csv)
[ "$best" = "300,0" ] || fail "the first finalist is not every place to Strong: $best ($(cat whole/allocations.csv))"
grep -q "The first finalist averts more than the current plan" whole.out || fail "the best is not clearly better: $(cat whole.out)"
# Every allocation that fits: 5 of the 9 (nothing on interventions fails the grant condition; more
# than 300 places is more than the grant).
[ "$(wc -l <whole/allocations.csv)" -eq 6 ] || fail "allocations.csv has not the 5 that fit: $(cat whole/allocations.csv)"
grep -q "9 combinations of the candidates' places, 5 fit" whole.err || fail "the space was not described: $(cat whole.err)"
head -1 whole/frontier.csv | grep -q "^arm,plan," || fail "frontier.csv: $(head -2 whole/frontier.csv)"
[ "$(head -c 4 whole/frontier.png | tail -c 3)" = "PNG" ] || fail "frontier.png is not a PNG"
[ -e whole/optimise.partial ] && fail "the work file was left after a whole optimisation"

# A larger population so there is time to kill it part-way (SIGKILL), then resumed: the same outputs.
big=(--set run.weeks=104)
"$vrusim" optimise "$problem" -o big "${big[@]}" -q >/dev/null 2>&1 || fail "the larger optimisation"
"$vrusim" optimise "$problem" -o killed "${big[@]}" >/dev/null 2>killed.err &
pid=$!
for _ in $(seq 2000); do grep -q "round 2" killed.err && break; sleep 0.01; done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
[ -e killed/optimise.partial ] || fail "the optimisation was not caught part-way"
"$vrusim" optimise "$problem" -o killed "${big[@]}" --resume >/dev/null 2>resume.err || fail "resume: $(cat resume.err)"
grep -q "runs done before" resume.err || fail "the resume did not say what it kept: $(cat resume.err)"
cmp -s big/allocations.csv killed/allocations.csv || fail "allocations.csv after a resume differs"

# Refusals, exit 2, nothing run.
refused "a missing file" "cannot read the optimiser file" "$vrusim" optimise nowhere.yaml -o r
printf 'scenario: %s\nobjective: happiness\ncandidates:\n  - {intervention: Strong, places: [100, 50]}\n' \
    "$here/optimise/plan.yaml" >bad.yaml
refused "a bad objective" "bad.yaml:2:12: objective: expected social_value" "$vrusim" optimise bad.yaml -o r
refused "places that fall" "places must increase: 50 follows 100" "$vrusim" optimise bad.yaml -o r
printf 'scenario: %s\nobjective: social_value\ncandidates:\n  - {intervention: X, places: [0, 1]}\n' \
    "$here/optimise/plan.yaml" >none.yaml
refused "an intervention the plan lacks" "no intervention named 'X'" "$vrusim" optimise none.yaml -o r
printf 'scenario: %s\nobjective: social_value\ncandidates:\n  - {intervention: Strong, places: [1000, 2000]}\n' \
    "$here/optimise/plan.yaml" >dear.yaml
refused "nothing that fits" "no allocation of the candidates' places fits" "$vrusim" optimise dear.yaml -o r
touch a-file
refused "-o a file" "is not a directory" "$vrusim" optimise "$problem" -o a-file
refused "-o under a missing directory" "does not exist" "$vrusim" optimise "$problem" -o no/such/dir
mkdir -p mine && echo precious >mine/allocations.csv
refused "a user's allocations.csv" "is not one an optimiser wrote" "$vrusim" optimise "$problem" -o mine
[ "$(cat mine/allocations.csv)" = "precious" ] || fail "a user's allocations.csv was touched"
# A picture of the user's under an output's name, with no optimiser's table beside it: not ours.
mkdir -p pictures && cp whole/frontier.png pictures/
refused "a user's frontier.png" "is not one an optimiser wrote" "$vrusim" optimise "$problem" -o pictures
cmp -s whole/frontier.png pictures/frontier.png || fail "a user's frontier.png was touched"
mkdir -p fifo && mkfifo fifo/optimise.partial
refused "a FIFO for the work file" "is not a regular file" timeout 20 "$vrusim" optimise "$problem" -o fifo --resume
printf 'scenario: %s\nobjective: social_value\nset: {run.weeks: 0}\ncandidates:\n  - {intervention: Strong, places: [0, 1]}\n' \
    "$here/optimise/plan.yaml" >set.yaml
refused "a bad set: value" "set.yaml:3:7: set.run.weeks: expected an integer" "$vrusim" optimise set.yaml -o r
refused "a resume with nothing to continue" "nothing to continue" "$vrusim" optimise "$problem" -o whole --resume
mkdir -p again && printf 'vrusim-optimise-work-1\n0123456789abcdef\n' >again/optimise.partial
refused "a new run over an interrupted one" "--resume continues it" "$vrusim" optimise "$problem" -o again
refused "a resume of another optimisation" "another scenario or design" "$vrusim" optimise "$problem" -o again --resume
[ -e r ] && fail "a refused optimisation made its directory"
finish "optimise"
