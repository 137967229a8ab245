// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of host_file.hpp (upstream dcc_get_hostlist, dcc_parse_hosts_file
// and the client half of dcc_zeroconf_add_hosts).
#include "client/host_file.hpp"

#include <algorithm>
#include <cstdlib>
#include <utility>

#include "common/files.hpp"
#include "common/log.hpp"
#include "common/path.hpp"
#include "common/strings.hpp"
#include "zeroconf/zeroconf.hpp"

namespace dcc::client {
namespace {

// The problem prefixed by where the list came from, in 3.4's form for an empty list
// ("$DISTCC_HOSTS contained no hosts; ...") and ours for a bad word.
Result<HostList> parse_with_origin(const HostListText& source, const HostSpecFeatures& features) {
    auto list = parse_host_list(source.text, features);
    if (!list) {
        const Error& e = list.error();
        return make_error(e.code, source.origin + (e.code == ExitCode::no_hosts ? " " : ": ") + e.message);
    }
    return list;
}

// What the browser noted beside the host words: the compilers each host takes
// (HostSpec::compilers); and `,cpp` only for a client under pump, where the
// include server can serve it -- elsewhere it would cost a warning per job.
void apply_zeroconf_notes(std::vector<HostSpec>& hosts, std::string_view text, bool pump) {
    auto notes = zeroconf::hosts_file_compilers(text);
    for (HostSpec& host : hosts) {
        for (auto& [word, names] : notes)
            if (word == host.text) host.compilers = names;
        if (host.cpp && !pump) {
            host.cpp = false;
            host.text = strings::replace_all(host.text, ",cpp", "");
        }
    }
}

// Replace the +zeroconf marker by the hosts the browser daemon wrote to
// $DISTCC_DIR/zeroconf/hosts (doc/client.md §7.3).  A browser that cannot run is
// an error of the whole list; one that has found nothing yet is not.
Status splice_zeroconf(HostList& list, const HostListSources& sources, const HostSpecFeatures& features,
                       FileReader& reader) {
    if (sources.distcc_dir.empty())
        return make_error(ExitCode::no_hosts, "+zeroconf: neither DISTCC_DIR nor HOME is set");
    auto text = reader.zeroconf_hosts(sources.distcc_dir, sources.zeroconf);
    if (!text) return make_error(text.error().code, "+zeroconf: " + text.error().message);
    HostListText found{std::move(*text), path::join(sources.distcc_dir, "zeroconf/hosts")};
    auto discovered = parse_with_origin(found, features);
    if (!discovered) {
        if (list.hosts.empty()) return std::move(discovered).error();
        DCC_LOG_AT(host_list_problem_level(discovered.error()), "%s", discovered.error().message.c_str());
        return {};
    }
    apply_zeroconf_notes(discovered->hosts, found.text, sources.pump);
    auto at = list.hosts.begin() + static_cast<std::ptrdiff_t>(list.zeroconf_position);
    list.hosts.insert(at, discovered->hosts.begin(), discovered->hosts.end());
    return {};
}

}  // namespace

Result<std::string> DiskFileReader::read(const std::string& path, std::size_t max_size) {
    return files::read_file(path, max_size);
}

Result<std::string> DiskFileReader::zeroconf_hosts(const std::string& distcc_dir,
                                                   const zeroconf::ClientAbilities& client) {
    return zeroconf::discovered_hosts(distcc_dir, client);
}

Result<HostListText> find_host_list(const HostListSources& sources, FileReader& reader) {
    if (sources.env_hosts) return HostListText{*sources.env_hosts, "$DISTCC_HOSTS"};
    std::string candidates[2];
    if (!sources.distcc_dir.empty()) candidates[0] = path::join(sources.distcc_dir, "hosts");
    candidates[1] = path::join(sources.sysconfdir, "distcc/hosts");
    for (const std::string& file : candidates) {
        if (file.empty()) continue;
        auto text = reader.read(file, k_max_host_file_size);
        if (text) return HostListText{std::move(*text), file};
        if (text.error().code != ExitCode::no_such_file) return make_error(ExitCode::bad_hostspec, text.error().message);
    }
    return make_error(ExitCode::no_hosts, "no hostlist is set; can't distribute work");
}

Result<HostList> load_host_list(const HostListSources& sources, const HostSpecFeatures& features, FileReader& reader,
                                unsigned seed) {
    auto text = find_host_list(sources, reader);
    if (!text) return std::move(text).error();
    auto list = parse_with_origin(*text, features);
    if (!list) return list;
    if (list->zeroconf) DCC_TRY(splice_zeroconf(*list, sources, features, reader));
    if (list->randomize) randomize_hosts(list->hosts, seed);
    return list;
}

log::Level host_list_problem_level(const Error& problem) {
    return problem.code == ExitCode::no_hosts ? log::Level::warning : log::Level::error;
}

void randomize_hosts(std::vector<HostSpec>& hosts, unsigned seed) {
    std::srand(seed);
    std::vector<std::pair<int, std::size_t>> keys;
    keys.reserve(hosts.size());
    for (std::size_t i = 0; i < hosts.size(); ++i) keys.emplace_back(std::rand(), i);
    std::stable_sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<HostSpec> shuffled;
    shuffled.reserve(hosts.size());
    for (const auto& key : keys) shuffled.push_back(std::move(hosts[key.second]));
    hosts = std::move(shuffled);
}

}  // namespace dcc::client
