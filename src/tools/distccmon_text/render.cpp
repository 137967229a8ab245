// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of render.hpp (upstream dcc_mon_dump for the table).
#include "tools/distccmon_text/render.hpp"

#include "common/json.hpp"
#include "common/strings.hpp"

namespace dcc::tools::distccmon_text {

std::string render_table(const std::vector<proto::StateRecord>& records) {
    std::string out;
    for (const proto::StateRecord& r : records)
        out += strings::format("%6ld  %-10.10s  %-30.30s %24.24s[%d]\n", r.pid, proto::phase_name(r.phase),
                               r.file.c_str(), r.host.c_str(), r.slot);
    out += '\n';
    return out;
}

std::string render_json(const std::vector<proto::StateRecord>& records, double unix_time) {
    std::string out = strings::format("{\"time\":%.3f,\"jobs\":[", unix_time);
    for (std::size_t i = 0; i < records.size(); ++i) {
        const proto::StateRecord& r = records[i];
        out += strings::format("%s{\"pid\":%ld,\"phase\":", i ? "," : "", r.pid);
        out += json::quote(proto::phase_name(r.phase));
        out += ",\"file\":" + json::quote(r.file) + ",\"host\":" + json::quote(r.host);
        out += strings::format(",\"slot\":%d}", r.slot);
    }
    return out + "]}\n";
}

}  // namespace dcc::tools::distccmon_text
