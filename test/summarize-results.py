#!/usr/bin/env python3
"""summarize-results.py -- sum the JUnit XML files of every suite.

Usage: summarize-results.py DIR...  Prints the failed test names, a skip count, and
ends with exactly one line "N passed, M failed".  Exit status 1 when anything failed
or when no results were found at all.
"""
import pathlib
import sys
import xml.etree.ElementTree as ET


def count(path, failed_names):
    passed = failed = skipped = 0
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        failed_names.append(f"{path}: unreadable results ({exc})")
        return 0, 1, 0
    for case in root.iter("testcase"):
        name = f"{case.get('classname', '')}::{case.get('name', '')}"
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
            failed_names.append(name)
        elif case.find("skipped") is not None:
            skipped += 1
        else:
            passed += 1
    return passed, failed, skipped


def main(argv):
    files = []
    for arg in argv[1:]:
        files.extend(sorted(pathlib.Path(arg).glob("*.xml")))
    totals = [0, 0, 0]
    failed_names = []
    for f in files:
        p, fl, s = count(f, failed_names)
        totals[0] += p
        totals[1] += fl
        totals[2] += s
    for name in failed_names:
        print(f"FAILED: {name}")
    print(f"{totals[2]} skipped")
    print(f"{totals[0]} passed, {totals[1]} failed")
    return 1 if totals[1] or not files else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
