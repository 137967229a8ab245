// SPDX-License-Identifier: GPL-2.0-or-later
// The distcc client's entry point: a doorway to client::run_client, which parses,
// decides and does everything (program.hpp).
#include "client/program.hpp"

int main(int argc, char** argv) { return dcc::client::run_client(argc, argv); }
