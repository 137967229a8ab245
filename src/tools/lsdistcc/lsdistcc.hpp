// SPDX-License-Identifier: GPL-2.0-or-later
// lsdistcc from command line to exit code (doc/tools.md): parse the options, find the
// DNS domain for -d, make the list of names, and run the search (search.hpp) with
// the threaded resolver, printing each line to stdout as it comes.  A usage error
// prints the usage on stdout and exits 1, as distcc 3.4 does.  main.cpp returns what
// run_lsdistcc returns.
#pragma once

namespace dcc::tools::lsdistcc {

int run_lsdistcc(int argc, char** argv);

}  // namespace dcc::tools::lsdistcc
