// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of pump_files.hpp (upstream dcc_send_files / dcc_categorize_file).
#include "client/pump_files.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "client/include_server_client.hpp"
#include "common/files.hpp"
#include "common/path.hpp"
#include "common/strings.hpp"
#include "proto/limits.hpp"

namespace dcc::client {
namespace {

constexpr std::string_view k_up = "../";

Result<std::string> read_link(const std::string& path) {
    std::string target(4096, '\0');
    ssize_t n = ::readlink(path.c_str(), target.data(), target.size());
    if (n < 0)
        return make_error(ExitCode::io_error, strings::format("readlink '%s' failed: %s", path.c_str(),
                                                              std::strerror(errno)));
    if (static_cast<std::size_t>(n) == target.size())
        return make_error(ExitCode::io_error, strings::format("link target of '%s' is too long", path.c_str()));
    target.resize(static_cast<std::size_t>(n));
    return target;
}

}  // namespace

MirrorKind classify_entry(std::string_view client_path, bool is_symlink, std::string_view link_target) {
    if (is_forcing_placeholder(client_path)) return MirrorKind::directory;
    if (!is_symlink) return MirrorKind::file;
    std::size_t ups = 0;
    while (link_target.substr(ups * k_up.size(), k_up.size()) == k_up) ++ups;
    auto slashes = static_cast<std::size_t>(std::count(client_path.begin(), client_path.end(), '/'));
    std::string_view rest = link_target.substr(ups * k_up.size());
    if (ups >= 1 && ups > slashes && !client_path.empty() && rest == client_path.substr(1))
        return MirrorKind::system_dir;
    return MirrorKind::symlink;
}

std::string scan_includes_line(MirrorKind kind, std::string_view client_path) {
    const char* label = "FILE";
    switch (kind) {
    case MirrorKind::file: label = "FILE"; break;
    case MirrorKind::symlink: label = "SYMLINK"; break;
    case MirrorKind::system_dir: label = "SYSTEMDIR"; break;
    case MirrorKind::directory:
        label = "DIRECTORY";
        client_path = client_path.substr(0, client_path.rfind('/'));
        break;
    }
    return strings::format("%-9s %.*s", label, static_cast<int>(client_path.size()), client_path.data());
}

Result<std::vector<MirrorEntry>> read_mirror_entries(const std::vector<std::string>& mirror_paths) {
    std::vector<MirrorEntry> entries;
    entries.reserve(mirror_paths.size());
    proto::Limits limits;
    for (const std::string& mirror : mirror_paths) {
        MirrorEntry entry;
        entry.wire.name = client_path_of(mirror);
        if (entry.wire.name.empty() || !path::is_absolute(entry.wire.name))
            return make_error(ExitCode::protocol_error,
                              strings::format("include server returned '%s', which is not in a client root",
                                              mirror.c_str()));
        if (is_forcing_placeholder(entry.wire.name)) {
            entry.kind = MirrorKind::directory;
            entries.push_back(std::move(entry));
            continue;
        }
        struct stat st {};
        if (::lstat(mirror.c_str(), &st) != 0)
            return make_error(ExitCode::io_error, strings::format("stat '%s' failed: %s", mirror.c_str(),
                                                                  std::strerror(errno)));
        if (S_ISLNK(st.st_mode)) {
            auto target = read_link(mirror);
            if (!target) return std::move(target).error();
            entry.kind = classify_entry(entry.wire.name, true, *target);
            entry.wire.kind = proto::FileEntry::Kind::link;
            entry.wire.body = std::move(*target);
        } else {
            auto bytes = files::read_file(mirror, limits.max_item_size);
            if (!bytes) return std::move(bytes).error();
            entry.kind = MirrorKind::file;
            entry.wire.body = std::move(*bytes);
        }
        entries.push_back(std::move(entry));
    }
    return entries;
}

}  // namespace dcc::client
