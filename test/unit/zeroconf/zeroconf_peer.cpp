// SPDX-License-Identifier: GPL-2.0-or-later
// zeroconf-peer: the two halves of src/zeroconf as a program, for the integration
// tests (test/integration/test_zeroconf_*.py), which run it next to a private Avahi
// daemon, Debian's distccd --zeroconf and avahi-browse.
//
//   zeroconf-peer available
//       print "yes" or "no": whether this build has Avahi support.
//   zeroconf-peer publish PORT CPUS JOBS [WHITELIST_DIR [REFRESH_SEC [auth]]]
//       announce like distccd --zeroconf (with the compilers of WHITELIST_DIR found
//       on PATH, looked at again every REFRESH_SEC, default 60; `auth` as with
//       --auth); print "publishing" and keep the announcement until SIGTERM/SIGINT,
//       then withdraw it and exit 0.
//   zeroconf-peer hosts DISTCC_DIR
//       what a client's `+zeroconf` sees: start a browser if needed, print the
//       hosts file.  Exit status 0, or the distcc exit code of the failure.
//
// It is a test tool, not part of the installed programs.
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "common/environment.hpp"
#include "common/log.hpp"
#include "zeroconf/zeroconf.hpp"

using namespace dcc;

namespace {

int fail(const Error& error) {
    std::printf("failed %s: %s\n", exit_code_name(error.code), error.message.c_str());
    return to_int(error.code);
}

std::string search_path() { return std::string(env::Snapshot::from_process().get_or(env::Var::path, "")); }

int publish(zeroconf::ServiceSettings settings) {
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    // Blocked before the Avahi thread starts, so that only sigwait sees them.
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);
    auto publisher = zeroconf::Publisher::start(settings);
    if (!publisher) return fail(publisher.error());
    std::printf("publishing\n");
    std::fflush(stdout);
    int signal_number = 0;
    sigwait(&stop, &signal_number);
    return 0;  // the Publisher's destructor withdraws the announcement
}

int print_hosts(const std::string& distcc_dir) {
    auto hosts = zeroconf::discovered_hosts(distcc_dir, zeroconf::ClientAbilities{false, search_path()});
    if (!hosts) return fail(hosts.error());
    std::fputs(hosts->c_str(), stdout);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    log::set_program_name("zeroconf-peer");
    log::to_stderr();
    log::set_level(log::Level::info);
    std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "available" && argc == 2) {
        std::printf("%s\n", zeroconf::available() ? "yes" : "no");
        return 0;
    }
    if (mode == "publish" && argc >= 5 && argc <= 8) {
        zeroconf::ServiceSettings settings;
        settings.port = static_cast<uint16_t>(std::atoi(argv[2]));
        settings.cpus = std::atoi(argv[3]);
        settings.jobs = std::atoi(argv[4]);
        if (argc > 5) settings.whitelist_dirs = {argv[5]};
        if (argc > 6) settings.refresh_sec = std::atoi(argv[6]);
        settings.auth = argc > 7 && std::string(argv[7]) == "auth";
        settings.search_path = search_path();
        return publish(settings);
    }
    if (mode == "hosts" && argc == 3) return print_hosts(argv[2]);
    std::fprintf(stderr,
                 "usage: zeroconf-peer available | publish PORT CPUS JOBS [DIR [SEC [auth]]] | hosts DISTCC_DIR\n");
    return to_int(ExitCode::bad_arguments);
}
