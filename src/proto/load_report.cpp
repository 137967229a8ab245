// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of load_report.hpp.
#include "proto/load_report.hpp"

#include <cstdlib>

#include "common/strings.hpp"

namespace dcc::proto {
namespace {

constexpr std::string_view k_magic = "distccd-load 1 ";

bool read_number(std::string_view text, double& out) {
    std::string copy(text);
    char* end = nullptr;
    double value = std::strtod(copy.c_str(), &end);
    if (copy.empty() || end != copy.c_str() + copy.size()) return false;
    out = value;
    return true;
}

}  // namespace

bool is_load_request(std::string_view request) {
    std::string_view line = request.substr(0, request.find_first_of("\r\n"));
    constexpr std::string_view k_prefix = "GET /load";
    if (line.substr(0, k_prefix.size()) != k_prefix) return false;
    std::string_view rest = line.substr(k_prefix.size());
    return rest.empty() || rest[0] == ' ' || rest[0] == '?';
}

std::string render_load_report(const LoadReport& r) {
    return strings::format("distccd-load 1 port=%d slots=%d running=%d queued=%d load1=%.2f cpus=%d\n", r.port, r.slots,
                           r.running, r.queued, r.load1, r.cpus);
}

std::optional<LoadReport> parse_load_report(std::string_view reply) {
    std::size_t at = reply.find(k_magic);
    if (at == std::string_view::npos || (at > 0 && reply[at - 1] != '\n')) return std::nullopt;
    std::string_view line = reply.substr(at + k_magic.size());
    line = line.substr(0, line.find('\n'));
    LoadReport report;
    int seen = 0;
    while (!line.empty()) {
        std::size_t space = line.find(' ');
        std::string_view field = line.substr(0, space);
        line = space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
        std::size_t eq = field.find('=');
        if (eq == std::string_view::npos) continue;
        std::string_view key = field.substr(0, eq);
        double value = 0;
        if (!read_number(field.substr(eq + 1), value)) return std::nullopt;
        int whole = static_cast<int>(value);
        if (key == "port") {
            report.port = whole;
            seen |= 1;
        } else if (key == "slots") {
            report.slots = whole;
            seen |= 2;
        } else if (key == "running") {
            report.running = whole;
            seen |= 4;
        } else if (key == "queued") {
            report.queued = whole;
        } else if (key == "load1") {
            report.load1 = value;
        } else if (key == "cpus") {
            report.cpus = whole;
        }
        // unknown keys: a later version's additions, ignored
    }
    if (seen != 7 || report.slots <= 0 || report.running < 0 || report.queued < 0) return std::nullopt;
    return report;
}

}  // namespace dcc::proto
