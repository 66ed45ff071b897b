#!/usr/bin/env bash
# `vrusim sweep` (docs/batch.md): a point's results are what `vrusim run` writes with the point's
# values set; index.csv has a row per point; a sweep killed part-way and resumed ends the same; a
# changed sweep is refused on resume; a bad sweep file is refused with its line, exit 2.
# Usage: sweep.sh VRUSIM SCENARIO_DIR WORK_DIR
set -uo pipefail
vrusim="$(realpath "$1")"; scenarios="$(realpath "$2")"; work="$3"
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib.sh"
enter "$work"

cat >grid.yaml <<YAML
base: $scenarios/thames-valley-2023-24.yaml
set:
  population.scale: 0.01
  run.burn_in_weeks: 13
  run.weeks: 60
design: grid
factors:
  - key: funding.taper
    values: [0, 0.2]
  - key: funding.taper_from_year
    values: [2025]
  - key: programme.interventions[0].places_per_year
    range: [50, 150]
    steps: 3
YAML
"$vrusim" sweep grid.yaml -o grid/ --replicates 2 >/dev/null 2>grid.err || fail "sweep: exit $? ($(tail -1 grid.err))"
[ "$(wc -l <grid/index.csv)" -eq 8 ] || fail "index.csv should have a header and 7 points: $(wc -l <grid/index.csv) lines"
grep -q "^5,point-5.h5\|^5,point-005.h5,0.2,2025,100," grid/index.csv || fail "point 5's row: $(sed -n 7p grid/index.csv | cut -c1-80)"
# Point 5 is taper 0.2 from 2025 with 100 places: a run of its own with those values.
"$vrusim" run "$scenarios/thames-valley-2023-24.yaml" -o alone.h5 --replicates 2 -q --set population.scale=0.01 \
    --set run.burn_in_weeks=13 --set run.weeks=60 --set funding.taper=0.2 --set funding.taper_from_year=2025 \
    --set 'programme.interventions[0].places_per_year=100' >/dev/null 2>&1 || fail "the single run"
same grid/point-005.h5 alone.h5 --ignore scenario/source  # the text as written: a sweep file, --set

