#!/bin/sh
# The explorer's headless mode (docs/gui.md), as CI runs it: a bad scenario gives the loader's
# message and exit 2 with no window and no PNG; two scenarios in quick mode under Xvfb give a PNG
# of the window's size with both scenarios' colours in it; the editor opens on a scenario
# (--edit) and refuses one that is not there; paths that cannot be written are refused before
# the run; the same command twice replaces its own earlier files.
# The two runs are also exported as results files (--export), which `vrusim compare` reads.
# usage: headless.sh VRUSIM_GUI PNG_CHECK SCENARIO_DIR WORK_DIR VRUSIM
set -eu
gui=$1 check=$2 scenarios=$3 out=$4 vrusim=$5
mkdir -p "$out"
# Runs the explorer under a fresh Xvfb, its stderr to $1. Under load, xvfb-run -a can lose the
# race for a display number and the window cannot open: that one case is tried once more.
under_x() {
    err=$1; shift
    xvfb-run -a -s "-screen 0 1280x800x24" "$@" 2> "$err" && return 0
    status=$?
    [ "$status" -eq 1 ] && grep -q "cannot open a window" "$err" || return "$status"
    sleep 2
    xvfb-run -a -s "-screen 0 1280x800x24" "$@" 2> "$err"
}
printf 'extends: %s/default.yaml\nrun:\n  seeed: 3\n' "$scenarios" > "$out/bad.yaml"
rm -f "$out/bad.png"
set +e
"$gui" --scenario "$out/bad.yaml" --run --screenshot "$out/bad.png" 2> "$out/bad.err"
rc=$?
set -e
[ "$rc" -eq 2 ] || { echo "bad scenario: exit $rc, expected 2"; cat "$out/bad.err"; exit 1; }
grep -q "bad.yaml:3:3: run.seeed" "$out/bad.err" || { echo "bad scenario: no message at its line:"; cat "$out/bad.err"; exit 1; }
[ ! -e "$out/bad.png" ] || { echo "bad scenario: a PNG was written"; exit 1; }
rm -rf "$out/export"
mkdir -p "$out/export"
printf 'not a picture\n' > "$out/two.png"
# Paths are checked before the run (exit 2, no window): a file that is not a PNG is kept, a pipe
# is never opened (reading it would block), an export directory must exist, --export needs --run.
refused() {  # refused PATTERN ARGS...: exit 2 with PATTERN in the message
    pattern=$1; shift
    set +e
    "$gui" "$@" 2> "$out/refused.err"
    rc=$?
    set -e
    [ "$rc" -eq 2 ] && grep -q "$pattern" "$out/refused.err" ||
        { echo "$*: exit $rc, expected 2 with '$pattern':"; cat "$out/refused.err"; exit 1; }
}
refused "is not a PNG" --scenario "$scenarios/tiny.yaml" --run --screenshot "$out/two.png"
[ "$(cat "$out/two.png")" = "not a picture" ] || { echo "a file that is not a PNG was not kept"; exit 1; }
rm -f "$out/pipe.png"; mkfifo "$out/pipe.png"
refused "not a regular file" --scenario "$scenarios/tiny.yaml" --run --screenshot "$out/pipe.png"
rm -f "$out/pipe.png"
refused "export.*not a directory" --scenario "$scenarios/tiny.yaml" --run --screenshot "$out/x.png" --export "$out/no-such-dir"
refused "needs --run" --scenario "$scenarios/tiny.yaml" --screenshot "$out/x.png" --export "$out/export"
rm -f "$out/two.png"
under_x "$out/two.err" "$gui" --scenario "$scenarios/examples/no-programme.yaml" \
    --scenario "$scenarios/thames-valley-2023-24.yaml" --run --width 1280 --height 800 --screenshot "$out/two.png" \
    --export "$out/export" > "$out/export.txt" || { echo "two scenarios: exit $?"; cat "$out/two.err"; exit 1; }
"$check" "$out/two.png" 1280 800 0072B2 E69F00
[ -f "$out/export/no-programme.h5" ] && [ -f "$out/export/thames-valley-vru-programme-2023-24.h5" ] ||
    { echo "export: files missing:"; cat "$out/export.txt"; ls "$out/export"; exit 1; }
"$vrusim" compare "$out/export/no-programme.h5" "$out/export/thames-valley-vru-programme-2023-24.h5" > "$out/compare.txt"
grep -q "benefit-cost ratio" "$out/compare.txt" || { echo "compare of the exported files:"; cat "$out/compare.txt"; exit 1; }
# The Table view's picture holds the whole table: taller than the window when the table is.
under_x "$out/table.err" "$gui" --scenario "$scenarios/examples/no-programme.yaml" \
    --scenario "$scenarios/thames-valley-2023-24.yaml" --scenario "$scenarios/examples/grant-taper.yaml" --run \
    --width 1280 --height 800 --view Table --screenshot "$out/table.png" || { echo "table: exit $?"; cat "$out/table.err"; exit 1; }
table_height=$(od -An -tu1 -j20 -N4 "$out/table.png" | awk '{print $1*16777216 + $2*65536 + $3*256 + $4}')
[ "$table_height" -gt 800 ] || { echo "the table's picture is $table_height pixels high: cut at the window"; exit 1; }
# The same command again: its earlier screenshot and results files are replaced, as vrusim run's are.
under_x "$out/again.err" "$gui" --scenario "$scenarios/tiny.yaml" --run --width 1280 --height 800 \
    --screenshot "$out/tiny.png" --export "$out/export" > /dev/null || { echo "tiny: exit $?"; cat "$out/again.err"; exit 1; }
under_x "$out/again.err" "$gui" --scenario "$scenarios/tiny.yaml" --run --width 1280 --height 800 \
    --screenshot "$out/tiny.png" --export "$out/export" > /dev/null ||
    { echo "the same command again: exit $?"; cat "$out/again.err"; exit 1; }
# The editor on the funding plan, without a run: a PNG of the window with the scenario's colour.
rm -f "$out/edit.png"
under_x "$out/edit-run.err" "$gui" --scenario "$scenarios/examples/grant-taper.yaml" --edit 1 \
    --edit-tab Funding --width 1280 --height 800 --screenshot "$out/edit.png" ||
    { echo "editor: exit $?"; cat "$out/edit-run.err"; exit 1; }
"$check" "$out/edit.png" 1280 800 0072B2
# An editor asked for a scenario that is not there: exit 2 before any window.
set +e
"$gui" --scenario "$scenarios/tiny.yaml" --edit 2 2> "$out/edit.err"
rc=$?
set -e
[ "$rc" -eq 2 ] || { echo "--edit 2 of one scenario: exit $rc, expected 2"; exit 1; }
grep -q "there is only 1 scenario$" "$out/edit.err" || { echo "--edit 2: no message"; cat "$out/edit.err"; exit 1; }
# The network view around a county line: drawn before the screenshot, with the line's colour.
rm -f "$out/network.png"
under_x "$out/network.err" "$gui" --scenario "$scenarios/default.yaml" --view Network \
    --width 1280 --height 800 --screenshot "$out/network.png" ||
    { echo "network view: exit $?"; cat "$out/network.err"; exit 1; }
"$check" "$out/network.png" 1280 800 D55E00
