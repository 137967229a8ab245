#!/bin/sh
# run_include_server_fuzzers.sh -- the include server's fuzz job (issue 10: at least
# 10^6 executions each of the request reader and the directive scanner targets, no
# crash under ASan/UBSan).  Not part of `make check`; run by hand in a build
# directory configured with clang and --enable-fuzzers (see HACKING.md):
#   ../configure CC=clang CXX=clang++ --enable-fuzzers && make fuzz_include_server_request fuzz_directive_scanner
#   ../test/fuzz/run_include_server_fuzzers.sh [RUNS [MAX_SECONDS]]
# Each target starts from its seed corpus (test/fuzz/corpus/<target>) copied to a
# scratch directory, so the checked-in corpus stays clean; libFuzzer writes any
# crashing input to ./crash-* (minimise it and add it to the seed corpus).
# New inputs are capped at 1024 bytes (the seed corpus holds a larger regression
# input that would otherwise raise the cap).  MAX_SECONDS (default 3600) is a guard
# per target: a run that reaches it before RUNS executions fails.  Prints each
# target's execution count; exits non-zero on a crash, a leak or too few executions.
set -u
runs=${1:-1000000}
max_seconds=${2:-3600}
here=$(cd "$(dirname "$0")" && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/dcc-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$scratch"' EXIT
status=0
for target in include_server_request directive_scanner; do
    binary=./fuzz_$target
    if [ ! -x "$binary" ]; then
        echo "$binary is not built (configure with CC=clang CXX=clang++ --enable-fuzzers)" >&2
        exit 2
    fi
    mkdir -p "$scratch/$target"
    cp "$here/corpus/$target"/* "$scratch/$target/"
    log=$scratch/$target.log
    "$binary" -runs="$runs" -max_total_time="$max_seconds" -max_len=1024 -print_final_stats=1 \
        "$scratch/$target" >"$log" 2>&1
    rc=$?
    done_runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    seconds=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
    echo "fuzz_$target: ${done_runs:-?} executions in ${seconds:-?} s, exit status $rc"
    if [ "$rc" -ne 0 ] || [ "${done_runs:-0}" -lt "$runs" ]; then
        tail -n 40 "$log" >&2
        status=1
    fi
done
exit $status
