// SPDX-License-Identifier: GPL-2.0-or-later
// The seam between the include server's analysis and the disk.  Analysis asks it
// whether a path is a regular file, a directory or a symlink, for realpaths and
// file contents; the mirror uses it to create directories, links and files.  The
// POSIX implementation is what the server runs; tests substitute a subclass to
// inject failures (a realpath that loops, an unreadable file).  Paths are always
// absolute here: the server serves many client directories at once and never
// changes its own working directory.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace dcc::include_server {

enum class FileType {
    absent,               // nothing there (or not reachable)
    regular,              // a regular file, and the last component is not a symlink
    regular_via_symlink,  // the last component is a symlink to a regular file
    other,                // a directory, a device, a dangling or looping link...
};

struct Canonical {
    std::string path;
    int error = 0;  // errno when realpath failed
};

class FileSystem {
public:
    virtual ~FileSystem() = default;

    // What is at `path`: lstat(), then stat() through a symlink.
    virtual FileType probe(const std::string& path) = 0;
    bool is_regular_file(const std::string& path) {
        FileType type = probe(path);
        return type == FileType::regular || type == FileType::regular_via_symlink;
    }
    // stat() succeeds and names a directory.
    virtual bool is_directory(const std::string& path) = 0;
    // lstat() names a symlink.
    virtual bool is_symlink(const std::string& path) = 0;
    // lstat() succeeds (the path itself exists, link or not).
    virtual bool exists(const std::string& path) = 0;
    // realpath(3): the canonical path, or the errno of the failure (ELOOP for too
    // many levels of symlinks).
    virtual Canonical realpath(const std::string& path) = 0;
    virtual Result<std::string> read_file(const std::string& path) = 0;
    // glob(3), sorted; no matches is an empty list.
    virtual std::vector<std::string> glob(const std::string& pattern) = 0;

    // Create `path` and its missing parents (mode 0777 & umask).
    virtual Status make_directories(const std::string& path) = 0;
    virtual Status make_symlink(const std::string& target, const std::string& link) = 0;
    // Write a whole new file: to a temporary name in the same directory, then renamed
    // over `path`, so that no reader ever sees part of it.
    virtual Status write_file(const std::string& path, std::string_view data) = 0;
    // Create an empty file if there is none (open for append); never truncates.
    virtual Status touch(const std::string& path) = 0;
    // Remove a tree (links are removed, never followed).
    virtual void remove_tree(const std::string& path) = 0;
};

class PosixFileSystem : public FileSystem {
public:
    FileType probe(const std::string& path) override;
    bool is_directory(const std::string& path) override;
    bool is_symlink(const std::string& path) override;
    bool exists(const std::string& path) override;
    Canonical realpath(const std::string& path) override;
    Result<std::string> read_file(const std::string& path) override;
    std::vector<std::string> glob(const std::string& pattern) override;
    Status make_directories(const std::string& path) override;
    Status make_symlink(const std::string& target, const std::string& link) override;
    Status write_file(const std::string& path, std::string_view data) override;
    Status touch(const std::string& path) override;
    void remove_tree(const std::string& path) override;
};

}  // namespace dcc::include_server
