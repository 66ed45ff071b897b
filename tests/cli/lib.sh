# Shared by the command line's end-to-end tests (tests/cli/*.sh), sourced once `here` (this
# directory) is set: a fresh work directory, failures counted, results files compared.
python=/usr/bin/python3; [ -x "$python" ] || python=python3   # Debian's, with python3-h5py
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# Empties and enters the test's work directory.
enter() { rm -rf "$1"; mkdir -p "$1"; cd "$1" || exit 1; }
# Waits until a run has made its work files (it then says how many replicates it will run): a kill
# while they are being made leaves a damaged one, which a resume refuses (docs/batch.md).
started() {
    for _ in $(seq 600); do grep -q " to run" "$1" 2>/dev/null && return 0; sleep 0.1; done
    return 1
}
# same A.h5 B.h5 [--ignore DATASET...]: every dataset of the two results files equal.
same() {
    if [ -f "$1" ] && [ -f "$2" ]; then "$python" "$here/same_datasets.py" "$@" || fail "$1 and $2 differ"
    else fail "$1 or $2 is missing"; fi
}
# refused "what" "text expected on stderr" command...: the command exits 2 saying so.
refused() {  # refused "what" "text expected on stderr" command...
    local what="$1" text="$2"; shift 2
    "$@" >/dev/null 2>refusal.err
    local code=$?
    [ "$code" -eq 2 ] || fail "$what: exit $code, expected 2"
    grep -q -- "$text" refusal.err || fail "$what: stderr lacks '$text': $(cat refusal.err)"
}
# The last line: the verdict and the exit code.
finish() {
    [ "$failures" -eq 0 ] && echo "$1: all checks passed"
    exit $(( failures > 0 ))
}
