#!/bin/sh
# run-suite.sh -- automake LOG_COMPILER for every test suite.  Runs one suite and
# leaves a JUnit XML file in test-results/ so that .ci/run can sum all suites into
# one "N passed, M failed" line:
#   unit_*        GoogleTest binaries (--gtest_output=xml)
#   *.pytest      a pytest tier: runs pytest on the folder that holds the file
#   anything else a single pass/fail program (exit 0 pass, 77 skip)
# Exit status follows automake: 0 pass, 77 skip, 99 hard error, else fail.
set -u
# The same run however `make check` was started (test/pylib/dcctest/hermetic.py says
# why each matters): no make flags or jobserver from the caller, the C locale, umask
# 022, and an absolute path to the suite.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES GNUMAKEFLAGS LANGUAGE
LC_ALL=C
export LC_ALL
umask 022
test_path=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
results=${DCC_TEST_RESULTS:-$PWD/test-results}
mkdir -p "$results"
base=$(basename "$test_path")

write_single() {  # name status(pass|fail|skip) message
    {
        echo '<?xml version="1.0" encoding="utf-8"?>'
        echo "<testsuite name=\"$1\" tests=\"1\">"
        case $2 in
        pass) echo "  <testcase classname=\"$1\" name=\"$1\"/>" ;;
        skip) echo "  <testcase classname=\"$1\" name=\"$1\"><skipped message=\"$3\"/></testcase>" ;;
        *) echo "  <testcase classname=\"$1\" name=\"$1\"><failure message=\"$3\"/></testcase>" ;;
        esac
        echo '</testsuite>'
    } > "$results/$1.xml"
}

case $base in
*.pytest)
    dir=$(dirname "$test_path")
    tier=$(basename "$dir")
    # DCC_TEST_TIERS=unit: only the unit suites.  unit+features: also the tests of a
    # build configured --without-avahi --without-gssapi (test_features_absent.py).
    target=$dir
    case ${DCC_TEST_TIERS:-} in
    unit)
        echo "SKIP: DCC_TEST_TIERS=unit (only unit suites in this build)"
        exit 77 ;;
    unit+features)
        if [ "$tier" != integration ]; then
            echo "SKIP: DCC_TEST_TIERS=unit+features (unit suites and test_features_absent.py)"
            exit 77
        fi
        target=$dir/test_features_absent.py ;;
    esac
    python=${DCC_PYTHON3:-/usr/bin/python3}
    if ! "$python" -c 'import pytest' 2>/dev/null; then
        echo "SKIP: pytest is not installed for $python (Debian: python3-pytest)"
        write_single "$tier" skip "pytest missing"
        exit 77
    fi
    # -rs prints the reason of every skipped test.
    "$python" -m pytest -rs -p no:cacheprovider --junitxml="$results/pytest-$tier.xml" \
        ${DCC_PYTEST_ARGS:-} "$target" "$@"
    rc=$?
    case $rc in
    0) exit 0 ;;
    5) echo "no tests collected in $dir"; exit 77 ;;
    *) exit 1 ;;
    esac
    ;;
unit_*)
    "$test_path" --gtest_output="xml:$results/$base.xml" "$@"
    exit $?
    ;;
*)
    "$test_path" "$@"
    rc=$?
    case $rc in
    0) write_single "$base" pass "" ;;
    77) write_single "$base" skip "skipped" ;;
    *) write_single "$base" fail "exit status $rc" ;;
    esac
    exit $rc
    ;;
esac
