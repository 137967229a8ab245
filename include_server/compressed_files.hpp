// SPDX-License-Identifier: GPL-2.0-or-later
// CompressedFiles: the LZO copies of closure files under the client root
// (doc/include-server.md, "The client root"), upstream's compress_files.py.  A file
// reached only relatively becomes <root><realpath>.lzo; one reached through an
// absolute search directory becomes <root><realpath>.lzo.abs and starts with
// `#line 1 "<searchdir><includepath>"` so the server's diagnostics name the client
// path.  Each copy is written once per generation, through a temporary name and a
// rename, so no client ever reads half of one.
#pragma once

#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/result.hpp"
#include "include_server/caches.hpp"
#include "include_server/path_mirror.hpp"

namespace dcc::include_server {

// One file of a request's closure: its realpath and, when it was reached through
// an absolute search directory, the first such (searchdir, includepath).
struct ClosureFile {
    Id realpath = 0;
    std::optional<FilePair> absolute_pair;
};

// The LZO stream of a file's bytes; an empty file gives the 3-byte end marker.
std::string compress_for_mirror(std::string_view contents);

class CompressedFiles {
public:
    CompressedFiles(Caches& caches, PathMirror& mirror) : m_caches(caches), m_mirror(mirror) {}

    // The mirror paths of `closure`, in order, writing those not written yet.
    // Failing to create, read or write a file is fatal.
    Result<std::vector<std::string>> compress(const std::vector<ClosureFile>& closure, Id cwd);

    uint64_t files_written() const { return m_written.size(); }

private:
    Status write_copy(const std::string& mirror_path, const ClosureFile& file, Id cwd);

    Caches& m_caches;
    PathMirror& m_mirror;
    std::unordered_set<std::string> m_written;
};

}  // namespace dcc::include_server
