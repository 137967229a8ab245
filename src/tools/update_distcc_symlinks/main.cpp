// SPDX-License-Identifier: GPL-2.0-or-later
// update-distcc-symlinks' entry point: a doorway into libdcc_tools (update.hpp).
#include "tools/update_distcc_symlinks/update.hpp"

int main(int argc, char** argv) { return dcc::tools::update_distcc_symlinks::run_update_distcc_symlinks(argc, argv); }
