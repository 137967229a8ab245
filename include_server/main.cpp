// SPDX-License-Identifier: GPL-2.0-or-later
// include_server: the C++ include server of distcc's pump mode.  A doorway: all of
// it lives in libdcc_include_server.a (program.cpp).
#include "include_server/program.hpp"

int main(int argc, char** argv) { return dcc::include_server::run_program(argc, argv); }
