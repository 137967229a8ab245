// SPDX-License-Identifier: GPL-2.0-or-later
// distccd's entry point: a doorway into libdcc_daemon (server.hpp).  It parses
// nothing and decides nothing.
#include "daemon/server.hpp"

int main(int argc, char** argv) { return dcc::daemon::run_distccd(argc, argv); }
