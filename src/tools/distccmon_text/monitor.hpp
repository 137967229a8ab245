// SPDX-License-Identifier: GPL-2.0-or-later
// distccmon-text from command line to exit code: parse the options, find (and
// create) the state directory, then poll once, or poll every DELAY seconds for ever,
// printing each poll as a table or a JSON line.  main.cpp returns what this returns.
#pragma once

namespace dcc::tools::distccmon_text {

int run_distccmon_text(int argc, char** argv);

}  // namespace dcc::tools::distccmon_text
