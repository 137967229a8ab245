# SPDX-License-Identifier: GPL-2.0-or-later
"""upstream_include_server -- time distcc 3.4's Python include analysis in-process.

Debian 12's include server cannot serve (its C extension's argument parsing fails on
Python >= 3.10), but its analysis modules still import.  This script drives
IncludeAnalyzerMemoizingNode.DoCompilationCommand directly on a list of commands,
with the compression of copies replaced by a no-op and the extension's stat and
realpath helpers by Python's (the parts that need the broken extension), and prints per-request CPU seconds as JSON: a lower bound on the
time its serial server would spend per request, i.e. an upper bound on its serial
throughput.  Usage: upstream_include_server.py COMMANDS.json ROUNDS
"""
import json
import os
import sys
import time

UPSTREAM = "/usr/lib/python3/dist-packages/include_server"


def main():
    commands = json.load(open(sys.argv[1]))
    rounds = int(sys.argv[2])
    sys.path.insert(0, UPSTREAM)
    import basics
    import cache_basics
    import compress_files
    # The extension's stat and realpath wrappers fail the same way: use Python's.
    cache_basics._OsPathExists = os.path.exists
    cache_basics._OsPathIsFile = os.path.isfile
    cache_basics._PathRealpath = os.path.realpath
    cache_basics._path_realpath_works = False
    import include_analyzer_memoizing_node as memo
    compress_files.CompressFiles.Compress = lambda self, closure, keeper, currdir_idx: [
        "%s%s.lzo" % (keeper.client_root, self.realpath_map.string[r]) for r in closure]
    basics.opt_debug_pattern = 0
    keeper = basics.ClientRootKeeper()
    analyzer = memo.IncludeAnalyzerMemoizingNode(keeper)
    times = []
    try:
        for _ in range(rounds):
            for cwd, argv in commands:
                start = time.process_time()
                analyzer.DoCompilationCommand(argv, cwd, keeper)
                times.append(time.process_time() - start)
    finally:
        keeper.CleanOutClientRoots()
    json.dump(times, sys.stdout)


if __name__ == "__main__":
    main()
