// SPDX-License-Identifier: GPL-2.0-or-later
// The few file-system questions this layer asks (is X executable, where does a symlink
// point, is X a regular file), behind a small interface so that compiler-name
// rewriting and the daemon's argument checks stay testable with a fake.  The client
// and daemon pass SystemFileProbe; unit tests pass an in-memory probe.  Nothing here
// opens or creates files.
#pragma once

#include <optional>
#include <string>

namespace dcc::compiler {

class FileProbe {
public:
    virtual ~FileProbe() = default;

    // access(path, X_OK) succeeds (follows symlinks, so a dangling link is false).
    virtual bool is_executable(const std::string& path) const = 0;

    // The target of the symlink at `path` exactly as stored (readlink); nullopt when
    // `path` is not a symlink or cannot be read.
    virtual std::optional<std::string> read_link(const std::string& path) const = 0;

    // stat(path) names a regular file (follows symlinks).
    virtual bool is_regular_file(const std::string& path) const = 0;
};

// The real file system.
class SystemFileProbe final : public FileProbe {
public:
    bool is_executable(const std::string& path) const override;
    std::optional<std::string> read_link(const std::string& path) const override;
    bool is_regular_file(const std::string& path) const override;
};

}  // namespace dcc::compiler
