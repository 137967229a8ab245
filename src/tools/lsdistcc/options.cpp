// SPDX-License-Identifier: GPL-2.0-or-later
// Implementation of options.hpp (upstream lsdistcc's option loop and usage()).
#include "tools/lsdistcc/options.hpp"

#include <limits>

#include "common/strings.hpp"

namespace dcc::tools::lsdistcc {
namespace {

// Options that take a number: the letter, the field, and the largest value allowed.
struct NumberOption {
    char letter;
    int LsOptions::*field;
    long long max;
};

constexpr long long k_int_max = std::numeric_limits<int>::max();

constexpr NumberOption k_number_options[] = {
    {'t', &LsOptions::timeout_sec, k_int_max},        {'h', &LsOptions::dns_retry_ms, k_int_max},
    {'c', &LsOptions::connect_timeout_ms, k_int_max}, {'k', &LsOptions::compile_timeout_ms, k_int_max},
    {'m', &LsOptions::subnet_bits, 31},                {'o', &LsOptions::overlap, k_int_max},
    {'g', &LsOptions::dns_gap, k_int_max},             {'r', &LsOptions::port, 65535},
    {'P', &LsOptions::protocol, 3},
};

Error usage_error(const std::string& word) { return make_error(ExitCode::bad_arguments, "bad option " + word); }

Status set_number(LsOptions& options, const NumberOption& option, const std::string& word) {
    long long value = strings::atoi_like(std::string_view(word).substr(2));
    if (value < 0 || value > option.max) return usage_error(word);
    // A port or protocol of 0 cannot be used; the rest mean "off" or "none" at 0.
    if (value == 0 && (option.letter == 'r' || option.letter == 'P')) return usage_error(word);
    options.*option.field = static_cast<int>(value);
    return {};
}

Status apply_option(LsOptions& options, const std::string& word) {
    char letter = word[1];
    for (const NumberOption& option : k_number_options)
        if (option.letter == letter) return set_number(options, option, word);
    switch (letter) {
    case 'l': options.latency = true; return {};
    case 'n': options.numeric = true; return {};
    case 'x': options.show_down = true; return {};
    case 'd': options.append_domain = true; return {};
    case 'v': ++options.verbosity; return {};
    case 'p':
        options.compiler = word.substr(2);
        return options.compiler.empty() ? usage_error(word) : Status();
    default: return usage_error(word);
    }
}

}  // namespace

Result<LsOptions> parse_command_line(std::span<const std::string> args) {
    LsOptions options;
    std::size_t i = 0;
    for (; i < args.size() && args[i].starts_with("-"); ++i) DCC_TRY(apply_option(options, args[i]));
    options.words.assign(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
    return options;
}

const char* usage_text() {
    return "Usage: lsdistcc [-tTIMEOUT] [-mBITS] [-nvd] [format]\n"
           "       lsdistcc [OPTIONS] HOST...\n"
           "Lists the distcc servers that answer, one per line, in a form DISTCC_HOSTS\n"
           "accepts.  With a format containing %d, tries the names format%1, format%2, ...\n"
           "(up to 500) and stops after the first name that does not resolve; the default\n"
           "format is distcc%d.  With host names (IPv6 addresses in brackets: [::1]),\n"
           "checks only those.\n"
           "Options (the value follows the letter without a space):\n"
           "-l         Print the latency in milliseconds after each host\n"
           "             (from the start of the connection; DNS time not included)\n"
           "-n         Print the IP address instead of the name\n"
           "-x         Also print hosts that resolve but do not answer, with ,down\n"
           "-tTIMEOUT  Stop everything after this many seconds [7]\n"
           "-hHTIMEOUT Repeat a DNS lookup after this many milliseconds [500]\n"
           "-cCTIMEOUT Give up connecting after this many milliseconds [900]\n"
           "             (0: do not connect; a name that resolves counts as up)\n"
           "-kKTIMEOUT Give up on the compile probe after this many milliseconds [1500]\n"
           "             (0: no compile probe)\n"
           "-mBITS     Skip hosts whose address differs from the first host found\n"
           "             in its first BITS bits (0..31) [0]\n"
           "-oOVERLAP  Number of extra DNS lookups to keep in flight [1]\n"
           "-gDNSGAP   Number of names that do not resolve to tolerate [0]\n"
           "-rPORT     Port to connect to [3632]\n"
           "-PPROTOCOL Protocol of the compile probe, 1-3; also chooses the ,lzo or\n"
           "             ,lzo,cpp suffix of each line [1]\n"
           "-pCOMPILER Probe each host by compiling a tiny file with COMPILER [none]\n"
           "-d         Append the DNS domain name to every name\n"
           "-v         Verbose (repeat as -v -v -v for more)\n"
           "\n"
           "Example:\n"
           "lsdistcc -l -pgcc\n"
           "lsdistcc -pgcc hosta somehost hostx hosty\n";
}

}  // namespace dcc::tools::lsdistcc
