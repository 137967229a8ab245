// SPDX-License-Identifier: GPL-2.0-or-later
// lsdistcc's entry point: a doorway into libdcc_tools (lsdistcc.hpp).
#include "tools/lsdistcc/lsdistcc.hpp"

int main(int argc, char** argv) { return dcc::tools::lsdistcc::run_lsdistcc(argc, argv); }
