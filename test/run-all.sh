#!/bin/sh
# run-all.sh -- install what is needed, build, and run every test tier; the README's
# second command and the body of .ci/run.  Steps:
#   1. install Debian packages (test/install-deps.sh)
#   2. gcc build with -Werror; `make -j2 check` as an unprivileged user (dcctest when
#      started as root), then the needs_root tests and root-only tiers as root
#   3. clang build with ASan+UBSan; `make check` again, without the slow scenarios and
#      the Debian-only cases (DCC_SANITIZER_TIER=1), which step 2 ran
#   4. make distcheck configured --without-avahi --without-gssapi (tarball complete,
#      VPATH build works, the disabled paths compile; unit suites and feature-absent tests)
# Ends with one line "N passed, M failed" over all suites; exit 1 if anything failed.
# Environment: DCC_CI_ROOT (work area, default /var/tmp/dcc-ci), DCC_SKIP_SANITIZERS=1,
# DCC_SKIP_DISTCHECK=1 to shorten a local run.
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
root=${DCC_CI_ROOT:-/var/tmp/dcc-ci}
jobs=$(nproc 2>/dev/null || echo 2)
start=$(date +%s)
failures=0

step() { printf '\n===== %s (%ds) =====\n' "$*" $(( $(date +%s) - start )); }
# A failed step also counts as a failed test in the summary line.
fail() {
    echo "FAILED: $*"
    failures=$((failures + 1))
    "$junit" "$results/steps" "step-$failures-$(echo "$*" | tr -c 'a-zA-Z0-9\n' -)" fail
}

step "install packages"
"$src/test/install-deps.sh" all || { echo "package installation failed"; exit 1; }

rm -rf "$root"
mkdir -p "$root"
chmod 755 "$root"
results="$root/results"
mkdir -p "$results"
junit="$src/test/junit-single.sh"

# The unprivileged user the suites run as when we are root.
if [ "$(id -u)" -eq 0 ]; then
    id dcctest >/dev/null 2>&1 || useradd --create-home --shell /bin/sh dcctest
    chown dcctest "$results"
    as_user() { runuser -u dcctest -- env HOME=/home/dcctest "$@"; }
    # Build from a world-readable copy: the clone may live under /root (mode 0700).
    mkdir -p "$root/src"
    (cd "$src" && tar --exclude=./.git -cf - .) | (cd "$root/src" && tar -xf -)
    src="$root/src"
    chmod -R a+rX "$src"
else
    as_user() { "$@"; }
fi

# configure_and_build DIR CONFIGURE-ARGS...
configure_and_build() {
    dir=$1; shift
    mkdir -p "$dir" && cd "$dir" || return 1
    "$src/configure" -q "$@" >configure.out 2>&1 || { cat configure.out; return 1; }
    make -s -j"$jobs" >make.out 2>&1 || { tail -50 make.out; return 1; }
    make -s -j"$jobs" check TESTS= >>make.out 2>&1 || { tail -50 make.out; return 1; }  # build test programs
}

# run_check DIR RESULTS-NAME JOBS [make args...]: make -jJOBS -k check as the test user
run_check() {
    dir=$1; name=$2; check_jobs=$3; shift 3
    [ "$(id -u)" -eq 0 ] && chown -R dcctest "$dir"
    as_user make -C "$dir" -j"$check_jobs" -k check DCC_TEST_RESULTS="$results/$name" "$@" >"$dir/check-$name.out" 2>&1
    rc=$?
    grep -E '^(PASS|FAIL|SKIP|ERROR|XFAIL|XPASS):' "$dir/check-$name.out"
    [ $rc -ne 0 ] && tail -80 "$dir/test-suite.log" 2>/dev/null
    return $rc
}

step "autoreconf"
(cd "$src" && autoreconf -fi >/dev/null 2>&1) || { echo "autoreconf failed"; exit 1; }

step "gcc build (-Werror)"
if configure_and_build "$root/gcc" --enable-werror; then
    step "tests (gcc build) as $( [ "$(id -u)" -eq 0 ] && echo dcctest || id -un )"
    # In parallel, as developers run it: suites must not depend on how make was started.
    run_check "$root/gcc" gcc 2 || fail "make -j2 check (gcc build)"
    if [ "$(id -u)" -eq 0 ]; then
        step "tests that need root (gcc build)"
        make -C "$root/gcc" -k check DCC_TEST_RESULTS="$results/root" TESTS="$(cd "$root/gcc" && make -s print-root-tests)" \
            DCC_PYTEST_ARGS="-m needs_root" >"$root/gcc/check-root.out" 2>&1 || { fail "root tests"; tail -80 "$root/gcc/test-suite.log"; }
        grep -E '^(PASS|FAIL|SKIP|ERROR):' "$root/gcc/check-root.out"
        chown -R dcctest "$root/gcc"
    fi
else
    fail "gcc build"
fi

if [ "${DCC_SKIP_SANITIZERS:-0}" != 1 ]; then
    step "clang build with ASan+UBSan"
    if configure_and_build "$root/asan" CC=clang CXX=clang++ --enable-werror --enable-sanitizers; then
        step "tests (ASan+UBSan build)"
        # Slow scenarios and the cases that run only Debian's programs ran in the gcc
        # tier already (DCC_SANITIZER_TIER: test/pylib/dcctest/fixtures.py).
        ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0} \
        UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} DCC_SANITIZER_TIER=1 \
            run_check "$root/asan" asan 1 || fail "make check (sanitizer build)"
    else
        fail "sanitizer build"
    fi
fi

# One more build checks both the tarball and the disabled features: make distcheck
# (tarball complete, VPATH build from a read-only source tree, install/uninstall)
# configured --without-avahi --without-gssapi, running the unit suites and the
# feature-absent tests (refusals of ,auth / +zeroconf / --auth / --zeroconf).
if [ "${DCC_SKIP_DISTCHECK:-0}" != 1 ] && [ -f "$root/gcc/Makefile" ]; then
    step "make distcheck, configured --without-avahi --without-gssapi"
    if make -C "$root/gcc" -j"$jobs" distcheck \
            DISTCHECK_CONFIGURE_FLAGS="--enable-werror --without-avahi --without-gssapi" \
            DCC_TEST_TIERS=unit+features DCC_TEST_RESULTS="$results/distcheck" >"$root/gcc/distcheck.out" 2>&1; then
        status=pass
    else
        status=fail
        tail -60 "$root/gcc/distcheck.out"
        fail "make distcheck"
    fi
    grep -E '^(PASS|FAIL|SKIP|ERROR|XFAIL|XPASS):' "$root/gcc/distcheck.out"
    "$junit" "$results/distcheck-step" distcheck $status
fi

step "summary"
python3=/usr/bin/python3
[ -x $python3 ] || python3=python3
summary=$($python3 "$src/test/summarize-results.py" "$results"/*)
echo "$summary"
elapsed=$(( $(date +%s) - start ))
echo "total time ${elapsed}s"
last=$(echo "$summary" | tail -1)
echo "$last" | grep -q ' 0 failed$' && [ $failures -eq 0 ] && final=0 || final=1
[ $failures -ne 0 ] && echo "$failures step(s) failed"
echo "$last"
exit $final
