// SPDX-License-Identifier: GPL-2.0-or-later
// Creating uniquely named temporary files and directories under a temp directory,
// registered with cleanup so they vanish at exit or on a fatal signal.  Names follow
// upstream distcc (`<prefix>_<8 hex digits><suffix>`) because users and tests look
// for them in $TMPDIR.
#pragma once

#include <string>

#include "common/fd.hpp"
#include "common/result.hpp"

namespace dcc {

struct TempFile {
    std::string path;
    UniqueFd fd;  // open read-write
};

// Create `<dir>/<prefix>_XXXXXXXX<suffix>` with O_EXCL, mode 0600 (upstream
// dcc_make_tmpnam).  Registered for cleanup.
Result<TempFile> make_temp_file(const std::string& dir, const std::string& prefix, const std::string& suffix);

// Create `<dir>/<prefix>_XXXXXX` with mkdtemp, mode 0700, registered as a tree.
Result<std::string> make_temp_dir(const std::string& dir, const std::string& prefix);

}  // namespace dcc
