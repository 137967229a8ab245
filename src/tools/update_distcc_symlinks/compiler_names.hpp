// SPDX-License-Identifier: GPL-2.0-or-later
// Which compiler names the masquerade directory should hold (doc/tools.md): every
// candidate N for which /usr/bin/N is executable.  Candidates are the plain names,
// gcc and g++ prefixed by each target triple and suffixed by each version found in
// the gcc library directories, and clang/clang++ suffixed by each LLVM version under
// /usr/lib.  The directories are read through CompilerView so tests can describe a
// machine in memory; nothing here changes the disk.
#pragma once

#include <string>
#include <vector>

namespace dcc::tools::update_distcc_symlinks {

// Where compilers live: what the candidate rules read.
class CompilerView {
public:
    virtual ~CompilerView() = default;
    // Entry names of a directory, without "." and ".."; empty when it is missing.
    virtual std::vector<std::string> entries(const std::string& dir) const = 0;
    virtual bool is_executable(const std::string& path) const = 0;
};

// The gcc library directories scanned for <triple>/<version> entries: upstream's
// three plus Debian's multiarch one for `multiarch` (e.g. "x86_64-linux-gnu").
std::vector<std::string> gcc_library_dirs(const std::string& multiarch);

// Candidate names in upstream's order, each once: cc c++ c89 c99, gcc g++ c89-gcc
// c89-g++ c99-gcc c99-g++, then per triple T and version V: T-gcc T-g++ gcc-V g++-V
// T-gcc-V T-g++-V, then clang clang++ and clang-V clang++-V per /usr/lib/llvm-V.
std::vector<std::string> candidate_names(const CompilerView& view, const std::vector<std::string>& gcc_dirs);

// The candidates executable in `bin_dir` (normally /usr/bin), in the same order.
std::vector<std::string> wanted_names(const CompilerView& view, const std::vector<std::string>& gcc_dirs,
                                      const std::string& bin_dir = "/usr/bin");

}  // namespace dcc::tools::update_distcc_symlinks
