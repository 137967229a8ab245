// SPDX-License-Identifier: GPL-2.0-or-later
// The protocol-3 file list built from an include-server answer (doc/pump.md "File
// list"): each mirror path becomes NAME <client
// path> followed by FILE (the already-compressed bytes; nothing for a placeholder)
// or LINK (readlink of the mirrored symlink).  Also the one-line descriptions
// `distcc --scan-includes` prints.  Classification and rendering are pure; only
// read_mirror_entries touches the disk.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "proto/messages.hpp"

namespace dcc::client {

enum class MirrorKind {
    file,        // a regular file (LZO copy)
    symlink,     // a mirrored symlink of the client's tree
    system_dir,  // a system include directory link ("../" x k + the directory)
    directory,   // a directory-forcing placeholder
};

// What one entry is.  `link_target` is only looked at when `is_symlink`.  A system
// link's target is k >= 1 "../" with k greater than the number of '/' in
// `client_path`, followed by `client_path` without its leading '/'.
MirrorKind classify_entry(std::string_view client_path, bool is_symlink, std::string_view link_target);

// "FILE      /abs/path": the kind in 9 columns, a space, the path (a placeholder
// prints its directory).
std::string scan_includes_line(MirrorKind kind, std::string_view client_path);

// One reply path read from the mirror.
struct MirrorEntry {
    MirrorKind kind = MirrorKind::file;
    proto::FileEntry wire;  // name = client path
};

// Read every reply path: lstat, readlink for links, the raw bytes for files,
// nothing for placeholders (never touched on disk).  Any failure fails the lot.
Result<std::vector<MirrorEntry>> read_mirror_entries(const std::vector<std::string>& mirror_paths);

}  // namespace dcc::client
