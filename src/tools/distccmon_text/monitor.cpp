// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of monitor.hpp (upstream distccmon-text's main).
#include "tools/distccmon_text/monitor.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/config.hpp"
#include "common/log.hpp"
#include "tools/distccmon_text/command_line.hpp"
#include "tools/distccmon_text/render.hpp"
#include "tools/distccmon_text/state_scan.hpp"

namespace dcc::tools::distccmon_text {
namespace {

double unix_time() {
    timespec now = clock::realtime();
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

void sleep_for(double seconds) {
    timespec wait{};
    wait.tv_sec = static_cast<time_t>(seconds);
    wait.tv_nsec = static_cast<long>((seconds - std::floor(seconds)) * 1e9);
    while (::nanosleep(&wait, &wait) != 0 && errno == EINTR) {
    }
}

// 3.4 words a missing HOME as a warning, everything else as an error.
int fail(const Error& error) {
    log::Level level = error.code == ExitCode::bad_arguments ? log::Level::warning : log::Level::error;
    DCC_LOG_AT(level, "%s", error.message.c_str());
    return to_int(error.code);
}

}  // namespace

int run_distccmon_text(int argc, char** argv) {
    Config config = load_config(env::Snapshot::from_process());
    log::set_program_name("distccmon-text");
    log::to_stderr();
    log::set_level(config.verbose ? log::Level::debug : log::Level::warning);
    std::vector<std::string> args(argv + 1, argv + argc);
    auto options = parse_command_line(args);
    if (!options) {
        std::fputs(usage_text(), stderr);
        return 1;
    }
    // A pipe to another program should see every poll as it happens.
    std::setvbuf(stdout, nullptr, _IOLBF, BUFSIZ);
    auto dir = prepare_state_dir(config);
    if (!dir) return fail(dir.error());
    DiskMonitorSystem system;
    while (true) {
        auto records = poll_state_dir(*dir, system);
        if (!records) return fail(records.error());
        std::string text = options->format == OutputFormat::json ? render_json(*records, unix_time())
                                                                  : render_table(*records);
        std::fputs(text.c_str(), stdout);
        std::fflush(stdout);
        if (options->delay_sec == 0) return 0;
        sleep_for(options->delay_sec);
    }
}

}  // namespace dcc::tools::distccmon_text