# Killed part-way, then resumed: the same index.
bigger=(--replicates 3 --set population.scale=0.05)
"$vrusim" sweep grid.yaml -o whole/ "${bigger[@]}" -q >/dev/null 2>&1 || fail "uninterrupted sweep"
for wait in 0.5 1 2 3 5; do
    rm -rf killed
    "$vrusim" sweep grid.yaml -o killed/ "${bigger[@]}" >/dev/null 2>killed.err &
    pid=$!; started killed.err; sleep "$wait"; kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    ls killed/*.partial >/dev/null 2>&1 && break
done
ls killed/*.partial >/dev/null 2>&1 || fail "no sweep was caught part-way"
# A changed sweep is refused on resume, naming what changed.
sed 's/values: \[0, 0.2\]/values: [0, 0.3]/' grid.yaml >changed.yaml
"$vrusim" sweep changed.yaml -o killed/ "${bigger[@]}" --resume >/dev/null 2>changed.err
[ $? -eq 2 ] || fail "a changed sweep was not refused with exit 2"
grep -q "the sweep differs" changed.err || fail "no message on a changed sweep: $(cat changed.err)"
"$vrusim" sweep grid.yaml -o killed/ "${bigger[@]}" -q --resume >/dev/null 2>resume.err || fail "resume: $(tail -1 resume.err)"
for f in whole/point-*.h5; do same "$f" "killed/$(basename "$f")"; done
cmp -s whole/index.csv killed/index.csv || fail "index.csv differs after the resume"

# A bad sweep file: its line and key, exit 2, nothing made.
printf 'base: %s\nfactors:\n  - key: funding.tapr\n    values: [0]\n' "$scenarios/default.yaml" >bad.yaml
"$vrusim" sweep bad.yaml -o bad/ >/dev/null 2>bad.err
[ $? -eq 2 ] || fail "a bad sweep file: not exit 2"
grep -q "bad.yaml:3:10: factors\[0\].key: 'funding.tapr' is not a scenario key" bad.err || fail "message: $(cat bad.err)"
[ -e bad ] && fail "a refused sweep made its directory"

# A morris design (docs/research.md): the ranked table, the chart, each point's outputs; a file
# in the way that a sweep did not write is refused.
cat >nocontagion.yaml <<YAML
extends: $scenarios/tiny.yaml
contagion:
  enabled: false
YAML
cat >morris.yaml <<YAML
base: $scenarios/tiny.yaml
design: morris
trajectories: 3
output:
  measure: recorded_violent_offences
  compared_with: nocontagion.yaml
factors:
  - key: contagion.rr_after_victimisation
    range: [1, 4]
  - key: peer_influence.source_window_weeks
    range: [26, 104]
YAML
"$vrusim" sweep morris.yaml -o morris/ --replicates 3 >morris.out 2>morris.err || fail "morris sweep: $(tail -1 morris.err)"
[ "$(ls morris/point-*.h5 | wc -l)" -eq 10 ] || fail "morris: the base and 3 x 3 points"
[ "$(ls morris/compared-*.h5 | wc -l)" -eq 10 ] || fail "morris: each point also run as compared_with"
[ "$(wc -l <morris/sensitivity.csv)" -eq 3 ] || fail "sensitivity.csv: a header and 2 factors"
head -1 morris/sensitivity.csv | grep -q "^rank,factor,low,high,mu_star,mu_star_low,mu_star_high,mu,mu_low,mu_high,sigma," || fail "sensitivity.csv header"
[ "$(wc -l <morris/sensitivity-outputs.csv)" -eq 10 ] || fail "sensitivity-outputs.csv: a header and 9 points"
head -c 8 morris/sensitivity.png | od -c | grep -q "P   N   G" || fail "sensitivity.png is not a PNG"
grep -q "minus the same in nocontagion.yaml" morris.out || fail "the table names its output: $(head -1 morris.out)"
grep -q "contagion.rr_after_victimisation" morris.out || fail "the table: $(cat morris.out)"
# A point's output is its yearly offences minus the compared run's: compare's paired difference.
difference="$("$vrusim" compare morris/compared-001.h5 morris/point-001.h5 --measures recorded_violent_offences --csv \
    2>/dev/null | awk -F, '$1 == "point-001" && $2 == "recorded_violent_offences" { printf "%.4g", $8 }')"
output="$(awk -F, 'NR == 2 { printf "%.4g", $4 }' morris/sensitivity-outputs.csv)"
[ -n "$difference" ] && [ "$difference" = "$output" ] || fail "point 1's output $output, compare's difference $difference"
# A resume recomputes the report from the files: the same table.
"$vrusim" sweep morris.yaml -o morris/ --replicates 3 --resume >again.out 2>/dev/null || fail "morris resume"
cmp -s morris.out again.out || fail "the table after a resume differs"
mkdir -p inway && echo "my notes" >inway/sensitivity.csv
"$vrusim" sweep morris.yaml -o inway/ --replicates 3 >/dev/null 2>inway.err
[ $? -eq 2 ] || fail "a sensitivity.csv a sweep did not write was not refused"
grep -q "inway/sensitivity.csv exists and is not one a sweep wrote" inway.err || fail "message: $(cat inway.err)"
grep -q "my notes" inway/sensitivity.csv || fail "the user's file was touched"
# Nor on a resume (from the hostile pass: a resume once replaced such files).
echo "my notes" >morris/sensitivity.csv
"$vrusim" sweep morris.yaml -o morris/ --replicates 3 --resume >/dev/null 2>resumed.err
[ $? -eq 2 ] || fail "a resume over a user's sensitivity.csv was not refused"
grep -q "my notes" morris/sensitivity.csv || fail "a resume replaced the user's file"
# An output that does not vary (the plan compared with itself): no ranking, a message, exit 2,
# the points' outputs kept.
sed 's/compared_with: nocontagion.yaml/compared_with: same.yaml/' morris.yaml >flat.yaml
printf 'extends: %s\n' "$scenarios/tiny.yaml" >same.yaml
"$vrusim" sweep flat.yaml -o flat/ --replicates 2 >/dev/null 2>flat.err
[ $? -eq 2 ] || fail "an output that does not vary: not exit 2"
grep -q "is 0 at every point of the design" flat.err || fail "message: $(tail -2 flat.err)"
[ -f flat/sensitivity-outputs.csv ] && [ ! -e flat/sensitivity.csv ] || fail "flat: outputs kept, no ranking"

finish sweep
