// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of command_line.hpp (upstream distccmon-text's main and usage()).
#include "tools/distccmon_text/command_line.hpp"

#include <cmath>
#include <cstdlib>

namespace dcc::tools::distccmon_text {
namespace {

Result<double> parse_delay(const std::string& word) {
    char* end = nullptr;
    double delay = std::strtod(word.c_str(), &end);
    if (*end != '\0') return make_error(ExitCode::bad_arguments, "DELAY is not a number: " + word);
    if (!std::isfinite(delay) || delay < 0)
        return make_error(ExitCode::bad_arguments, "DELAY must be a finite number of seconds >= 0: " + word);
    return delay;
}

}  // namespace

Result<MonitorOptions> parse_command_line(std::span<const std::string> args) {
    MonitorOptions options;
    bool have_delay = false;
    for (const std::string& word : args) {
        if (word == "--json") {
            options.format = OutputFormat::json;
            continue;
        }
        if (have_delay) return make_error(ExitCode::bad_arguments, "more than one DELAY");
        auto delay = parse_delay(word);
        if (!delay) return std::move(delay).error();
        options.delay_sec = *delay;
        have_delay = true;
    }
    return options;
}

const char* usage_text() {
    return "usage: distccmon-text [DELAY]\n"
           "\n"
           "Displays current compilation jobs in text form.\n"
           "\n"
           "If delay is specified, repeatedly updates after that many (fractional)\n"
           "seconds.  Otherwise, runs just once.\n"
           "\n"
           "  --json   print one JSON object per update instead of the table\n";
}

}  // namespace dcc::tools::distccmon_text
