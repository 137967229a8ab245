// SPDX-License-Identifier: GPL-2.0-or-later
// Whole-file reads and writes with explicit size caps, used for preprocessed sources,
// objects, host files and command lists.  Errors say which file and why.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace dcc::files {

// Read a whole file; io_error if it is larger than `max_size`, no_such_file if absent.
Result<std::string> read_file(const std::string& path, std::size_t max_size);

// Read everything from an fd (from its current offset) up to `max_size`.
Result<std::string> read_fd(int fd, std::size_t max_size);

// Create or truncate `path` and write `data` (mode & umask).
Status write_file(const std::string& path, std::string_view data, mode_t mode = 0666);

// Write to `<path>.tmp-<pid>` in the same directory, then rename over `path`, so a
// reader never sees a half-written file.  If a non-empty, non-regular file (say
// /dev/null) is at `path`, it is written in place instead.
Status write_file_atomic(const std::string& path, std::string_view data, mode_t mode = 0666);

bool exists(const std::string& path);

// A directory (following symbolic links).
bool is_directory(const std::string& path);

}  // namespace dcc::files
