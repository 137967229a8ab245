// SPDX-License-Identifier: GPL-2.0-or-later
// distccmon-text's entry point: a doorway into libdcc_tools (monitor.hpp).
#include "tools/distccmon_text/monitor.hpp"

int main(int argc, char** argv) { return dcc::tools::distccmon_text::run_distccmon_text(argc, argv); }
