// SPDX-License-Identifier: GPL-2.0-or-later
// The disk side of update-distcc-symlinks: DiskCompilerView reads the real compiler
// directories, read_directory() classifies the entries of the masquerade directory
// (creating it when it cannot be entered), and apply_plan() removes and adds the
// links.  Decisions are made elsewhere (compiler_names.hpp, link_plan.hpp).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "tools/update_distcc_symlinks/compiler_names.hpp"
#include "tools/update_distcc_symlinks/link_plan.hpp"

namespace dcc::tools::update_distcc_symlinks {

class DiskCompilerView final : public CompilerView {
public:
    std::vector<std::string> entries(const std::string& dir) const override;
    bool is_executable(const std::string& path) const override;
};

// The entries of `dir`.  A directory that cannot be entered is created (its last
// component only, mode 0755); failing that is ExitCode::io_error.
Result<std::vector<DirectoryEntry>> read_directory(const std::string& dir);

// Remove, then add (each new link is a symlink to `link_target`).  `report` is
// called with "Removing <path>" / "Adding <path>" before each change.  Stops at the
// first failure (ExitCode::io_error naming the path).
Status apply_plan(const std::string& dir, const LinkPlan& plan, const std::string& link_target,
                  const std::function<void(const std::string&)>& report);

// What the links point to: "../../bin/distcc" when `bindir` is the "bin" beside
// the masquerade directory's "lib" (<prefix>/bin and <prefix>/lib, upstream's
// layout), else `bindir`/distcc.
std::string distcc_link_target(const std::string& bindir, const std::string& prefix_libdir);

}  // namespace dcc::tools::update_distcc_symlinks
