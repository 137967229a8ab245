// SPDX-License-Identifier: GPL-2.0-or-later
// The file tree of a protocol-3 (pump mode) job on the server (doc/protocol.md §9,
// doc/security.md §5): a private root directory inside the job's work directory
// that plays the client's "/", filled from the request's NAME/FILE/LINK entries.
// The names come from the network, so each is checked before anything is created:
// absolute, no "." or ".." component, no NUL, at most Limits::max_path_depth
// components.  Every directory and file is made relative to the root's descriptor
// with O_NOFOLLOW (openat/mkdirat/symlinkat), so a LINK entry can never carry a
// later entry out of the root: a LINK may point anywhere (the system-directory links
// must), but nothing is ever written through one.  The root and everything under it
// is removed when the PumpTree goes away; the work directory's own clean-up (also on
// fatal signals) covers a process that dies before.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/fd.hpp"
#include "common/result.hpp"
#include "proto/limits.hpp"

namespace dcc::daemon {

// The components of a client path NAME (or CDIR), or a protocol_error saying why it
// is refused: empty, not absolute, a "." or ".." component, a NUL byte, an empty
// last component (a trailing '/'), more than `max_depth` components.  Repeated '/'
// are one separator.  `allow_root`: "/" itself (no components) is acceptable (CDIR).
Result<std::vector<std::string_view>> split_client_path(std::string_view path, std::size_t max_depth,
                                                        bool allow_root = false);

// Where a LINK points on the server (doc/protocol.md §9): an absolute target moves
// under the root, a relative one is kept verbatim.
std::string map_link_target(std::string_view root, std::string_view target);

class PumpTree {
public:
    // A fresh root "<parent>/pump_XXXXXX"; `keep`: left behind when the PumpTree goes
    // (DISTCC_SAVE_TEMPS, whose work directory stays too).
    static Result<PumpTree> create(const std::string& parent, const proto::Limits& limits, bool keep = false);

    PumpTree(PumpTree&& other) noexcept;
    PumpTree& operator=(PumpTree&&) = delete;
    ~PumpTree();  // removes the root and everything under it, unless kept

    const std::string& root() const { return m_root; }
    // The root as the compiler sees it (the sandbox mounts the job directory
    // elsewhere): absolute LINK targets move under this one.  Default: root().
    void set_visible_root(std::string visible) { m_visible_root = std::move(visible); }
    const std::string& visible_root() const { return m_visible_root; }

    // The directory <root><cwd>, made with its parents (the client's working directory).
    Status make_directory(std::string_view cwd);
    // A FILE entry: `lzo_body` is the LZO1X block from the wire (empty: an empty file),
    // decompressed through a fixed window.  An existing file (or link) of that name is
    // replaced; decompressed bytes count against Limits::max_files_total for the tree.
    Status add_file(std::string_view name, std::string_view lzo_body);
    // A LINK entry; an existing entry of that name is an error (as upstream).
    Status add_link(std::string_view name, std::string_view target);

    std::size_t total_bytes() const { return m_total_bytes; }

private:
    PumpTree() = default;
    // An open descriptor of the directory holding the last component, every
    // directory on the way made if missing and never followed through a symlink.
    Result<UniqueFd> open_parent(std::string_view name, const std::vector<std::string_view>& components,
                                 std::size_t count);

    std::string m_root;
    std::string m_visible_root;
    UniqueFd m_root_fd;
    proto::Limits m_limits;
    std::size_t m_total_bytes = 0;
    bool m_keep = false;
};

}  // namespace dcc::daemon
