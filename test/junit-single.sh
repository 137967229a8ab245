#!/bin/sh
# junit-single.sh DIR NAME pass|fail|skip -- write a one-test JUnit file, for steps
# that are not test suites themselves (make distcheck) but count in the summary.
mkdir -p "$1"
case $3 in
pass) body="<testcase classname=\"$2\" name=\"$2\"/>" ;;
skip) body="<testcase classname=\"$2\" name=\"$2\"><skipped/></testcase>" ;;
*) body="<testcase classname=\"$2\" name=\"$2\"><failure message=\"$2 failed\"/></testcase>" ;;
esac
printf '<?xml version="1.0"?>\n<testsuite name="%s" tests="1">%s</testsuite>\n' "$2" "$body" > "$1/$2.xml"
