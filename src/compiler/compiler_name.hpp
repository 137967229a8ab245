// SPDX-License-Identifier: GPL-2.0-or-later
// Compiler-name rewriting (doc/client.md §5): make argv[0] mean the same compiler on
// a server of another architecture -- `cc`/`c++` resolved to gcc/clang through the
// symlink chain, clang given `-target <triple>`, gcc renamed `<triple>-gcc` when such a
// program is on PATH.  The client calls rewrite_compiler_name after scanning, for
// local and remote jobs alike; whether to call it at all (DISTCC_NO_REWRITE_CROSS) is
// the client's decision.  PATH and the triple are parameters; the file system is
// reached through FileProbe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compiler/file_probe.hpp"

namespace dcc::compiler {

// What rewriting did, for the client's info-level log lines.
struct RewriteResult {
    std::vector<std::string> argv;
    bool generic_resolved = false;  // cc -> gcc, c++ -> clang++, ... (step 1)
    bool target_added = false;      // clang: "-target <triple>" appended (step 2)
    bool renamed = false;           // gcc -> <triple>-gcc (step 3)
    std::string original_name;      // argv[0] before step 3, for the log line below

    // "Re-writing call to 'gcc' to 'x86_64-linux-gnu-gcc' to support
    // cross-compilation." when renamed, else empty.
    std::string log_message() const;
};

// Step 1 (upstream dcc_rewrite_generic_compiler): when argv[0] is exactly "cc" or
// "c++", find the first PATH directory whose name does not contain "distcc" and that
// holds an executable of that name; follow its symlink, plus one more link when the
// target is "/etc/alternatives/<name>"; when the final target is executable and its
// basename is gcc or clang (g++ or clang++), return that basename.  Otherwise
// returns `name` unchanged.
std::string resolve_generic_compiler(std::string_view name, std::string_view search_path,
                                     const FileProbe& probe);

// True for clang, clang++, clang-N, clang++-N.
bool is_clang_name(std::string_view name);
// True for gcc, g++, gcc-N, g++-N.
bool is_gcc_name(std::string_view name);

// All three steps, in order.  `triple` is DCC_TARGET_TRIPLE from config.h (e.g.
// "x86_64-linux-gnu"); an empty triple disables steps 2 and 3.  Absolute or relative
// paths in argv[0] (anything containing '/') are never rewritten.  Step 2 counts both
// "-target" and "--target..." as an existing target (Debian 3.4 saw only "-target").
// Step 3 searches PATH up to its first empty element and sets argv[0] to the bare
// name "<triple>-<argv[0]>" (not the full path).
RewriteResult rewrite_compiler_name(const std::vector<std::string>& argv, std::string_view triple,
                                    std::string_view search_path, const FileProbe& probe);

}  // namespace dcc::compiler
