// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of lsdistcc.hpp (upstream lsdistcc's main).
#include "tools/lsdistcc/lsdistcc.hpp"

#include <cstdio>
#include <string>
#include <vector>

#include "common/environment.hpp"
#include "tools/lsdistcc/dns_domain.hpp"
#include "tools/lsdistcc/host_names.hpp"
#include "tools/lsdistcc/options.hpp"
#include "tools/lsdistcc/resolver.hpp"
#include "tools/lsdistcc/search.hpp"

namespace dcc::tools::lsdistcc {

int run_lsdistcc(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    auto options = parse_command_line(args);
    if (!options) {
        std::fputs(usage_text(), stdout);
        return 1;
    }
    std::string domain;
    if (options->append_domain) {
        auto found = dns_domain(env::Snapshot::from_process());
        if (!found) {
            std::fprintf(stderr, "%s\n", found.error().message.c_str());
            return 1;
        }
        domain = *found;
    }
    auto names = host_names(options->words, domain);
    if (!names) {
        std::fputs(usage_text(), stdout);
        return 1;
    }
    ThreadedResolver resolver;
    // Each line as soon as its host is finished, also into a pipe.
    return search_hosts(*options, *names, resolver, [](std::string_view line) {
        std::fwrite(line.data(), 1, line.size(), stdout);
        std::fflush(stdout);
    });
}

}  // namespace dcc::tools::lsdistcc
