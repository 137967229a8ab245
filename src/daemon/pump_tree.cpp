// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of pump_tree.hpp (upstream dcc_r_many_files / dcc_r_file and
// dcc_mk_tmp_ancestor_dirs, made safe against hostile names: doc/security.md §5).
#include "daemon/pump_tree.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "common/cleanup.hpp"
#include "common/io.hpp"
#include "common/strings.hpp"
#include "proto/lzo_stream.hpp"
#include "proto/stream.hpp"

namespace dcc::daemon {
namespace {

Error refused(std::string_view path, const char* why) {
    std::string shown(path.substr(0, 200));
    for (char& c : shown)
        if (c == '\0') c = '?';
    return make_error(ExitCode::protocol_error, strings::format("refused file name \"%s\": %s", shown.c_str(), why));
}

Error system_error(std::string_view what, std::string_view name) {
    int saved = errno;
    return make_error(ExitCode::io_error,
                      strings::format("%.*s %.*s: %s", static_cast<int>(what.size()), what.data(),
                                      static_cast<int>(name.size()), name.data(), std::strerror(saved)));
}

}  // namespace

Result<std::vector<std::string_view>> split_client_path(std::string_view path, std::size_t max_depth, bool allow_root) {
    if (path.empty()) return refused(path, "empty");
    if (path.find('\0') != std::string_view::npos) return refused(path, "contains a NUL byte");
    if (path.front() != '/') return refused(path, "not an absolute path");
    if (path.size() > 1 && path.back() == '/') return refused(path, "ends with '/'");
    std::vector<std::string_view> components;
    for (std::size_t start = 0; start < path.size();) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        std::string_view part = path.substr(start, end - start);
        start = end + 1;
        if (part.empty()) continue;
        if (part == "." || part == "..") return refused(path, "has a '.' or '..' component");
        if (components.size() == max_depth) return refused(path, "too deep");
        components.push_back(part);
    }
    if (components.empty() && !allow_root) return refused(path, "names the root directory");
    return components;
}

std::string map_link_target(std::string_view root, std::string_view target) {
    if (!target.empty() && target.front() == '/') return std::string(root) + std::string(target);
    return std::string(target);
}

Result<PumpTree> PumpTree::create(const std::string& parent, const proto::Limits& limits, bool keep) {
    std::string templ = parent + "/pump_XXXXXX";
    if (!::mkdtemp(templ.data())) return system_error("creating the pump root in", parent);
    PumpTree tree;
    tree.m_root = std::move(templ);
    tree.m_visible_root = tree.m_root;
    tree.m_limits = limits;
    tree.m_keep = keep;
    tree.m_root_fd.reset(::open(tree.m_root.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!tree.m_root_fd) {
        Error error = system_error("opening", tree.m_root);
        ::rmdir(tree.m_root.c_str());
        tree.m_root.clear();
        return error;
    }
    return tree;
}

PumpTree::PumpTree(PumpTree&& other) noexcept
    : m_root(std::exchange(other.m_root, std::string())),
      m_visible_root(std::move(other.m_visible_root)),
      m_root_fd(std::move(other.m_root_fd)),
      m_limits(other.m_limits),
      m_total_bytes(other.m_total_bytes),
      m_keep(other.m_keep) {}

PumpTree::~PumpTree() {
    m_root_fd.reset();
    if (!m_root.empty() && !m_keep) cleanup::remove_tree(m_root.c_str());
}

Result<UniqueFd> PumpTree::open_parent(std::string_view name, const std::vector<std::string_view>& components,
                                       std::size_t count) {
    UniqueFd dir(::fcntl(m_root_fd.get(), F_DUPFD_CLOEXEC, 0));
    if (!dir) return system_error("duplicating the descriptor of", m_root);
    for (std::size_t i = 0; i < count; ++i) {
        std::string part(components[i]);
        int next = ::openat(dir.get(), part.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (next < 0 && errno == ENOENT) {
            if (::mkdirat(dir.get(), part.c_str(), 0777) != 0 && errno != EEXIST)
                return system_error("creating directory", part);
            next = ::openat(dir.get(), part.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        }
        if (next < 0) {
            // ELOOP/ENOTDIR: a symlink (or a file) where a directory must be; going
            // on would leave the root.
            if (errno == ELOOP || errno == ENOTDIR)
                return refused(name, "a leading component is a link or a file, not a directory of the tree");
            return system_error("opening directory", part);
        }
        dir.reset(next);
    }
    return dir;
}

Status PumpTree::make_directory(std::string_view cwd) {
    auto components = split_client_path(cwd, m_limits.max_path_depth, true);
    if (!components) return std::move(components).error();
    auto dir = open_parent(cwd, *components, components->size());
    if (!dir) return std::move(dir).error();
    return {};
}

Status PumpTree::add_file(std::string_view name, std::string_view lzo_body) {
    auto components = split_client_path(name, m_limits.max_path_depth);
    if (!components) return std::move(components).error();
    auto dir = open_parent(name, *components, components->size() - 1);
    if (!dir) return std::move(dir).error();
    std::string last(components->back());
    if (::unlinkat(dir->get(), last.c_str(), 0) != 0 && errno != ENOENT) return system_error("replacing", name);
    UniqueFd out(::openat(dir->get(), last.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666));
    if (!out) return system_error("creating", name);
    if (lzo_body.empty()) return {};
    // Decompressed through the stream decoder's fixed window straight into the file:
    // memory stays bounded whatever the body expands to (doc/security.md §1).
    proto::MemorySource body(lzo_body);
    bool write_failed = false;
    auto plain = proto::lzo_decompress_stream(body, lzo_body.size(), m_limits.max_files_total - m_total_bytes,
                                              [&](std::string_view piece) {
                                                  Status written = io::write_all(out.get(), piece.data(), piece.size(),
                                                                                 io::k_no_timeout);
                                                  write_failed = !written;
                                                  return written;
                                              });
    if (!plain && write_failed)
        return make_error(ExitCode::io_error, "writing " + std::string(name) + ": " + plain.error().message);
    if (!plain) return refused(name, "body is not valid LZO or exceeds the size limit of the file tree");
    m_total_bytes += *plain;
    return {};
}

Status PumpTree::add_link(std::string_view name, std::string_view target) {
    auto components = split_client_path(name, m_limits.max_path_depth);
    if (!components) return std::move(components).error();
    if (target.empty() || target.find('\0') != std::string_view::npos) return refused(name, "bad link target");
    auto dir = open_parent(name, *components, components->size() - 1);
    if (!dir) return std::move(dir).error();
    std::string last(components->back());
    std::string mapped = map_link_target(m_visible_root, target);
    if (::symlinkat(mapped.c_str(), dir->get(), last.c_str()) != 0) return system_error("creating link", name);
    return {};
}

}  // namespace dcc::daemon
